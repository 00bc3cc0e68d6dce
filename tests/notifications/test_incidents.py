"""Incident notifications: only the triage roles of the organisation, never the reporter's
identity, and the incident services still behave as before."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import give_role
from zorgwijs.incidents.models import Incident
from zorgwijs.incidents.services import IncidentReport, incident_report, incident_transition
from zorgwijs.incidents.signals import incident_event
from zorgwijs.notifications.models import Follow, Notification
from zorgwijs.notifications.services import follow_set
from zorgwijs.notifications.targets import may_read
from zorgwijs.organisations.access import org_access_for
from zorgwijs.organisations.models import Role, RoleAssignment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]


def _report(world, *, anonymous: bool) -> Incident:
    access = org_access_for(world.employee_a.user, world.org_a.slug)
    report = IncidentReport(
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        location="Behandelkamer 2",
        category="device",
        outcome="near_miss",
        severity="none",
        what_happened="De pomp gaf geen alarm.",
    )
    with scopes_disabled():
        return incident_report(access=access, report=report, anonymous=anonymous)


def _to_analysis(member, world, incident):
    access = org_access_for(member.user, world.org_a.slug)
    with scopes_disabled():
        incident_transition(access=access, incident=incident, to="in_analysis")


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_report_is_sent_without_its_reporter(
    world, anonymous, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    incident_event.connect(listener, dispatch_uid="test-listener")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            incident = _report(world, anonymous=anonymous)
    finally:
        incident_event.disconnect(dispatch_uid="test-listener")
    assert [(h["kind"], h["obj"], h["actor"]) for h in heard] == [
        ("incident.reported", incident, None)
    ]
    # Nobody follows on the reporter's behalf: no row links her to the report.
    assert not Follow.objects.filter(incident=incident).exists()
    assert not Notification.objects.filter(incident=incident).exists()


def test_triage_followers_hear_of_status_changes_and_the_reporter_stays_unnamed(
    world, coordinator, committee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        incident = _report(world, anonymous=True)
    follow_set(user=committee.user, target=incident, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        _to_analysis(coordinator, world, incident)
    [note] = Notification.objects.filter(recipient=committee.user)
    assert note.kind == "incident.status_changed"
    assert note.actor == coordinator.user  # the coordinator, never the reporter
    assert Follow.objects.filter(user=coordinator.user, incident=incident).exists()
    reporter = world.employee_a.user  # reported anonymously: nothing may point at her
    assert not Notification.objects.filter(actor=reporter).exists()
    assert not Notification.objects.filter(recipient=reporter).exists()
    assert not Follow.objects.filter(user=reporter).exists()
    with scopes_disabled():
        assert Incident.objects.get(pk=incident.pk).status == "in_analysis"


def test_only_the_triage_roles_of_the_organisation_may_read_an_incident(
    world, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        incident = _report(world, anonymous=False)
    assert may_read(coordinator.user, incident)
    assert not may_read(world.employee_a.user, incident)  # the named reporter: no triage
    assert not may_read(world.admin_a.user, incident)  # admins never see who reported
    assert not may_read(world.outsider_b.user, incident)


def test_a_follower_who_lost_the_triage_role_gets_nothing(
    world, coordinator, committee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        incident = _report(world, anonymous=True)
    follow_set(user=committee.user, target=incident, following=True)
    with scopes_disabled():
        RoleAssignment.objects.filter(membership=committee).delete()
        give_role(committee, Role.EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        _to_analysis(coordinator, world, incident)
    assert not Notification.objects.filter(recipient=committee.user).exists()


def test_follow_button_on_the_triage_page_and_404_for_others(
    world, coordinator, client_of, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    with django_capture_on_commit_callbacks(execute=True):
        incident = _report(world, anonymous=True)
    url = reverse(
        "incidents:detail", kwargs={"org_slug": world.org_a.slug, "incident_id": incident.pk}
    )
    html = client_of(coordinator.user, mfa=True).get(url).content.decode()
    assert 'name="target" value="incident"' in html
    follow = reverse("notifications:follow")
    data = {"target": "incident", "id": incident.pk, "follow": "1"}
    for person in (world.employee_a.user, world.admin_a.user, world.outsider_b.user):
        assert client_of(person, mfa=True).post(follow, data).status_code == 404
    assert client_of(coordinator.user, mfa=True).post(follow, data).status_code == 302
    assert list(Follow.objects.values_list("user_id", flat=True)) == [coordinator.user.pk]


def test_a_lesson_published_to_a_space_reaches_the_spaces_followers(
    world, space, django_capture_on_commit_callbacks
):
    from zorgwijs.incidents.models import Status
    from zorgwijs.incidents.services import LessonText, lesson_publish

    incident = _report(world, anonymous=True)
    with scopes_disabled():
        Incident.objects.filter(pk=incident.pk).update(status=Status.MEASURES)
        incident.refresh_from_db()
        coordinator = world.admin_a
        give_role(coordinator, Role.COORDINATOR)
    follow_set(user=world.colleague_a.user, target=space, following=True)
    access = org_access_for(coordinator.user, world.org_a.slug)
    text = LessonText(
        title="Alarm bij einde infuus",
        summary="Een pomp gaf geen alarm.",
        learned="Test het alarm bij de start.",
        visibility="organisation",
        space_id=space.pk,
    )
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        lesson_publish(access=access, incident=incident, text=text)
    [note] = Notification.objects.filter(recipient=world.colleague_a.user)
    assert note.kind == "space.lesson_published" and note.space == space
    assert not Notification.objects.filter(recipient=coordinator.user).exists()
