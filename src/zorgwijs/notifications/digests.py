"""Daily: one e-mail per person with everything they chose to hear about in a digest.

Daily-digest notifications go out every day, weekly ones on ``NOTIFICATION_DIGEST_WEEKDAY``
(0 = Monday). Each person is claimed in one transaction: a conditional ``UPDATE`` stamps their
pending notifications with this run's time and the e-mail task row is written in the same
transaction, so two runs never mail the same notification and a crash loses nothing.
Notifications already read in the app, or about something the person may no longer read,
are stamped without being mailed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from zorgwijs.core.email import email_send
from zorgwijs.core.scheduled import ScheduledJob

from .models import Delivery, Notification
from .selectors import NOTIFICATION_JOINS
from .services import mail_item
from .targets import ReadCheck

# Enough for any one day; the rest waits for the next digest rather than making a huge mail.
MAX_ITEMS = 100


def _deliveries_due(on: datetime.date) -> list[str]:
    weekday = getattr(settings, "NOTIFICATION_DIGEST_WEEKDAY", 0)
    return [Delivery.DAILY, Delivery.WEEKLY] if on.weekday() == weekday else [Delivery.DAILY]


def _pending(deliveries: list[str]):
    return Notification.objects.filter(delivery__in=deliveries, emailed_at__isnull=True)


def digests_send(*, on: datetime.date | None = None) -> int:
    """Send the digests due ``on`` (today); returns how many e-mails were queued."""
    deliveries = _deliveries_due(on or timezone.localdate())
    recipients = _pending(deliveries).values_list("recipient_id", flat=True).distinct()
    sent = 0
    for user in get_user_model().objects.filter(pk__in=list(recipients), is_active=True):
        sent += _digest_for(user, deliveries)
    return sent


@transaction.atomic
def _digest_for(user, deliveries: list[str]) -> int:
    stamp = timezone.now()
    claimed = _pending(deliveries).filter(recipient=user).order_by("-last_event_at", "-id")
    ids = list(claimed.values_list("pk", flat=True)[:MAX_ITEMS])
    if not Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
        emailed_at=stamp
    ):
        return 0  # another run got there first
    rows = Notification.objects.filter(pk__in=ids, emailed_at=stamp, read_at__isnull=True)
    rows = rows.select_related(*NOTIFICATION_JOINS).order_by("-last_event_at", "-id")
    readable = ReadCheck(user)
    items = [mail_item(n) for n in rows if readable(n.target)]
    if not items:
        return 0
    email_send(to_user=user, template="notifications/digest", context={"items": items})
    return 1


@task()
def notifications_daily(*, on: str | None = None) -> int:
    """The daily task (``manage.py zorgwijs_notifications_daily --enqueue`` queues it)."""
    return digests_send(on=datetime.date.fromisoformat(on) if on else None)


DAILY = ScheduledJob(
    name="zorgwijs_notifications_daily",
    rhythm="evening",
    help="Dagelijks: de samenvattingen van meldingen per e-mail (dagelijks en wekelijks).",
    run=lambda on: f"Samenvattingen: {digests_send(on=on)}",
    task=notifications_daily,
    takes_date=True,
)
