"""Triage: reported → in analysis → measures → closed, causes, measures, audited changes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from zorgwijs.audit.models import AuditEntry
from zorgwijs.incidents.models import Incident, IncidentCause, IncidentMeasure, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(world, pump):
    with scopes_disabled():
        return Incident.objects.create(
            organisation=world.org_a,
            is_anonymous=True,
            occurred_at=timezone.now(),
            location="Kamer 4",
            department=world.cathlab,
            device=pump,
            category="device",
            outcome="no_harm",
            severity="none",
            what_happened="Pomp liep door na einde infuus.",
        )


def _url(world, name, incident, **kwargs):
    return reverse(
        f"incidents:{name}",
        kwargs={"org_slug": world.org_a.slug, "incident_id": incident.pk, **kwargs},
    )


def _status(incident):
    with scopes_disabled():
        return Incident.objects.get(pk=incident.pk).status


def _move(client, world, incident, to):
    return client.post(_url(world, "transition", incident), {"to": to})


def test_full_workflow_is_audited(world, as_, committee, incident):
    client = as_(committee)
    assert _move(client, world, incident, Status.IN_ANALYSIS).status_code == 302
    client.post(_url(world, "analysis", incident), {"method": "prisma", "summary": "Boom."})
    client.post(_url(world, "cause_add", incident), {"code": "TD", "description": "Geen alarm"})
    client.post(_url(world, "cause_add", incident), {"code": "HRC", "description": "Geen check"})
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    response = client.post(
        _url(world, "measure_add", incident),
        {"action": "Alarmtest bij start", "owner": world.employee_a.pk, "due_on": due},
    )
    assert response.status_code == 302
    assert _move(client, world, incident, Status.MEASURES).status_code == 302
    with scopes_disabled():
        measure = IncidentMeasure.objects.get(incident=incident)
        assert sorted(IncidentCause.objects.values_list("code", flat=True)) == ["HRC", "TD"]
    refused = _move(client, world, incident, Status.CLOSED)
    assert refused.status_code == 400
    assert "alle maatregelen klaar" in refused.content.decode()
    client.post(_url(world, "measure_done", incident, measure_id=measure.pk), {"done": "1"})
    assert _move(client, world, incident, Status.CLOSED).status_code == 302
    assert _status(incident) == Status.CLOSED
    changes = AuditEntry.objects.filter(
        action="incidents.incident.status_changed", object_id=str(incident.pk)
    )
    assert [e.data["to"] for e in changes.order_by("at", "id")] == [
        "in_analysis",
        "measures",
        "closed",
    ]
    assert all(e.actor_id == committee.user_id for e in changes)


@pytest.mark.parametrize("to", [Status.MEASURES, Status.CLOSED, Status.REPORTED, "nonsense"])
def test_only_allowed_transitions(world, as_, coordinator, incident, to):
    response = _move(as_(coordinator), world, incident, to)
    assert response.status_code == 400
    assert _status(incident) == Status.REPORTED
    assert not AuditEntry.objects.filter(action="incidents.incident.status_changed").exists()


def test_measures_phase_needs_analysis_causes_and_a_measure(world, as_, coordinator, incident):
    client = as_(coordinator)
    _move(client, world, incident, Status.IN_ANALYSIS)
    response = _move(client, world, incident, Status.MEASURES)
    assert response.status_code == 400
    assert "minstens één oorzaak" in response.content.decode()
    assert _status(incident) == Status.IN_ANALYSIS


def test_causes_cannot_be_added_before_analysis(world, as_, coordinator, incident):
    response = as_(coordinator).post(
        _url(world, "cause_add", incident), {"code": "TD", "description": "x"}
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not IncidentCause.objects.exists()


def test_patient_data_in_a_cause_is_refused(world, as_, coordinator, incident):
    client = as_(coordinator)
    _move(client, world, incident, Status.IN_ANALYSIS)
    response = client.post(
        _url(world, "cause_add", incident), {"code": "PRF", "description": "mevrouw Smit"}
    )
    assert response.status_code == 400
    assert "naam van een patiënt" in response.content.decode()


def test_measure_owner_must_be_a_member(world, as_, coordinator, incident):
    client = as_(coordinator)
    _move(client, world, incident, Status.IN_ANALYSIS)
    due = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        _url(world, "measure_add", incident),
        {"action": "Iets", "owner": world.outsider_b.pk, "due_on": due},
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not IncidentMeasure.objects.exists()


def test_list_filters(world, as_, coordinator, incident, pump):
    with scopes_disabled():
        Incident.objects.create(
            organisation=world.org_a,
            occurred_at=timezone.now(),
            location="OK 3",
            department=world.surgery,
            category="fall",
            outcome="harm",
            severity="moderate",
            what_happened="Val bij transfer.",
            status=Status.IN_ANALYSIS,
        )
    client = as_(coordinator)
    url = reverse("incidents:list", kwargs={"org_slug": world.org_a.slug})

    assert "2 meldingen" in client.get(url).content.decode()
    assert "1 melding" in client.get(url, {"status": "in_analysis"}).content.decode()
    assert "1 melding" in client.get(url, {"device": pump.pk}).content.decode()
    assert "1 melding" in client.get(url, {"department": world.surgery.pk}).content.decode()
    assert "1 melding" in client.get(url, {"severity": "moderate"}).content.decode()
    assert "0 meldingen" in client.get(url, {"severity": "death"}).content.decode()


def test_other_organisation_gets_404(world, as_, incident):
    with scopes_disabled():
        from tests.factories import give_role
        from zorgwijs.organisations.models import Role

        give_role(world.outsider_b, Role.COORDINATOR)
    client = as_(world.outsider_b)
    assert client.get(_url(world, "detail", incident)).status_code == 404
    own = reverse(
        "incidents:detail", kwargs={"org_slug": world.org_b.slug, "incident_id": incident.pk}
    )
    assert client.get(own).status_code == 404


def test_marking_a_measure_done_with_htmx_returns_the_table(world, as_, coordinator, incident):
    client = as_(coordinator)
    _move(client, world, incident, Status.IN_ANALYSIS)
    with scopes_disabled():
        measure = IncidentMeasure.objects.create(
            organisation=world.org_a,
            incident=incident,
            action="Alarmtest",
            owner=world.employee_a,
            due_on=timezone.localdate(),
        )
    response = client.post(
        _url(world, "measure_done", incident, measure_id=measure.pk),
        {"done": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="zw-measures">') and "Heropenen" in body
    with scopes_disabled():
        assert IncidentMeasure.objects.get(pk=measure.pk).done_on == timezone.localdate()


def test_a_measure_with_a_past_date_is_refused_at_the_field(world, as_, coordinator, incident):
    client = as_(coordinator)
    _move(client, world, incident, Status.IN_ANALYSIS)
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        _url(world, "measure_add", incident),
        {"action": "Alarmtest", "owner": world.employee_a.pk, "due_on": past},
    )
    assert response.status_code == 400
    assert "Deze datum ligt in het verleden." in response.content.decode()
    with scopes_disabled():
        assert not IncidentMeasure.objects.exists()
