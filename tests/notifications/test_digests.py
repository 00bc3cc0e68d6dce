"""Digests through the real pieces: the database task queue, ``db_worker`` and an SMTP
server (aiosmtpd). Events become notifications in the worker; the daily run makes one e-mail
per person with everything pending, in their own language."""

from __future__ import annotations

import datetime
import signal

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.knowledge.factories import make_page, make_space
from tests.smtp import smtp_inbox
from zorgwijs.knowledge.services.pages import page_revise
from zorgwijs.notifications.digests import digests_send
from zorgwijs.notifications.models import Delivery, Notification
from zorgwijs.notifications.models import NotificationPreference as Preference
from zorgwijs.notifications.services import follow_set

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = datetime.date(2026, 3, 2)


@pytest.fixture
def inbox(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with smtp_inbox(settings) as handler:
        yield handler


@pytest.fixture
def keep_signal_handlers():
    names = [s for s in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, s)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    yield
    for name, handler in saved.items():
        signal.signal(getattr(signal, name), handler)


def _work():
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )


def _edit(page, actor, n):
    page.refresh_from_db()
    page_revise(
        actor=actor,
        page=page,
        title=page.title,
        body=f"Versie {n}",
        base_revision_id=page.current_revision_id,
    )


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_daily_and_weekly_digests_over_smtp(world, inbox, keep_signal_handlers):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        space = make_space(world.org_a)
        first = make_page(space, world.admin_a.user, title="Pomp voorbereiden")
        second = make_page(space, world.admin_a.user, title="Lijn ontluchten")
    eva, carl = world.employee_a.user, world.colleague_a.user
    carl.language = "en"
    carl.save(update_fields=["language"])
    Preference.objects.create(user=carl, category="pages", delivery=Delivery.WEEKLY)
    for user in (eva, carl):
        follow_set(user=user, target=space, following=True)
    _work()  # the page.created events of the set-up
    inbox.messages.clear()
    Notification.objects.all().delete()

    for n in range(50):  # a bulk edit of one page …
        _edit(first, world.admin_a.user, n)
    _edit(second, world.admin_a.user, 1)  # … and one edit of another
    _work()
    assert inbox.messages == [], "digest deliveries send nothing until the daily run"
    assert Notification.objects.filter(recipient=eva).count() == 2

    tuesday = MONDAY + datetime.timedelta(days=1)
    assert digests_send(on=tuesday) == 1  # Eva's daily digest; Carl's weekly one waits
    _work()
    [daily] = inbox.messages
    assert daily["To"] == eva.email
    assert daily["Subject"] == "Zorgwijs: 2 meldingen over wat je volgt"
    body = _text(daily)
    assert "Anna Beheer heeft de pagina „Pomp voorbereiden” bewerkt (50 keer)" in body
    assert "Anna Beheer heeft de pagina „Lijn ontluchten” bewerkt" in body
    assert digests_send(on=tuesday) == 0, "each notification is mailed once"

    assert digests_send(on=MONDAY + datetime.timedelta(days=7)) == 1
    _work()
    [weekly] = inbox.to(carl.email)
    assert weekly["Subject"] == "Zorgwijs: 2 notifications about what you follow"
    assert "Anna Beheer edited the page „Pomp voorbereiden” (50 times)" in _text(weekly)
    assert len(inbox.messages) == 2


def test_read_or_no_longer_readable_notifications_are_not_mailed(
    world, inbox, keep_signal_handlers
):
    from django_scopes import scopes_disabled

    from zorgwijs.organisations.models import Membership

    with scopes_disabled():
        space = make_space(world.org_a)
        page = make_page(space, world.admin_a.user)
    eva, carl = world.employee_a.user, world.colleague_a.user
    for user in (eva, carl):
        follow_set(user=user, target=space, following=True)
    _work()
    _edit(page, world.admin_a.user, 1)
    _work()
    Notification.objects.filter(recipient=eva).update(read_at=timezone.now())
    with scopes_disabled():
        Membership.objects.filter(pk=world.colleague_a.pk).update(end_date="2000-01-01")
    inbox.messages.clear()
    assert digests_send(on=MONDAY + datetime.timedelta(days=1)) == 0
    _work()
    assert inbox.messages == []
