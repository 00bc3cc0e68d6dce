"""/api/v1/needs: reads as public operations, create in the organisation, "ik ook"."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.signin import sign_in
from zorgwijs.api.main import api
from zorgwijs.needs.models import MeToo, Need

pytestmark = pytest.mark.django_db


def test_operations_are_in_the_openapi_document():
    schema = api.get_openapi_schema()
    ids = {op["operationId"] for methods in schema["paths"].values() for op in methods.values()}
    assert {
        "needs_list",
        "needs_get",
        "needs_overview",
        "needs_me_too_add",
        "needs_me_too_remove",
        "needs_create",
    } <= ids


def test_list_and_read_only_what_the_caller_may_see(world, content):
    anonymous = Client().get("/api/v1/needs").json()
    assert [n["title"] for n in anonymous["results"]] == ["Hoe voorkomen we vallen thuis?"]
    assert anonymous["results"][0]["author"] is None
    assert Client().get(f"/api/v1/needs/{content.private.pk}").status_code == 404
    member = sign_in(Client(), world.colleague_a.user)
    data = member.get(f"/api/v1/needs/{content.private.pk}").json()
    assert data["author"] == "Eva Medewerker" and data["themes"] == ["valpreventie"]
    outsider = sign_in(Client(), world.outsider_b.user)
    titles = {n["title"] for n in outsider.get("/api/v1/needs").json()["results"]}
    assert "Interne valvraag Rivierenland" not in titles
    filtered = member.get("/api/v1/needs", {"kind": "knelpunt"}).json()
    assert filtered["total"] == 0
    assert member.get("/api/v1/needs", {"kind": "klacht"}).status_code == 422


def test_overview_counts_over_what_the_caller_may_see(world, content):
    anonymous = Client().get("/api/v1/needs/overview").json()
    falls = next(t for t in anonymous["themes"] if t["theme"] == "valpreventie")
    assert (falls["projects"], falls["needs"]) == (1, 1)
    member = sign_in(Client(), world.employee_a.user).get("/api/v1/needs/overview").json()
    falls = next(t for t in member["themes"] if t["theme"] == "valpreventie")
    assert (falls["projects"], falls["needs"]) == (2, 3)
    outsider = sign_in(Client(), world.outsider_b.user)
    body = outsider.get("/api/v1/needs/overview", {"region": "Rivierenland"}).json()
    assert next(t for t in body["themes"] if t["theme"] == "valpreventie")["needs"] == 1


def test_create_in_the_organisation(world, themes):
    client = sign_in(Client(), world.employee_a.user)
    url = f"/api/v1/organisations/{world.org_a.slug}/needs"
    body = {
        "kind": "knelpunt",
        "title": "Kennis blijft hangen",
        "themes": ["anders-werken"],
        "visibility": "network",
        "region": "Rivierenland",
    }
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "open" and response.json()["me_too"] == 0
    bad = client.post(
        url, json.dumps({**body, "themes": ["bestaat-niet"]}), content_type="application/json"
    )
    assert bad.status_code == 400 and "themes" in bad.json()["errors"]
    blank = client.post(url, json.dumps({**body, "title": "   "}), content_type="application/json")
    assert blank.status_code == 400 and "title" in blank.json()["errors"]
    extra = client.post(url, json.dumps({**body, "author": 1}), content_type="application/json")
    assert extra.status_code == 422
    outsider = sign_in(Client(), world.outsider_b.user)
    assert outsider.post(url, json.dumps(body), content_type="application/json").status_code == 404
    assert Need.objects.count() == 1


def test_me_too(world, content):
    url = f"/api/v1/needs/{content.public.pk}/me-too"
    assert Client().post(url).status_code == 401
    client = sign_in(Client(), world.colleague_a.user)
    assert client.post(url).json() == {"me_too": 1, "mine": True}
    assert client.post(url).json() == {"me_too": 1, "mine": True}
    assert client.delete(url).json() == {"me_too": 0, "mine": False}
    own = sign_in(Client(), world.employee_a.user).post(url)
    assert own.status_code == 400
    outsider = sign_in(Client(), world.outsider_b.user)
    assert outsider.post(f"/api/v1/needs/{content.private.pk}/me-too").status_code == 404
    assert not MeToo.objects.exists()


def test_me_too_by_session_needs_csrf(world, content):
    client = sign_in(Client(enforce_csrf_checks=True), world.colleague_a.user)
    response = client.post(f"/api/v1/needs/{content.public.pk}/me-too")
    assert response.status_code == 403 and not MeToo.objects.exists()


def test_list_query_count_does_not_grow_with_the_page(world, content):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zorgwijs.needs.models import NeedAnswer

    from .helpers import make_need

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get("/api/v1/needs").status_code == 200
        return len(captured)

    NeedAnswer.objects.create(need=content.public, project=content.public_project)
    few = queries()
    for n in range(6):
        need = make_need(world.admin_a, f"Extra vraag {n}")
        NeedAnswer.objects.create(need=need, project=content.public_project)
    assert queries() == few
