"""Reporting: every member may report, optionally anonymously; patient data is refused."""

import csv

import pytest
from django.db.models import Q
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.incidents.conftest import report_data
from tests.isolation.urlwalk import people_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.incidents.models import Incident

pytestmark = pytest.mark.django_db


def _url(world, name, **kwargs):
    return reverse(f"incidents:{name}", kwargs={"org_slug": world.org_a.slug, **kwargs})


def _incidents():
    with scopes_disabled():
        return list(Incident.objects.all())


def test_form_warns_not_to_enter_patient_data(world, as_):
    response = as_(world.employee_a).get(_url(world, "report"))
    assert response.status_code == 200
    assert "Geen patiëntgegevens invullen." in response.content.decode()


def test_named_report_is_stored_and_shows_in_my_reports(world, as_, pump):
    client = as_(world.employee_a)
    response = client.post(_url(world, "report"), report_data(world, pump))
    assert response.status_code == 302, response.content.decode()
    [incident] = _incidents()
    assert incident.reporter == world.employee_a.user
    assert incident.device == pump and incident.department == world.cathlab
    page = client.get(_url(world, "mine")).content.decode()
    assert "Infuuspomp Agilia" in page and "Gemeld" in page


def test_patient_identifier_is_refused_at_the_field_and_the_text_kept(world, as_, pump):
    text = "Patiënt Jansen (BSN 111222333) kreeg geen alarm."
    data = report_data(world, pump, what_happened=text, prevention_idea="geboren 12-03-1948")
    response = as_(world.employee_a).post(_url(world, "report"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "burgerservicenummer" in body and "geboortedatum" in body
    assert 'id="id_what_happened-error"' in body and 'id="id_prevention_idea-error"' in body
    assert "Behandelkamer 2" in body and "geboren 12-03-1948" in body
    assert "Patiënt Jansen (BSN 111222333) kreeg geen alarm." in body
    assert _incidents() == []


def test_department_and_device_must_be_the_organisations_own(world, as_, pump):
    with scopes_disabled():
        from tests.competences.factories import DeviceFactory
        from tests.factories import DepartmentFactory

        foreign_device = DeviceFactory(organisation=world.org_b)
        foreign_department = DepartmentFactory(organisation=world.org_b)
    data = report_data(world, device=str(foreign_device.pk), department=str(foreign_department.pk))
    response = as_(world.employee_a).post(_url(world, "report"), data)
    assert response.status_code == 400
    assert _incidents() == []


def test_harm_needs_a_severity(world, as_):
    data = report_data(world, outcome="harm", severity="none")
    response = as_(world.employee_a).post(_url(world, "report"), data)
    assert response.status_code == 400
    assert "Bij schade hoort een ernst" in response.content.decode()


def test_event_in_the_future_is_refused(world, as_):
    response = as_(world.employee_a).post(
        _url(world, "report"), report_data(world, occurred_at="2099-01-01T10:00")
    )
    assert response.status_code == 400
    assert _incidents() == []


# --- Anonymity -------------------------------------------------------------------------------


@pytest.fixture
def anonymous_incident(world, as_, pump):
    response = as_(world.employee_a).post(
        _url(world, "report"), report_data(world, pump, anonymous="on")
    )
    assert response.status_code == 302
    [incident] = _incidents()
    return incident


def test_anonymous_report_stores_no_reporter(world, anonymous_incident):
    assert anonymous_incident.reporter_id is None and anonymous_incident.is_anonymous
    # No audit entry at all: not with the reporter, not without (docs/incidents.md).
    about = AuditEntry.objects.filter(
        object_type="incidents.incident", object_id=str(anonymous_incident.pk)
    )
    assert not about.exists()
    assert not AuditEntry.objects.filter(action="incidents.incident.reported").exists()
    user = world.employee_a.user
    # Signing in is logged (by the accounts app); nothing the person did after it is.
    assert (
        not AuditEntry.objects.filter(actor_id=user.pk)
        .exclude(action="accounts.signed_in")
        .exists()
    )


def test_anonymous_report_is_not_in_my_reports(world, as_, anonymous_incident):
    page = as_(world.employee_a).get(_url(world, "mine")).content.decode()
    assert "Je hebt nog geen meldingen met je naam gedaan." in page


def test_coordinator_never_sees_the_anonymous_reporter(world, as_, coordinator, anonymous_incident):
    client = as_(coordinator)
    for url in (
        _url(world, "list"),
        _url(world, "detail", incident_id=anonymous_incident.pk),
        _url(world, "trends"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert people_in(response.content.decode(), [world.employee_a]) == []
    detail = client.get(_url(world, "detail", incident_id=anonymous_incident.pk))
    assert "Anoniem" in detail.content.decode()


def test_admin_audit_log_and_export_do_not_reveal_the_anonymous_reporter(
    world, as_, anonymous_incident
):
    client = as_(world.admin_a)
    for name in ("audit:log", "audit:export"):
        response = client.get(
            reverse(f"organisations:{name}", kwargs={"org_slug": world.org_a.slug})
        )
        assert response.status_code == 200
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert "incidents.incident.reported" not in body
        assert people_in(body, [world.employee_a]) == []
    trends = client.get(_url(world, "trends"))
    assert (
        trends.status_code == 200 and people_in(trends.content.decode(), [world.employee_a]) == []
    )
    assert client.get(_url(world, "detail", incident_id=anonymous_incident.pk)).status_code == 403


def test_coordinator_sees_a_named_reporter_but_the_audit_log_never_links_them(
    world, as_, coordinator, pump
):
    as_(world.employee_a).post(_url(world, "report"), report_data(world, pump))
    [incident] = _incidents()
    response = as_(coordinator).get(_url(world, "detail", incident_id=incident.pk))
    assert "Eva Medewerker" in response.content.decode()
    viewed = AuditEntry.objects.get(action="incidents.incident.viewed")
    assert viewed.object_id == str(incident.pk) and viewed.actor_id == coordinator.user_id
    reporter = world.employee_a.user_id
    assert AuditEntry.objects.filter(action="incidents.incident.reported", actor_id=reporter)
    linked = AuditEntry.objects.filter(object_id=str(incident.pk)).filter(
        Q(actor_id=reporter) | Q(subject_user_id=reporter)
    )
    assert not linked.exists()
    export = as_(world.admin_a).get(
        reverse("organisations:audit:export", kwargs={"org_slug": world.org_a.slug})
    )
    rows = list(csv.DictReader(b"".join(export.streaming_content).decode("utf-8-sig").splitlines()))
    about_incident = [
        r
        for r in rows
        if r["soort_gegevens"] == "incidents.incident" and r["gegevens_id"] == str(incident.pk)
    ]
    assert about_incident
    assert all(people_in(",".join(r.values()), [world.employee_a]) == [] for r in about_incident)


def test_admin_and_manager_cannot_triage(world, as_, anonymous_incident):
    for membership in (world.admin_a, world.manager_a, world.employee_a):
        client = as_(membership)
        assert client.get(_url(world, "list")).status_code == 403
        assert (
            client.get(_url(world, "detail", incident_id=anonymous_incident.pk)).status_code == 403
        )


def test_export_never_names_a_reporter(world, as_, coordinator, pump):
    as_(world.employee_a).post(_url(world, "report"), report_data(world, pump))
    as_(world.colleague_a).post(_url(world, "report"), report_data(world, pump, anonymous="on"))
    response = as_(coordinator).get(_url(world, "export"), {"status": "reported"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(body.splitlines()))
    assert len(rows) == 2 and {r["apparaat"] for r in rows} == {"Infuuspomp Agilia"}
    assert people_in(body, [world.employee_a, world.colleague_a]) == []
    entry = AuditEntry.objects.get(action="incidents.incidents.exported")
    assert entry.actor_id == coordinator.user_id and entry.data == {
        "filters": {"status": "reported"}
    }
    assert as_(world.admin_a).get(_url(world, "export")).status_code == 403


def _audit_csv(client, world) -> list[dict[str, str]]:
    export = client.get(
        reverse("organisations:audit:export", kwargs={"org_slug": world.org_a.slug})
    )
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(text.splitlines()))


def test_anonymous_report_adds_nothing_to_the_audit_log(world, as_, pump):
    """The probe: Eva reports with her name and, seconds later, anonymously. Before, the log
    listed the anonymous report's id at 13:05:32 next to her own entry of 13:05:31. Now the
    admin's log and export are exactly what they would have been without the anonymous
    report."""
    admin = as_(world.admin_a)
    eva = as_(world.employee_a)
    eva.post(_url(world, "report"), report_data(world, pump))
    before = [r for r in _audit_csv(admin, world) if r["handeling"] != "audit.log.exported"]
    assert any(r["handeling"] == "incidents.incident.reported" for r in before)
    eva.post(_url(world, "report"), report_data(world, pump, anonymous="on"))
    with scopes_disabled():
        [anonymous] = Incident.objects.filter(is_anonymous=True)
    after = [r for r in _audit_csv(admin, world) if r["handeling"] != "audit.log.exported"]
    new = [r for r in after if r not in before]
    assert new == []
    incident_rows = [r for r in after if r["soort_gegevens"] == "incidents.incident"]
    assert not [r for r in incident_rows if r["gegevens_id"] == str(anonymous.pk)]
    page = admin.get(reverse("organisations:audit:log", kwargs={"org_slug": world.org_a.slug}))
    assert page.content.decode().count("incidents.incident.reported") == 1
