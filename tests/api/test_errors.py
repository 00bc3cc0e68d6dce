"""Errors the framework raises before our code runs still answer in JSON."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import make_token


@pytest.mark.django_db
def test_a_body_over_the_upload_limit_is_a_json_400(client, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post(
        "/api/v1/projects/similar",
        data=json.dumps({"description": "x" * 4096}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {make_token(world.admin_a.user)}"},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Het verzoek is te groot."}
