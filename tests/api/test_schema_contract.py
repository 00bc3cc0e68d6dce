"""The OpenAPI document describes what the API answers, and the API takes JSON at its word.

Two schemas of one name overwrote each other in the document (two ``ContactOut``, two
``AnswerOut``), so clients and schemathesis saw the wrong fields; and lax input types read
``"start_date": 0`` as 1 January 1970 and ``"all": 0`` as false."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django_scopes import scopes_disabled
from ninja import Schema

from tests.incidents.conftest import pump  # noqa: F401 (fixture)
from tests.incidents.test_api import _body, _path
from zorgwijs.organisations.models import Membership

pytestmark = pytest.mark.django_db


def _document() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _schemas_of_the_api() -> list[type[Schema]]:
    found, todo = [], list(Schema.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("zorgwijs."):
            found.append(cls)
    return found


def test_every_schema_of_the_document_is_the_class_of_that_name():
    _document()  # builds every router, so every schema class is defined
    classes = _schemas_of_the_api()
    names = [cls.__name__ for cls in classes]
    assert sorted({n for n in names if names.count(n) > 1}) == []
    components = _document()["components"]["schemas"]
    for cls in classes:
        if cls.__name__ in components:
            fields = {f.alias or name for name, f in cls.model_fields.items()}
            assert set(components[cls.__name__].get("properties", {})) == fields, cls


def test_contact_requests_and_project_contacts_have_their_own_schemas():
    document = _document()
    ok = document["paths"]["/api/v1/contact-requests"]["post"]["responses"]["201"]
    ref = ok["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "direction" in document["components"]["schemas"][ref]["properties"]
    assert "role" in document["components"]["schemas"]["ProjectContactOut"]["properties"]


def test_a_number_is_no_date(world, admin):
    people = f"/organisations/{world.org_a.slug}/memberships"
    person = {"email": "nina@example.org", "full_name": "Nina Nieuw"}
    assert admin.post(people, {**person, "start_date": 0}).status_code == 422
    assert admin.post(people, {**person, "start_date": 1767225600}).status_code == 422
    response = admin.post(people, {**person, "start_date": "2026-01-01"})
    assert response.status_code == 201, response.content
    with scopes_disabled():
        nina = Membership.objects.get(user__email="nina@example.org")
    assert nina.start_date == datetime.date(2026, 1, 1)


def test_a_number_is_no_moment(world, employee, pump):  # noqa: F811 (fixture)
    assert employee.post(_path(world), _body(world, pump, occurred_at=0)).status_code == 422


def test_a_number_is_no_boolean_and_text_no_number(world, employee, pump):  # noqa: F811
    assert employee.post("/notifications/read", {"all": 0}).status_code == 422
    assert employee.post("/notifications/read", {"all": "true"}).status_code == 422
    assert employee.post("/notifications/read", {"all": True}).status_code == 200
    assert employee.post(_path(world), _body(world, pump, anonymous=1)).status_code == 422
    body = _body(world, pump, department_id=str(world.cathlab.pk))
    assert employee.post(_path(world), body).status_code == 422
