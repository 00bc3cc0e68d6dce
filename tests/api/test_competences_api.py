"""/api/v1 competence operations: passports, team matrix, who is competent, compliance and
registering a qualification — three actors each, audit, bad input, flat query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import DeviceFactory, required_device
from tests.factories import DepartmentFactory, MembershipFactory
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.models import CompetenceRecord
from zorgwijs.competences.requirements import requirements_refresh
from zorgwijs.competences.services import qualification_register

pytestmark = pytest.mark.django_db
ORG = "/organisations/rivierenland"
TODAY = timezone.localdate()


@pytest.fixture
def pump(world):
    pump = required_device(world, "Infuuspomp Volumat", [world.cardiology, world.surgery])
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=pump,
            occurred_on=TODAY,
            evidence_kind="practical",
        )
    return pump


def _statuses(response) -> dict[str, str]:
    return {line["item"]["name"]: line["status"] for line in response.json()["lines"]}


def test_my_passport(pump, employee, outsider, manager):
    response = employee.get(f"{ORG}/me/passport")
    assert response.status_code == 200
    assert _statuses(response) == {"Infuuspomp Volumat": "valid"}
    assert response.json()["summary"]["competent"] == 1
    assert manager.get(f"{ORG}/me/passport").status_code == 200  # manager is in cardiology
    assert outsider.get(f"{ORG}/me/passport").status_code == 404


def test_member_passport_three_actors_and_audit(world, pump, admin, manager, employee, outsider):
    path = f"{ORG}/members/{world.employee_a.pk}/passport"
    response = manager.get(path)
    assert response.status_code == 200 and response.json()["full_name"] == "Eva Medewerker"
    assert AuditEntry.objects.filter(
        action="competences.passport.viewed",
        actor_id=world.manager_a.user_id,
        subject_user_id=world.employee_a.user_id,
    ).exists()
    assert admin.get(path).status_code == 200
    assert manager.get(f"{ORG}/members/{world.colleague_a.pk}/passport").status_code == 404
    forbidden = employee.get(path)
    assert forbidden.status_code == 403 and "toegang" in forbidden.json()["detail"]
    assert outsider.get(path).status_code == 404
    assert admin.get(f"{ORG}/members/{world.outsider_b.pk}/passport").status_code == 404


def test_team_matrix_filters_and_actors(world, pump, admin, manager, employee, outsider):
    response = admin.get(f"{ORG}/team-matrix")
    assert response.status_code == 200
    people = {p["full_name"]: p["cells"] for p in response.json()["people"]}
    assert people["Eva Medewerker"] == {str(pump.pk): "valid"}
    assert people["Carl Chirurg"] == {str(pump.pk): "missing"}
    missing = admin.get(f"{ORG}/team-matrix", status="missing").json()["people"]
    assert [p["full_name"] for p in missing] == ["Carl Chirurg", "Mark Leiding"]
    surgery = admin.get(f"{ORG}/team-matrix", department_id=world.surgery.pk).json()["people"]
    assert [p["full_name"] for p in surgery] == ["Carl Chirurg"]
    assert admin.get(f"{ORG}/team-matrix", kind="training").json()["people"] == []
    mine = manager.get(f"{ORG}/team-matrix").json()["people"]
    assert "Carl Chirurg" not in {p["full_name"] for p in mine}
    assert AuditEntry.objects.filter(
        action="competences.team_matrix.viewed", actor_id=world.manager_a.user_id
    ).exists()
    assert employee.get(f"{ORG}/team-matrix").status_code == 403
    assert outsider.get(f"{ORG}/team-matrix").status_code == 404


def test_team_matrix_bad_filters(world, pump, admin):
    assert admin.get(f"{ORG}/team-matrix", status="great").status_code == 422
    assert admin.get(f"{ORG}/team-matrix", department_id="x").status_code == 422
    with scopes_disabled():
        other = DepartmentFactory(organisation=world.org_b, name="Elders")
    response = admin.get(f"{ORG}/team-matrix", department_id=other.pk)
    assert response.status_code == 400 and "afdeling" in response.json()["detail"]


def test_who_is_competent(world, pump, admin, manager, employee, outsider):
    path = f"{ORG}/items/{pump.pk}/competent"
    body = manager.get(path).json()
    names = [p["full_name"] for d in body["departments"] for p in d["people"]]
    assert names == ["Eva Medewerker"] and body["item"]["name"] == "Infuuspomp Volumat"
    in_surgery = admin.get(path, department_id=world.surgery.pk).json()["departments"]
    in_heart_centre = admin.get(path, department_id=world.cardiology.pk).json()["departments"]
    assert in_surgery == [] and in_heart_centre[0]["people"][0]["full_name"] == "Eva Medewerker"
    far = (TODAY + datetime.timedelta(days=800)).isoformat()
    assert admin.get(path, on=far).json()["departments"] == []
    assert admin.get(path, on="31-12-2026").status_code == 422
    assert AuditEntry.objects.filter(
        action="competences.roster.viewed", subject_user_id=world.employee_a.user_id
    ).exists()
    assert employee.get(path).status_code == 403
    assert outsider.get(path).status_code == 404
    with scopes_disabled():
        elsewhere = DeviceFactory(organisation=world.org_b, name="Elders")
    assert admin.get(f"{ORG}/items/{elsewhere.pk}/competent").status_code == 404


def test_compliance(pump, admin, manager, employee, outsider):
    body = admin.get(f"{ORG}/compliance").json()
    assert (body["required"], body["competent"], body["percent"]) == (3, 1, 33.3)
    assert {d["department"] for d in body["departments"]} == {"Cathlab", "Chirurgie", "Hartcentrum"}
    assert manager.get(f"{ORG}/compliance").status_code == 403
    assert employee.get(f"{ORG}/compliance").status_code == 403
    assert outsider.get(f"{ORG}/compliance").status_code == 404


def _register(client, world, **body):
    return client.post(f"{ORG}/members/{world.colleague_a.pk}/qualifications", body)


def test_register_a_qualification(world, pump, admin, manager, employee, outsider):
    payload = {"item_id": pump.pk, "occurred_on": TODAY.isoformat(), "evidence_kind": "elearning"}
    response = _register(admin, world, **payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "valid" and body["evidence_kind"] == "elearning"
    with scopes_disabled():
        record = CompetenceRecord.objects.get(pk=body["id"])
    assert (record.source, record.registered_by_id) == ("api", world.admin_a.user_id)
    assert AuditEntry.objects.filter(
        action="competences.record.qualified", subject_user_id=world.colleague_a.user_id
    ).exists()
    assert _register(manager, world, **payload).status_code == 403
    assert _register(employee, world, **payload).status_code == 403
    assert _register(outsider, world, **payload).status_code == 404


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"occurred_on": (TODAY + datetime.timedelta(days=2)).isoformat()}, 400, "toekomst"),
        ({"occurred_on": (TODAY - datetime.timedelta(days=100)).isoformat()}, 400, "terugdatering"),
        ({"evidence_kind": "certificate"}, 400, "telt niet"),
        ({"valid_until": (TODAY + datetime.timedelta(days=30)).isoformat()}, 400, "reden"),
        ({"item_id": 987654}, 400, "bestaat niet"),
        ({"evidence_kind": "gevoel"}, 422, None),
        ({"surprise": 1}, 422, None),
    ],
)
def test_bad_registrations_change_nothing(world, pump, admin, change, status, words):
    with scopes_disabled():
        before = CompetenceRecord.objects.count()
    payload = {
        "item_id": pump.pk,
        "occurred_on": TODAY.isoformat(),
        "evidence_kind": "elearning",
        **change,
    }
    response = _register(admin, world, **payload)
    assert response.status_code == status, response.content
    if words:
        assert words in response.json()["detail"]
    with scopes_disabled():
        assert CompetenceRecord.objects.count() == before


def _count(client, path: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **params)
    assert response.status_code == 200, response.content
    return len(captured)


def _grow(world, pump, n: int) -> None:
    with scopes_disabled():
        for _ in range(n):
            MembershipFactory(organisation=world.org_a, primary_department=world.cathlab)
    with scope(organisation=world.org_a.pk):
        requirements_refresh(organisation=world.org_a)


@pytest.mark.parametrize(
    "path",
    [
        "/team-matrix",
        "/compliance",
        "/items/{item}/competent",
        "/members/{member}/passport",
        "/me/passport",
    ],
)
def test_query_counts_do_not_grow(world, pump, admin, path):
    path = ORG + path.format(item=pump.pk, member=world.employee_a.pk)
    _grow(world, pump, 2)
    small = _count(admin, path)
    _grow(world, pump, 8)
    assert _count(admin, path) == small <= 20
