"""No mail storm: a burst of edits by one person on one page is one notification, one mail."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from zorgwijs.knowledge.services.pages import page_revise
from zorgwijs.notifications.models import Delivery, Notification
from zorgwijs.notifications.models import NotificationPreference as Preference
from zorgwijs.notifications.services import follow_set, notify

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]


def _edit(page, actor, n):
    page.refresh_from_db()
    page_revise(
        actor=actor,
        page=page,
        title=page.title,
        body=f"Versie {n}",
        base_revision_id=page.current_revision_id,
    )


def test_fifty_edits_make_at_most_one_mail_per_recipient(
    world, space, page, django_capture_on_commit_callbacks
):
    followers = [world.employee_a.user, world.colleague_a.user, world.manager_a.user]
    for user in followers:
        Preference.objects.create(user=user, category="pages", delivery=Delivery.IMMEDIATE)
        follow_set(user=user, target=space, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(50):
            _edit(page, world.admin_a.user, n)
    for user in followers:
        assert len([m for m in mail.outbox if m.to == [user.email]]) <= 1
        [note] = Notification.objects.filter(recipient=user)
        assert note.count == 50
    assert len(mail.outbox) == len(followers)


def test_a_new_burst_after_the_window_or_after_reading_is_a_new_notification(world, page):
    eva = world.employee_a.user
    follow_set(user=eva, target=page, following=True)
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    actor = world.admin_a.user
    notify(kind="page.revised", target=page, actor=actor, at=start)
    notify(kind="page.revised", target=page, actor=actor, at=start + datetime.timedelta(minutes=5))
    assert Notification.objects.filter(recipient=eva).count() == 1
    notify(kind="page.revised", target=page, actor=actor, at=start + datetime.timedelta(hours=1))
    assert Notification.objects.filter(recipient=eva).count() == 2
    Notification.objects.update(read_at=start + datetime.timedelta(hours=1))
    notify(kind="page.revised", target=page, actor=actor, at=start + datetime.timedelta(hours=1))
    assert Notification.objects.filter(recipient=eva).count() == 3


def test_another_actor_or_another_kind_is_not_merged(world, page):
    eva = world.employee_a.user
    follow_set(user=eva, target=page, following=True)
    at = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    notify(kind="page.revised", target=page, actor=world.admin_a.user, at=at)
    notify(kind="page.revised", target=page, actor=world.colleague_a.user, at=at)
    notify(kind="page.validated", target=page, actor=world.admin_a.user, at=at)
    assert Notification.objects.filter(recipient=eva).count() == 3
