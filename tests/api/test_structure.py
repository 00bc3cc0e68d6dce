"""Organisations, departments and job functions for the three actors (and the manager)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests.factories import DepartmentFactory, JobFunctionFactory
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import Department, JobFunction

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Niet gevonden."}
FORBIDDEN = {"detail": "Je hebt geen toegang tot deze gegevens."}


def _org(world) -> str:
    return f"/organisations/{world.org_a.slug}"


def _department_names(world) -> list[str]:
    with scopes_disabled():
        return list(
            Department.objects.filter(organisation=world.org_a).values_list("name", flat=True)
        )


# Organisations ---------------------------------------------------------------------------------


def test_list_of_my_organisations_is_personal(world, admin, outsider):
    assert [o["slug"] for o in admin.get("/organisations").json()] == ["rivierenland"]
    assert [o["slug"] for o in outsider.get("/organisations").json()] == ["noorderzorg"]


def test_organisation_detail_shows_my_roles(world, admin, employee, manager):
    body = admin.get(_org(world)).json()
    assert body["name"] == "Rivierenland Ziekenhuis"
    assert body["kind_label"] == "Ziekenhuis"
    assert body["roles"] == ["admin"] and "structure.manage" in body["capabilities"]
    assert body["membership_id"] == world.admin_a.pk
    assert employee.get(_org(world)).json()["roles"] == []
    assert manager.get(_org(world)).json()["roles"] == ["manager"]


def test_outsider_cannot_tell_a_foreign_organisation_from_a_missing_one(world, outsider):
    foreign = outsider.get(_org(world))
    missing = outsider.get("/organisations/bestaat-niet")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json() == NOT_FOUND


# Departments -----------------------------------------------------------------------------------


def test_departments_list_with_tree_info(world, employee):
    response = employee.get(f"{_org(world)}/departments")
    assert response.status_code == 200
    tree = {d["name"]: d for d in response.json()}
    assert tree["Cathlab"]["parent_id"] == world.cardiology.pk
    assert tree["Cathlab"]["depth"] == 1
    assert tree["Cathlab"]["path"] == f"/{world.cardiology.pk}/{world.cathlab.pk}/"
    assert tree["Hartcentrum"]["child_count"] == 1
    assert tree["Chirurgie"]["child_count"] == 0


@pytest.mark.parametrize("path", ["/departments", "/job-functions", ""])
def test_outsider_gets_404_on_every_structure_read(world, outsider, path):
    response = outsider.get(_org(world) + path)
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_department_detail_and_other_organisations_department(world, employee, outsider):
    assert employee.get(f"{_org(world)}/departments/{world.cathlab.pk}").json()["depth"] == 1
    with scopes_disabled():
        foreign = DepartmentFactory(organisation=world.org_b, name="Elders")
    assert employee.get(f"{_org(world)}/departments/{foreign.pk}").status_code == 404
    assert outsider.get(f"{_org(world)}/departments/{world.cathlab.pk}").status_code == 404


def test_admin_creates_department_under_a_parent(world, admin):
    response = admin.post(
        f"{_org(world)}/departments",
        {"name": "  Hartbewaking ", "code": "HB", "parent_id": world.cardiology.pk},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Hartbewaking" and body["code"] == "HB"
    assert body["depth"] == 1 and body["path"].startswith(f"/{world.cardiology.pk}/")
    entry = AuditEntry.objects.get(action="organisations.department.created")
    assert entry.kind == "change" and entry.actor_id == world.admin_a.user_id
    assert entry.organisation_id == world.org_a.pk


@pytest.mark.parametrize(
    ("actor", "status"), [("employee", 403), ("manager", 403), ("outsider", 404)]
)
def test_only_structure_managers_create_departments(world, request, actor, status):
    client = request.getfixturevalue(actor)
    response = client.post(f"{_org(world)}/departments", {"name": "Spoed"})
    assert response.status_code == status
    assert response.json() == (FORBIDDEN if status == 403 else NOT_FOUND)
    assert "Spoed" not in _department_names(world)


def test_duplicate_department_name_is_a_conflict(world, admin):
    top = admin.post(f"{_org(world)}/departments", {"name": "Chirurgie"})
    assert top.status_code == 409
    assert top.json()["errors"] == {"name": ["Er is al een afdeling met deze naam op deze plek."]}
    child = admin.post(
        f"{_org(world)}/departments", {"name": "Cathlab", "parent_id": world.cardiology.pk}
    )
    assert child.status_code == 409
    # The same name elsewhere in the tree is fine.
    elsewhere = admin.post(
        f"{_org(world)}/departments", {"name": "Cathlab", "parent_id": world.surgery.pk}
    )
    assert elsewhere.status_code == 201


def test_invalid_department_changes_nothing(world, admin):
    before = sorted(_department_names(world))
    with scopes_disabled():
        foreign = DepartmentFactory(organisation=world.org_b, name="Elders")
    wrong_parent = admin.post(f"{_org(world)}/departments", {"name": "X", "parent_id": foreign.pk})
    assert wrong_parent.status_code == 400
    assert wrong_parent.json()["errors"] == {"parent_id": ["Onbekende afdeling."]}
    assert admin.post(f"{_org(world)}/departments", {"name": "   "}).status_code == 422
    assert admin.post(f"{_org(world)}/departments", {"name": "a\x00b"}).status_code == 422
    assert admin.post(f"{_org(world)}/departments", {"name": "x" * 151}).status_code == 422
    assert sorted(_department_names(world)) == before
    assert not AuditEntry.objects.filter(kind="change", action__contains="department").exists()


def test_admin_renames_department(world, admin, employee):
    url = f"{_org(world)}/departments/{world.surgery.pk}"
    response = admin.patch(url, {"name": "Heelkunde"})
    assert response.status_code == 200
    assert response.json()["name"] == "Heelkunde" and response.json()["code"] == ""
    assert admin.patch(url, {"name": "Hartcentrum"}).status_code == 409
    assert employee.patch(url, {"name": "Mag niet"}).status_code == 403
    # Not an object, or a misspelt field: refused, not silently ignored.
    assert admin.patch(url, 0).status_code == 422
    assert admin.patch(url, {"nmae": "Typo"}).status_code == 422
    assert "Mag niet" not in _department_names(world)


def test_move_department_with_its_subtree(world, admin):
    url = f"{_org(world)}/departments/{world.cardiology.pk}/move"
    response = admin.post(url, {"parent_id": world.surgery.pk})
    assert response.status_code == 200
    assert response.json()["depth"] == 1
    cathlab = admin.get(f"{_org(world)}/departments/{world.cathlab.pk}").json()
    assert cathlab["path"] == f"/{world.surgery.pk}/{world.cardiology.pk}/{world.cathlab.pk}/"
    assert cathlab["depth"] == 2
    assert AuditEntry.objects.filter(action="organisations.department.moved").count() == 1

    back = admin.post(url, {"parent_id": None})
    assert (
        back.status_code == 200 and back.json()["depth"] == 0 and back.json()["parent_id"] is None
    )


def test_department_cannot_move_under_itself(world, admin, manager):
    url = f"{_org(world)}/departments/{world.cardiology.pk}/move"
    for target in (world.cardiology.pk, world.cathlab.pk):
        response = admin.post(url, {"parent_id": target})
        assert response.status_code == 400
        assert response.json()["detail"] == "Een afdeling kan niet onder zichzelf vallen."
    assert admin.post(url, {}).status_code == 422  # parent_id is required (null: to the top)
    assert manager.post(url, {"parent_id": None}).status_code == 403
    assert admin.get(f"{_org(world)}/departments/{world.cardiology.pk}").json()["depth"] == 0


# Job functions ---------------------------------------------------------------------------------


def test_job_functions_for_members(world, employee, manager, outsider):
    for client in (employee, manager):
        response = client.get(f"{_org(world)}/job-functions")
        assert [f["name"] for f in response.json()] == ["Verpleegkundige"]
    function_id = world.employee_a.job_function_id
    detail = employee.get(f"{_org(world)}/job-functions/{function_id}")
    assert detail.json() == {
        "id": function_id,
        "name": "Verpleegkundige",
        "code": "",
        "big_registered": False,
    }
    assert outsider.get(f"{_org(world)}/job-functions/{function_id}").status_code == 404


def test_admin_creates_and_updates_job_functions(world, admin, employee):
    url = f"{_org(world)}/job-functions"
    created = admin.post(url, {"name": "Arts", "big_registered": True})
    assert created.status_code == 201 and created.json()["big_registered"] is True
    function_id = created.json()["id"]
    assert admin.post(url, {"name": "Arts"}).status_code == 409
    updated = admin.patch(f"{url}/{function_id}", {"code": "A1"})
    assert updated.json() == {
        "id": function_id,
        "name": "Arts",
        "code": "A1",
        "big_registered": True,
    }
    assert admin.patch(f"{url}/{function_id}", {"name": "Verpleegkundige"}).status_code == 409
    assert admin.patch(f"{url}/{function_id}", {"name": None}).status_code == 422
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"organisations.job_function.created", "organisations.job_function.updated"} <= actions

    assert employee.post(url, {"name": "Schoonmaker"}).status_code == 403
    assert employee.patch(f"{url}/{function_id}", {"name": "X"}).status_code == 403
    with scopes_disabled():
        assert set(JobFunction.objects.values_list("name", flat=True)) == {
            "Arts",
            "Verpleegkundige",
        }


def test_job_function_of_another_organisation_is_not_found(world, admin):
    with scopes_disabled():
        foreign = JobFunctionFactory(organisation=world.org_b, name="Elders")
    url = f"{_org(world)}/job-functions/{foreign.pk}"
    assert admin.get(url).status_code == 404
    assert admin.patch(url, {"name": "Gekaapt"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Elders"
