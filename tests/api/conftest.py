"""Fixtures for the API tests: personal access tokens and a JSON client per actor."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from zorgwijs.accounts.services import access_token_create, access_token_revoke

API = "/api/v1"


def make_token(user, *, expires_in: datetime.timedelta | None = None, revoked=False) -> str:
    """A personal access token made by the accounts service; returns its secret."""
    expires_at = timezone.now() + expires_in if expires_in is not None else None
    token, secret = access_token_create(user=user, name="test", expires_at=expires_at)
    if revoked:
        access_token_revoke(actor=user, token=token)
    return secret


class ApiClient:
    """Calls the API with a Bearer token, sending and decoding JSON."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, body=None, **params):
        kwargs = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        elif params:
            kwargs["data"] = params
        return getattr(self.client, method)(API + path, **kwargs)

    def get(self, path: str, **params):
        return self._call("get", path, **params)

    def post(self, path: str, body=None):
        return self._call("post", path, body if body is not None else {})

    def patch(self, path: str, body):
        return self._call("patch", path, body)

    def put(self, path: str, body):
        return self._call("put", path, body)


@pytest.fixture
def as_actor(world):
    """``as_actor("admin_a")``: an API client authenticated as one of the world's members."""

    def make(name: str) -> ApiClient:
        return ApiClient(make_token(getattr(world, name).user))

    return make


@pytest.fixture
def admin(as_actor):
    return as_actor("admin_a")


@pytest.fixture
def employee(as_actor):
    return as_actor("employee_a")


@pytest.fixture
def manager(as_actor):
    return as_actor("manager_a")


@pytest.fixture
def outsider(as_actor):
    return as_actor("outsider_b")
