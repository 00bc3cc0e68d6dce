"""The incidents API: reporting (anonymous honoured), my reports, triage reads, lessons."""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.api.conftest import ApiClient, make_token
from tests.isolation.urlwalk import people_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.incidents.models import Incident, Lesson

pytestmark = pytest.mark.django_db


def _client(membership) -> ApiClient:
    return ApiClient(make_token(membership.user))


def _body(world, pump, **overrides):
    body = {
        "occurred_at": (timezone.now() - datetime.timedelta(hours=3)).isoformat(),
        "location": "Cathlab zaal 1",
        "department_id": world.cathlab.pk,
        "device_id": pump.pk,
        "category": "device",
        "outcome": "near_miss",
        "severity": "none",
        "what_happened": "Contrastpomp gaf\nluchtalarm te laat.",
    }
    body.update(overrides)
    return body


def _path(world, rest=""):
    return f"/organisations/{world.org_a.slug}/incidents{rest}"


def test_anonymous_report_through_the_api_reveals_nobody(world, pump, coordinator):
    response = _client(world.employee_a).post(_path(world), _body(world, pump, anonymous=True))
    assert response.status_code == 201, response.content
    incident_id = response.json()["id"]
    with scopes_disabled():
        incident = Incident.objects.get(pk=incident_id)
    assert incident.reporter_id is None and incident.is_anonymous
    assert not AuditEntry.objects.filter(action="incidents.incident.reported").exists()
    about = AuditEntry.objects.filter(object_type="incidents.incident", object_id=str(incident_id))
    assert not about.exists()
    assert _client(world.employee_a).get(_path(world, "/mine")).json() == []
    triage = _client(coordinator)
    for path in (_path(world), _path(world, f"/{incident_id}")):
        answer = triage.get(path)
        assert answer.status_code == 200
        assert people_in(answer.content.decode(), [world.employee_a]) == []
    assert triage.get(_path(world, f"/{incident_id}")).json()["reporter"] is None


def test_named_report_shows_in_mine_and_to_triage(world, pump, committee):
    response = _client(world.employee_a).post(_path(world), _body(world, pump))
    assert response.status_code == 201
    [mine] = _client(world.employee_a).get(_path(world, "/mine")).json()
    assert mine["status"] == "reported" and mine["device"]["name"] == "Infuuspomp Agilia"
    detail = _client(committee).get(_path(world, f"/{mine['id']}")).json()
    assert detail["reporter"] == "Eva Medewerker"
    assert detail["what_happened"] == "Contrastpomp gaf\nluchtalarm te laat."


def test_patient_data_is_refused_per_field(world, pump):
    body = _body(
        world,
        pump,
        what_happened="Bij mw. Pietersen ging het mis.",
        prevention_idea="BSN 111222333",
    )
    response = _client(world.employee_a).post(_path(world), body)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"what_happened", "prevention_idea"}
    with scopes_disabled():
        assert not Incident.objects.exists()


def test_naive_moment_is_read_as_local_time_and_nonsense_refused(world, pump):
    client = _client(world.employee_a)
    naive = (timezone.localtime() - datetime.timedelta(hours=1)).replace(tzinfo=None)
    assert (
        client.post(_path(world), _body(world, pump, occurred_at=naive.isoformat())).status_code
        == 201
    )
    for moment in ("0001-01-01T00:00:00+14:00", "2099-01-01T00:00:00", "2001-01-01T00:00:00"):
        response = client.post(_path(world), _body(world, pump, occurred_at=moment))
        assert response.status_code == 400, moment


def test_admin_manager_and_employee_cannot_read_triage(world):
    for membership in (world.admin_a, world.manager_a, world.employee_a):
        assert _client(membership).get(_path(world)).status_code == 403


def test_outsider_gets_404(world, pump):
    client = _client(world.outsider_b)
    assert client.get(_path(world, "/mine")).status_code == 404
    assert client.post(_path(world), _body(world, pump)).status_code == 404


def test_lessons_read(world):
    with scopes_disabled():
        lesson = Lesson.objects.create(
            organisation=world.org_a, title="Les", summary="s", learned="l", visibility="network"
        )
    client = _client(world.employee_a)
    assert [item["title"] for item in client.get(_path(world, "/lessons")).json()] == ["Les"]
    assert client.get(_path(world, f"/lessons/{lesson.pk}")).json()["visibility"] == "network"
    assert client.get(_path(world, f"/lessons/{lesson.pk + 1}")).status_code == 404
