"""The owner hears once when a validated page is due for review."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from zorgwijs.knowledge.models import Page
from zorgwijs.knowledge.reminders import review_reminders_send
from zorgwijs.knowledge.services.pages import page_validate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_owner_is_reminded_once_when_the_review_is_due(
    page, world, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    due = today + datetime.timedelta(days=30)
    page_validate(
        actor=world.admin_a.user, page=page, revision=page.current_revision, review_due=due
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send(on=today) == 0  # not due yet
        assert review_reminders_send(on=due) == 1
        assert review_reminders_send(on=due + datetime.timedelta(days=1)) == 0  # only once
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.admin_a.user.email]
    assert page.title in message.subject
    assert f"/kennis/{page.space.slug}/pagina/{page.pk}/" in message.body


def test_validating_again_sets_a_new_date_and_a_new_reminder(
    page, world, django_capture_on_commit_callbacks
):
    due = timezone.localdate() + datetime.timedelta(days=1)
    page_validate(
        actor=world.admin_a.user, page=page, revision=page.current_revision, review_due=due
    )
    with django_capture_on_commit_callbacks(execute=True):
        review_reminders_send(on=due)
        later = due + datetime.timedelta(days=365)
        Page.objects.filter(pk=page.pk).update(review_due=later)
        assert review_reminders_send(on=later) == 1
    assert len(mail.outbox) == 2
