"""Writes: following, notifying followers (with coalescing), reading, preferences."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.core.email import email_send

from .events import EVENTS
from .models import Category, Delivery, Follow, Notification, default_delivery
from .models import NotificationPreference as Preference
from .targets import may_read, target_kind, title_of, url_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from django.db.models import Model, QuerySet

    from zorgwijs.accounts.models import User


def coalesce_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, "NOTIFICATION_COALESCE_MINUTES", 10))


# --- Following ----------------------------------------------------------------------------


def follow_set(*, user: User, target: Model, following: bool, automatic: bool = False) -> Follow:
    """Follow or unfollow ``target``. An automatic follow (after writing something) never
    overrides what the person chose themselves."""
    field = target_kind(target)
    follow, created = Follow.objects.get_or_create(
        user=user, **{field: target}, defaults={"following": following, "automatic": automatic}
    )
    if not created and not automatic and follow.following != following:
        follow.following = following
        follow.automatic = False
        follow.save(update_fields=["following", "automatic"])
    return follow


def _sources(target: Any) -> Q:
    """Follows that cover ``target``: its own, its space's (a space includes its pages and
    questions) and, for a question about a page, that page's."""
    kind = target_kind(target)
    condition = Q(**{kind: target})
    if kind in ("page", "question"):
        condition |= Q(space_id=target.space_id)
    if kind == "question" and target.page_id:
        condition |= Q(page_id=target.page_id)
    return condition


def followers_of(target: Model, *, actor: User | None = None) -> QuerySet[User]:
    """Users who follow ``target`` (directly or through its space), without those who
    unfollowed this very object, and never the actor."""
    kind = target_kind(target)
    muted = Follow.objects.filter(following=False, **{kind: target}).values("user_id")
    rows = (
        Follow.objects.filter(_sources(target), following=True, user__is_active=True)
        .exclude(user_id__in=muted)
        .values_list("user_id", flat=True)
        .distinct()
    )
    if actor is not None:
        rows = rows.exclude(user_id=actor.pk)
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in=rows).order_by("pk")


# --- Notifying ----------------------------------------------------------------------------


def deliveries_for(users: Sequence[User], category: str) -> dict[int, str]:
    chosen = dict(
        Preference.objects.filter(user__in=users, category=category).values_list(
            "user_id", "delivery"
        )
    )
    return {user.pk: chosen.get(user.pk, default_delivery(category)) for user in users}


def notify(*, kind: str, target: Model, actor: User | None, at: datetime.datetime) -> int:
    """Notify everyone who follows ``target`` and may read it now; returns how many.

    No mail storm: the same event by the same actor on the same object within the coalescing
    window (10 minutes after the previous one) is counted on the unread notification that is
    already there, and that notification was mailed at most once.
    """
    event = EVENTS[kind]
    if event.follows and actor is not None and may_read(actor, target):
        follow_set(user=actor, target=target, following=True, automatic=True)
    users = [u for u in followers_of(target, actor=actor) if may_read(u, target)]
    deliveries = deliveries_for(users, event.category)
    for user in users:
        _notify_one(user, kind, target, actor, at, deliveries[user.pk])
    return len(users)


@transaction.atomic
def _notify_one(
    user: User,
    kind: str,
    target: Model,
    actor: User | None,
    at: datetime.datetime,
    delivery: str,
) -> None:
    field = target_kind(target)
    burst = Notification.objects.filter(
        recipient=user,
        kind=kind,
        actor=actor,
        read_at__isnull=True,
        last_event_at__gte=at - coalesce_window(),
        **{field: target},
    )
    if burst.update(count=F("count") + 1, last_event_at=at):
        return
    notification = Notification.objects.create(
        recipient=user,
        kind=kind,
        actor=actor,
        last_event_at=at,
        delivery=delivery,
        **{field: target},
    )
    if delivery == Delivery.IMMEDIATE:
        email_send(
            to_user=user,
            template="notifications/event",
            context={"items": [mail_item(notification)]},
        )
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def notify_people(
    *, kind: str, target: Any, actor: User | None, recipient_ids: list[int], at: datetime.datetime
) -> int:
    """Notify the named people of an event addressed to them (not to followers): each one
    who may read ``target`` now, never the actor, and never twice for the same event (a task
    that runs again after a crash finds the notification already there). An event that
    ``repeats`` (a new version) notifies once per occurrence, and its newest notification
    replaces the unread ones before it."""
    from django.contrib.auth import get_user_model

    event = EVENTS[kind]
    users = [
        u
        for u in get_user_model()
        .objects.filter(pk__in=recipient_ids, is_active=True)
        .order_by("pk")
        if (actor is None or u.pk != actor.pk) and may_read(u, target)
    ]
    field = target_kind(target)
    if kind != "sign_off.requested" and field == "sign_off":
        # Decided or withdrawn: the assessors' requests to decide are done with.
        Notification.objects.filter(
            sign_off=target, kind="sign_off.requested", read_at__isnull=True
        ).update(read_at=timezone.now())
    deliveries = deliveries_for(users, event.category)
    made = 0
    for user in users:
        made += _notify_person(
            user, kind, field, target, actor, at, deliveries[user.pk], repeats=event.repeats
        )
    return made


@transaction.atomic
def _notify_person(
    user: User,
    kind: str,
    field: str,
    target: Model,
    actor: User | None,
    at: datetime.datetime,
    delivery: str,
    *,
    repeats: bool,
) -> int:
    earlier = Notification.objects.filter(recipient=user, kind=kind, **{field: target})
    # A repeating event is the same one again only at the same moment (the task ran twice); a
    # notification of a later one means this one is outdated already.
    if (earlier.filter(last_event_at__gte=at) if repeats else earlier).exists():
        return 0
    if repeats:
        earlier.filter(read_at__isnull=True).update(read_at=timezone.now())
    notification = Notification.objects.create(
        recipient=user,
        kind=kind,
        actor=actor,
        last_event_at=at,
        delivery=delivery,
        **{field: target},
    )
    if delivery == Delivery.IMMEDIATE:
        email_send(
            to_user=user,
            template="notifications/event",
            context={"items": [mail_item(notification)]},
        )
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return 1


def mail_item(notification: Notification) -> dict:
    """What an e-mail needs of a notification, as JSON: the worker renders the sentence in
    the recipient's language (``notifications.events.sentence``)."""
    target = notification.target
    return {
        "kind": notification.kind,
        "actor": actor_name(notification),
        "title": title_of(target),
        "count": notification.count,
        "url": url_of(target, notification.kind),
    }


def actor_name(notification: Notification) -> str:
    """The actor's name; empty ("Iemand") for an incident report or a removed account."""
    actor = notification.actor
    return (actor.full_name or actor.email) if actor is not None else ""


# --- Reading and preferences ----------------------------------------------------------------


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the given notifications of ``user`` (all of them when ``ids`` is None) read."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


@transaction.atomic
def preferences_save(
    *, user: User, choices: dict[str, str], context: AuditContext | None = None
) -> None:
    """Store the person's e-mail choice per category (``choices``: category → delivery)."""
    for category in Category.values:
        delivery = choices.get(category)
        if delivery in Delivery.values:
            Preference.objects.update_or_create(
                user=user, category=category, defaults={"delivery": delivery}
            )
    audit(
        "notifications.preferences.changed",
        kind="change",
        actor=user,
        context=context,
        data={k: v for k, v in choices.items() if k in Category.values},
    )
