"""Walk every API operation: each declares its access in the schema (``x-zorgwijs-access``)
and behaves accordingly for a stranger, a member without the capability and an admin."""

from __future__ import annotations

import re

import pytest

from zorgwijs.api.main import api
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.capabilities import MEMBER_CAPABILITIES, ROLE_CAPABILITIES

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

SCHEMA = api.get_openapi_schema()
ALL_OPERATIONS = [
    (method, path, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
]
# The operations of zorgwijs.organisations.api (other apps' routers walk their own).
ORGANISATION_TAGS = {"organisations", "departments", "job functions", "memberships", "roles"}
OPERATIONS = [op for op in ALL_OPERATIONS if set(op[2]["tags"]) <= ORGANISATION_TAGS]
# A valid body for each of those that takes one (a new write operation must be added here).
BODIES = {
    "departments_create": {"name": "Wandeling"},
    "departments_update": {"name": "Wandeling"},
    "departments_move": {"parent_id": None},
    "job_functions_create": {"name": "Wandeling"},
    "job_functions_update": {"code": "W"},
    "memberships_create": {"email": "wandeling@example.org", "full_name": "Wan Deling"},
    "memberships_update": {"employee_number": "W-1"},
    "membership_roles_set": {"roles": [{"role": "assessor"}]},
}


def _call(client: ApiClient, method: str, path: str, operation: dict, world):
    values = {
        "org_slug": world.org_a.slug,
        "membership_id": world.employee_a.pk,
        "department_id": world.cathlab.pk,
        "function_id": world.employee_a.job_function_id,
    }
    url = re.sub(r"{(\w+)}", lambda m: str(values[m.group(1)]), path).removeprefix("/api/v1")
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, BODIES[operation["operationId"]])


def _changes() -> int:
    return AuditEntry.objects.filter(kind="change").exclude(action__startswith="accounts.").count()


def test_every_operation_declares_its_access():
    for _method, path, operation in ALL_OPERATIONS:
        access = operation.get("x-zorgwijs-access")
        assert access, operation["operationId"]
        if access["scope"] == "organisation":
            assert path.startswith("/api/v1/organisations/{org_slug}"), path
            assert access["capability"] in MEMBER_CAPABILITIES | set().union(
                *ROLE_CAPABILITIES.values()
            )
        elif access["scope"] == "space":
            # Shared content (knowledge): reached through its space's access helper.
            assert path.startswith("/api/v1/knowledge/"), path
            assert "{" not in path or "{space_slug}" in path, path
        elif access["scope"] == "public":
            # Content anyone may read (projects, search): the isolation test checks that
            # anonymous and other callers never see organisation A's private samples.
            assert access == {"scope": "public"}, path
        else:
            assert access == {"scope": "personal"} and "{" not in path, path


def test_every_write_operation_has_a_body_here():
    writes = {op["operationId"] for method, _, op in OPERATIONS if method != "get"}
    assert writes == set(BODIES)


@pytest.mark.parametrize(
    ("method", "path", "operation"), OPERATIONS, ids=[op["operationId"] for _, _, op in OPERATIONS]
)
def test_operation_for_stranger_member_and_admin(world, as_actor, method, path, operation):
    access = operation["x-zorgwijs-access"]
    assert _call(ApiClient(None), method, path, operation, world).status_code == 401
    if access["scope"] == "organisation":
        stranger = _call(as_actor("outsider_b"), method, path, operation, world)
        assert stranger.status_code == 404
        assert stranger.json() == {"detail": "Niet gevonden."}
        member = _call(as_actor("employee_a"), method, path, operation, world)
        if access["capability"] in MEMBER_CAPABILITIES:
            assert member.status_code == 200
        else:
            assert member.status_code == 403
            assert member.json() == {"detail": "Je hebt geen toegang tot deze gegevens."}
        assert _changes() == 0
    admin = _call(as_actor("admin_a"), method, path, operation, world)
    assert admin.status_code in (200, 201), admin.json()
    assert _changes() == (0 if method == "get" else 1)
