"""Registration: capacity, waiting list in order, cancellation with promotion, refusals, and
the concurrency case (many people at once for fewer places)."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections

from tests.factories import UserFactory
from tests.networks.factories import make_event, make_network, make_session
from zorgwijs.audit.models import AuditEntry
from zorgwijs.networks.models import Event, Registration, RegistrationStatus
from zorgwijs.networks.services.registrations import (
    registration_cancel,
    registration_create,
)

CONFIRMED, WAITING, CANCELLED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.CANCELLED,
)


@pytest.fixture
def event(db):
    return make_event(make_network(), capacity=2)


def test_places_then_waiting_list_in_order(event):
    people = UserFactory.create_batch(4)
    statuses = [registration_create(actor=p, event=event).status for p in people]
    assert statuses == [CONFIRMED, CONFIRMED, WAITING, WAITING]
    event.refresh_from_db()
    assert event.confirmed_count == 2
    assert event.places_left == 0


def test_cancel_promotes_first_waiting_and_keeps_the_count(event):
    a, b, c, d = UserFactory.create_batch(4)
    first = registration_create(actor=a, event=event)
    registration_create(actor=b, event=event)
    third = registration_create(actor=c, event=event)
    registration_create(actor=d, event=event)
    promoted = registration_cancel(actor=a, registration=first)
    assert promoted is not None and promoted.pk == third.pk
    assert Registration.objects.get(pk=third.pk).status == CONFIRMED
    assert Registration.objects.get(pk=first.pk).status == CANCELLED
    event.refresh_from_db()
    assert event.confirmed_count == 2
    assert AuditEntry.objects.filter(action="networks.registration.promoted").count() == 1


def test_cancel_without_waiting_list_frees_the_place(event):
    a = UserFactory()
    reg = registration_create(actor=a, event=event)
    assert registration_cancel(actor=a, registration=reg) is None
    event.refresh_from_db()
    assert event.confirmed_count == 0
    # After cancelling one may register again.
    assert registration_create(actor=a, event=event).status == CONFIRMED


def test_cancelling_a_waiting_place_changes_no_count(event):
    a, b, c = UserFactory.create_batch(3)
    registration_create(actor=a, event=event)
    registration_create(actor=b, event=event)
    waiting = registration_create(actor=c, event=event)
    assert registration_cancel(actor=c, registration=waiting) is None
    event.refresh_from_db()
    assert event.confirmed_count == 2


def test_double_registration_refused_and_nothing_changed(event):
    a = UserFactory()
    registration_create(actor=a, event=event)
    with pytest.raises(ValidationError, match="al voor aangemeld"):
        registration_create(actor=a, event=event)
    event.refresh_from_db()
    assert event.confirmed_count == 1
    assert Registration.objects.filter(user=a).count() == 1


def test_cancel_twice_refused(event):
    a = UserFactory()
    reg = registration_create(actor=a, event=event)
    registration_cancel(actor=a, registration=reg)
    with pytest.raises(ValidationError, match="al afgemeld"):
        registration_cancel(actor=a, registration=reg)


def test_closed_or_past_event_refused(db):
    network = make_network()
    closed = make_event(network, registration_open=False)
    past = make_event(network, days=-3)
    for event in (closed, past):
        with pytest.raises(ValidationError):
            registration_create(actor=UserFactory(), event=event)
    assert not Registration.objects.exists()


def test_session_needs_the_event_and_has_its_own_capacity(db):
    event = make_event(make_network(), capacity=10)
    session = make_session(event, capacity=1)
    a, b = UserFactory.create_batch(2)
    with pytest.raises(ValidationError, match="eerst aan voor de activiteit"):
        registration_create(actor=a, event=event, session=session)
    event_reg = registration_create(actor=a, event=event)
    registration_create(actor=b, event=event)
    assert registration_create(actor=a, event=event, session=session).status == CONFIRMED
    assert registration_create(actor=b, event=event, session=session).status == WAITING
    # Cancelling the event cancels a's session place, which goes to b.
    registration_cancel(actor=a, registration=event_reg)
    assert Registration.objects.get(user=b, session=session).status == CONFIRMED
    session.refresh_from_db()
    assert session.confirmed_count == 1


def test_mail_with_ics_for_a_place_and_without_for_the_waiting_list(
    db, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    event = make_event(make_network(slug="leren-is-altijd"), capacity=1, title="Werkconferentie")
    a, b = UserFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        first = registration_create(actor=a, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(actor=b, event=event)
    confirmed, waiting = mail.outbox
    assert confirmed.to == [a.email] and "Werkconferentie" in confirmed.subject
    [(name, ics, mimetype)] = confirmed.attachments
    assert name == "uitnodiging.ics" and mimetype.startswith("text/calendar")
    text = ics.decode() if isinstance(ics, bytes) else ics
    assert "BEGIN:VEVENT" in text and "SUMMARY:Werkconferentie" in text
    assert f"/netwerken/leren-is-altijd/activiteiten/{event.pk}/" in text
    assert waiting.to == [b.email] and waiting.attachments == []
    assert "wachtlijst" in waiting.body
    # A place comes free: b hears it, with the invitation.
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(actor=a, registration=first)
    promoted = mail.outbox[-1]
    assert promoted.to == [b.email] and len(promoted.attachments) == 1


@contextmanager
def _database_for_threads(tmp_path):
    """Threads need a database they can share with real locking. PostgreSQL is one; the SQLite
    test database lives in memory (shared cache, whose table locks do not wait), so for SQLite
    it is copied to a file and the threads' new connections open that file."""
    if connection.vendor != "sqlite":
        yield
        return
    target = tmp_path / "threads.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    connection.connection.backup(copy)
    copy.close()
    settings_dict = connections.settings[DEFAULT_DB_ALIAS]
    original = settings_dict["NAME"]
    settings_dict["NAME"] = str(target)
    try:
        yield
    finally:
        settings_dict["NAME"] = original


def _in_threads(work, items) -> list:
    """Run ``work(item)`` for every item at the same moment, each on its own connection."""
    results: list = []
    barrier = threading.Barrier(len(items))

    def run(item) -> None:
        try:
            barrier.wait(timeout=60)
            results.append(work(item))
        except Exception:
            barrier.abort()  # never leave the others waiting with their connections open
            raise
        finally:
            connections[DEFAULT_DB_ALIAS].close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook(tmp_path):
    """24 people at the same moment for 12 places: exactly 12 confirmed, 12 waiting."""
    event = make_event(make_network(), capacity=12)
    users = UserFactory.create_batch(24)
    with _database_for_threads(tmp_path):
        statuses = _in_threads(
            lambda user: (
                registration_create(actor=user, event=Event.objects.get(pk=event.pk)).status
            ),
            users,
        )
        [(stored, counter)] = _in_threads(
            lambda _: (
                sorted(
                    Registration.objects.filter(event_id=event.pk).values_list("status", flat=True)
                ),
                Event.objects.get(pk=event.pk).confirmed_count,
            ),
            [None],
        )
    assert statuses.count(CONFIRMED) == 12 and statuses.count(WAITING) == 12
    assert stored == [CONFIRMED] * 12 + [WAITING] * 12
    assert counter == 12
