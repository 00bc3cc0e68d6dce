"""Daily: tell a page's owner when its validated version is due for review.

Exactly once per review date: a conditional ``UPDATE`` claims the page (``review_reminded_for``
becomes the due date) and the e-mail task row is written in the same transaction, so two
workers or a second run send nothing twice and a crash loses nothing. Validating the page
again sets a new date and clears the claim.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from zorgwijs.core.email import email_send
from zorgwijs.core.scheduled import ScheduledJob

from .models import Page


def _due_pages(on: datetime.date):
    return (
        Page.objects.filter(review_due__lte=on, validated_revision__isnull=False)
        .filter(Q(review_reminded_for__isnull=True) | ~Q(review_reminded_for=F("review_due")))
        .select_related("space", "owner", "space__created_by")
    )


def review_reminders_send(*, on: datetime.date | None = None) -> int:
    on = on or timezone.localdate()
    sent = 0
    for page in _due_pages(on):
        owner = page.owner or page.space.created_by
        if owner is None or not owner.is_active:
            continue
        with transaction.atomic():
            claimed = (
                Page.objects.filter(pk=page.pk, review_due=page.review_due)
                .exclude(review_reminded_for=page.review_due)
                .update(review_reminded_for=page.review_due)
            )
            if not claimed:
                continue  # another run got there first
            email_send(
                to_user=owner,
                template="knowledge/review_due",
                context={
                    "page": page.title,
                    "space": page.space.name,
                    "due": page.review_due.isoformat(),
                    "url": reverse(
                        "knowledge:page", kwargs={"space_slug": page.space.slug, "page_id": page.pk}
                    ),
                },
            )
        sent += 1
    return sent


@task()
def knowledge_daily(*, on: str | None = None) -> int:
    """The daily task (``manage.py zorgwijs_knowledge_daily --enqueue`` queues it)."""
    return review_reminders_send(on=datetime.date.fromisoformat(on) if on else None)


DAILY = ScheduledJob(
    name="zorgwijs_knowledge_daily",
    rhythm="daily",
    help="Dagelijks: herinneringen voor pagina's die opnieuw gecontroleerd moeten worden.",
    run=lambda on: f"Herinneringen: {review_reminders_send(on=on)}",
    task=knowledge_daily,
    takes_date=True,
)
