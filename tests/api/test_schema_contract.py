"""The OpenAPI document describes what the API answers, and the API takes JSON at its word.

Two schemas of one name overwrote each other in the document (two ``ContactOut``, two
``AnswerOut``), so clients and schemathesis saw the wrong fields; and lax input types read
``"start_date": 0`` as 1 January 1970 and ``"all": 0`` as false."""

from __future__ import annotations

import datetime
import enum
import typing
import uuid
from decimal import Decimal

import pytest
from django.test import Client
from django_scopes import scopes_disabled
from ninja import Schema
from pydantic import TypeAdapter, ValidationError

from tests.incidents.conftest import pump  # noqa: F401 (fixture)
from tests.incidents.test_api import _body, _path
from zorgwijs.api.schemas import InputSchema
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


# Types JSON can only carry as text, which strict validation in Python mode refuses as text.
TEXT_IN_JSON = (enum.Enum, datetime.date, datetime.time, datetime.timedelta, uuid.UUID, Decimal)


def _text_types(annotation) -> list[type]:
    found = (
        [annotation]
        if isinstance(annotation, type) and issubclass(annotation, TEXT_IN_JSON)
        else []
    )
    return found + [t for arg in typing.get_args(annotation) for t in _text_types(arg)]


def test_every_strict_input_field_takes_what_json_can_carry():
    """A field of an enum or a date in an ``InputSchema`` must be lax for it (``IsoDate``,
    ``choice_field``), or every request would be refused: try each with its JSON text."""
    _document()
    samples = {datetime.date: "2026-01-01", datetime.datetime: "2026-01-01T10:00:00+01:00"}
    checked = 0
    for cls in _schemas_of_the_api():
        if not issubclass(cls, InputSchema):
            continue
        for name, field in cls.model_fields.items():
            for kind in _text_types(field.annotation):
                value = next(iter(kind)).value if issubclass(kind, enum.Enum) else samples.get(kind)
                assert value is not None, f"{cls.__name__}.{name}: add a sample for {kind}"
                adapter = TypeAdapter(cls)
                try:
                    adapter.validate_python({name: value}, strict=None)
                except ValidationError as error:
                    problems = [e for e in error.errors() if e["loc"][:1] == (name,)]
                    assert not problems, f"{cls.__name__}.{name}: {problems}"
                checked += 1
    assert checked >= 8


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
