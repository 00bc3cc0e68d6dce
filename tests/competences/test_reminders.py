"""Which reminders and digests are due, and who gets them (mail in Django's locmem outbox)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import DeviceFactory, required_device
from tests.factories import MembershipFactory, UserFactory, give_role
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.models import (
    ComplianceSnapshot,
    DigestSent,
    ReminderPreference,
    ReminderSent,
    ReminderSettings,
)
from zorgwijs.competences.reminders import (
    daily_work,
    digests_run,
    due_offset,
    reminders_due,
    reminders_run,
)
from zorgwijs.competences.services import qualification_register
from zorgwijs.organisations.models import Role

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"
TODAY = timezone.localdate()
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_mail(settings, django_capture_on_commit_callbacks):
    """Mail tasks run at once (after the commit) into the locmem outbox."""
    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def expire_in(world, item, membership, days: int):
    """Register ``membership`` for ``item`` so that it is valid until today + ``days``."""
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=membership,
            item=item,
            # before this week's Monday: the digest tests run on it, and a qualification
            # counts from its date
            occurred_on=TODAY - datetime.timedelta(days=10),
            evidence_kind="practical",
            valid_until=TODAY + datetime.timedelta(days=days),
            valid_until_reason="test",
        )


@pytest.fixture
def pump(world):
    return required_device(world, "Infuuspomp Volumat", [world.cardiology, world.surgery])


@pytest.mark.parametrize(
    ("days", "offset"), [(120, None), (90, 90), (60, 90), (30, 30), (25, 30), (7, 7), (0, 7)]
)
def test_due_offset_is_the_smallest_offset_reached(days, offset):
    assert due_offset(days, [90, 30, 7]) == offset


def test_a_reminder_goes_out_once_per_offset(world, pump, immediate_mail):
    expire_in(world, pump, world.employee_a, 25)
    assert immediate_mail(reminders_run, organisation=world.org_a) == 1
    [message] = mail.outbox
    assert message.to == [world.employee_a.user.email]
    assert "Infuuspomp Volumat" in message.body
    assert "Infuuspomp Volumat" in message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert immediate_mail(reminders_run, organisation=world.org_a) == 0
    assert len(mail.outbox) == 1
    with scopes_disabled():
        sent = ReminderSent.objects.get()
    assert (sent.offset, sent.state, sent.valid_until) == (
        30,
        "sent",
        TODAY + datetime.timedelta(days=25),
    )
    # a week later the 7-day reminder is due, once
    later = TODAY + datetime.timedelta(days=19)
    assert immediate_mail(reminders_run, organisation=world.org_a, on=later) == 1
    assert immediate_mail(reminders_run, organisation=world.org_a, on=later) == 0


def test_nothing_for_far_away_expired_suspended_or_not_required(world, pump, immediate_mail):
    expire_in(world, pump, world.employee_a, 200)
    with scopes_disabled():
        other = DeviceFactory(organisation=world.org_a, name="Niet vereist")
    expire_in(world, other, world.colleague_a, 5)  # a line, but not required
    with scope(organisation=world.org_a.pk):
        assert reminders_due(organisation=world.org_a, on=TODAY) == []
        later = TODAY + datetime.timedelta(days=201)  # expired by then
        assert reminders_due(organisation=world.org_a, on=later) == []


def test_personal_offsets_and_opt_out(world, pump, immediate_mail):
    expire_in(world, pump, world.employee_a, 50)
    expire_in(world, pump, world.colleague_a, 50)
    with scopes_disabled():
        ReminderPreference.objects.create(
            organisation=world.org_a, membership=world.employee_a, offsets=[60, 14]
        )
        ReminderPreference.objects.create(
            organisation=world.org_a, membership=world.colleague_a, reminders_enabled=False
        )
    with scope(organisation=world.org_a.pk):
        due = reminders_due(organisation=world.org_a, on=TODAY)
    assert [(line.membership_id, offset) for line, offset in due] == [(world.employee_a.pk, 60)]


def test_organisation_offsets(world, pump):
    expire_in(world, pump, world.employee_a, 50)
    with scopes_disabled():
        ReminderSettings.objects.create(organisation=world.org_a, offsets=[120, 60])
    with scope(organisation=world.org_a.pk):
        [(line, offset)] = reminders_due(organisation=world.org_a, on=TODAY)
    assert offset == 60


def test_managers_weekly_digest_lists_his_departments_only(world, pump, immediate_mail):
    expire_in(world, pump, world.employee_a, 10)  # cathlab: under the manager
    expire_in(world, pump, world.colleague_a, 10)  # surgery: not his
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    assert immediate_mail(digests_run, organisation=world.org_a, on=monday) == 1
    [message] = mail.outbox
    assert message.to == [world.manager_a.user.email]
    assert "Eva Medewerker" in message.body and "Carl Chirurg" not in message.body
    # once a week: Tuesday and a second run on Monday send nothing
    assert immediate_mail(digests_run, organisation=world.org_a, on=monday) == 0
    assert (
        immediate_mail(
            digests_run, organisation=world.org_a, on=monday + datetime.timedelta(days=1)
        )
        == 0
    )
    assert (
        immediate_mail(
            digests_run, organisation=world.org_a, on=monday + datetime.timedelta(days=7)
        )
        == 1
    )


def test_digest_opt_out_and_weekday(world, pump, immediate_mail):
    expire_in(world, pump, world.employee_a, 10)
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    with scopes_disabled():
        ReminderSettings.objects.create(organisation=world.org_a, offsets=[30], digest_weekday=2)
    assert immediate_mail(digests_run, organisation=world.org_a, on=monday) == 0
    # a missed Wednesday is caught up on Thursday
    assert (
        immediate_mail(
            digests_run, organisation=world.org_a, on=monday + datetime.timedelta(days=3)
        )
        == 1
    )
    with scopes_disabled():
        DigestSent.objects.all().delete()
        ReminderPreference.objects.create(
            organisation=world.org_a, membership=world.manager_a, digest_enabled=False
        )
    assert (
        immediate_mail(
            digests_run, organisation=world.org_a, on=monday + datetime.timedelta(days=3)
        )
        == 0
    )


def test_daily_work_takes_snapshots_and_sends(world, pump, immediate_mail):
    expire_in(world, pump, world.employee_a, 7)
    totals = immediate_mail(daily_work)
    assert totals["organisations"] == 2 and totals["reminders"] == 1
    with scopes_disabled():
        assert ComplianceSnapshot.objects.filter(
            organisation=world.org_a, day=TODAY, department=None
        ).exists()
    assert immediate_mail(daily_work)["reminders"] == 0


def test_zorgwijs_daily_command(world, pump, settings, capsys):
    expire_in(world, pump, world.employee_a, 7)
    call_command("zorgwijs_daily")
    assert "herinneringen: 1" in capsys.readouterr().out
    call_command("zorgwijs_daily", "--enqueue")
    assert "In de wachtrij" in capsys.readouterr().out


# The page "Mijn meldingen" ---------------------------------------------------------------------


def _url():
    return reverse("competences:reminder_settings", kwargs={"org_slug": SLUG})


def test_three_actors_on_my_notifications(client, world):
    for user, status in (
        (world.employee_a.user, 200),
        (world.manager_a.user, 200),
        (world.outsider_b.user, 404),
    ):
        sign_in(client, user)
        assert client.get(_url()).status_code == status


def test_person_sees_sent_reminders_and_tunes_offsets(client, world, pump, immediate_mail):
    expire_in(world, pump, world.employee_a, 25)
    immediate_mail(reminders_run, organisation=world.org_a)
    sign_in(client, world.employee_a.user)
    body = client.get(_url()).content.decode()
    assert "Infuuspomp Volumat" in body
    response = client.post(
        _url(), {"form": "own", "reminders_enabled": "on", "offsets": "60, 14; 3"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        preference = ReminderPreference.objects.get(membership=world.employee_a)
    assert preference.offsets == [60, 14, 3] and preference.reminders_enabled
    assert AuditEntry.objects.filter(
        action="competences.reminders.preferences_changed", actor_id=world.employee_a.user_id
    ).exists()


@pytest.mark.parametrize("offsets", ["abc", "0", "400", "1,2,3,4,5,6,7"])
def test_bad_offsets_are_refused_and_change_nothing(client, world, offsets):
    sign_in(client, world.employee_a.user)
    response = client.post(_url(), {"form": "own", "offsets": offsets})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    with scopes_disabled():
        assert not ReminderPreference.objects.exists()


def test_manager_switches_the_digest_off_employee_cannot(client, world):
    sign_in(client, world.manager_a.user)
    assert "weekoverzicht" in client.get(_url()).content.decode()
    client.post(_url(), {"form": "own", "reminders_enabled": "on", "offsets": ""})
    with scopes_disabled():
        assert ReminderPreference.objects.get(membership=world.manager_a).digest_enabled is False
    sign_in(client, world.employee_a.user)
    client.post(_url(), {"form": "own", "reminders_enabled": "on", "digest_enabled": "on"})
    assert "weekoverzicht ontvangen" not in client.get(_url()).content.decode()


def test_only_a_coordinator_sets_the_organisation_default(client, world):
    coordinator = MembershipFactory(
        organisation=world.org_a, user=UserFactory(full_name="Corrie Coördinator")
    )
    give_role(coordinator, Role.COORDINATOR)
    sign_in(client, world.employee_a.user)
    client.post(_url(), {"form": "organisation", "org_offsets": "60", "digest_weekday": "1"})
    with scopes_disabled():
        assert not ReminderSettings.objects.exists()
    sign_in(client, coordinator.user)
    response = client.post(
        _url(), {"form": "organisation", "org_offsets": "60, 10", "digest_weekday": "1"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        settings_row = ReminderSettings.objects.get(organisation=world.org_a)
    assert (settings_row.offsets, settings_row.digest_weekday) == ([60, 10], 1)
