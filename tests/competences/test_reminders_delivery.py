"""Reminders through the real pieces: the database task queue, ``db_worker`` and an SMTP server
(aiosmtpd on 127.0.0.1); and "exactly once" with two runs at the same time (threads, on
PostgreSQL) or one after the other with a run that died between claim and send (SQLite and
PostgreSQL alike)."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks_db.models import DBTaskResult

from tests.competences.factories import required_device
from tests.core.test_email_tasks import _html, _text
from tests.factories import MembershipFactory, UserFactory
from tests.smtp import smtp_inbox
from zorgwijs.competences.models import ReminderSent
from zorgwijs.competences.reminders import (
    CLAIM_LEASE,
    daily,
    reminders_claim,
    reminders_run,
)
from zorgwijs.competences.requirements import requirements_refresh
from zorgwijs.competences.services import qualification_register

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = timezone.localdate()
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def inbox(settings):
    settings.TASKS = DB_TASKS
    with smtp_inbox(settings) as handler:
        yield handler


@pytest.fixture
def due(world, settings):
    """Eight nurses whose required pump qualification runs out in five days."""
    settings.TASKS = DB_TASKS
    pump = required_device(world, "Infuuspomp Volumat", [world.cathlab], profile="Cathlab")
    with scopes_disabled():
        people = [
            MembershipFactory(
                organisation=world.org_a,
                primary_department=world.cathlab,
                user=UserFactory(email=f"nurse{i}@example.org", language="en" if i == 0 else "nl"),
            )
            for i in range(8)
        ]
    with scope(organisation=world.org_a.pk):
        requirements_refresh(organisation=world.org_a)  # the nurses came after the device
        for membership in people:
            qualification_register(
                actor=world.admin_a.user,
                membership=membership,
                item=pump,
                occurred_on=TODAY - datetime.timedelta(days=2),
                evidence_kind="practical",
                valid_until=TODAY + datetime.timedelta(days=5),
                valid_until_reason="test",
            )
    return people


def _mail_tasks() -> int:
    return DBTaskResult.objects.filter(task_path="zorgwijs.core.tasks.send_email").count()


def test_reminders_reach_an_smtp_server_in_each_recipients_language(world, due, inbox):
    assert reminders_run(organisation=world.org_a) == 8
    assert inbox.messages == [], "the mail task waits for a worker"
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )
    assert len(inbox.messages) == 8
    [english] = inbox.to("nurse0@example.org")
    [dutch] = inbox.to("nurse1@example.org")
    assert english["Content-Language"] == "en" and dutch["Content-Language"] == "nl"
    assert dutch["Subject"] == "Je bekwaamheid verloopt binnenkort (Rivierenland Ziekenhuis)"
    assert english["Subject"] == "Your competence expires soon (Rivierenland Ziekenhuis)", (
        "no English translation: run `make messages` (compilemessages) first"
    )
    assert "(5 days left)" in _text(english) and 'lang="en"' in _html(english)
    assert "Infuuspomp Volumat" in _text(dutch) and "nog 5 dagen" in _text(dutch)
    assert "Infuuspomp Volumat" in _html(dutch) and 'lang="nl"' in _html(dutch)
    assert "/paspoort/meldingen/" in _text(dutch)
    # a second day's run sends nothing more
    assert reminders_run(organisation=world.org_a) == 0


def test_the_daily_task_as_a_worker_runs_it_claims_and_sends(world, due, inbox):
    """The task's claims carry the queue's id: a UUID, which must fit a claim's token."""
    result = daily.enqueue()
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL", row.traceback
    with scopes_disabled():
        sent = ReminderSent.objects.filter(organisation=world.org_a, state="sent")
        assert sent.count() == 8
        assert {claim.claim_token for claim in sent} == {str(result.id).replace("-", "")}
    for nurse in range(8):  # (and the manager's digest)
        assert len(inbox.to(f"nurse{nurse}@example.org")) == 1


def test_a_run_that_died_after_claiming_is_finished_once_by_a_later_run(world, due):
    with scope(organisation=world.org_a.pk):
        assert reminders_claim(organisation=world.org_a, on=TODAY, token="died") == 8
    # the worker died here: claimed, no mail queued
    assert _mail_tasks() == 0
    assert reminders_run(organisation=world.org_a, on=TODAY) == 0, "still inside the lease"
    later = timezone.now() + CLAIM_LEASE + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert reminders_run(organisation=world.org_a, on=TODAY) == 8
        assert reminders_run(organisation=world.org_a, on=TODAY) == 0
    assert _mail_tasks() == 8
    with scopes_disabled():
        assert set(ReminderSent.objects.values_list("state", flat=True)) == {"sent"}


def test_two_runs_at_once_send_each_reminder_once(world, due):
    """PostgreSQL: two threads with their own connections race for the same claims.
    SQLite (an in-memory test database that threads cannot share safely): the same two runs
    one after the other — the unique claim still lets only the first send."""
    results: list[int] = []
    errors: list[BaseException] = []
    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)

        def run():
            try:
                barrier.wait()
                results.append(reminders_run(organisation=world.org_a, on=TODAY))
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        results = [reminders_run(organisation=world.org_a, on=TODAY) for _ in range(2)]
    assert errors == []
    assert sum(results) == 8
    assert _mail_tasks() == 8
    with scopes_disabled():
        assert ReminderSent.objects.filter(state="sent").count() == 8
