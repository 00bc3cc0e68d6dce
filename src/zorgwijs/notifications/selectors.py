"""Reads: my notifications (unread first), the unread count, whether I follow something."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import BooleanField, Case, Value, When

from zorgwijs.core.data_cache import held_locally

from .models import Follow, Notification
from .targets import readable, target_kind

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet
    from django.utils.functional import SimpleLazyObject

    from zorgwijs.accounts.models import User
    from zorgwijs.organisations.models import Membership
    from zorgwijs.organisations.visibility import Viewer

# Everything a notification's sentence and link need, joined in the one list query.
NOTIFICATION_JOINS = (
    "actor",
    "space",
    "page__space",
    "question__space",
    "incident__organisation",
    "sign_off__item",
    "sign_off__organisation",
    "profile__organisation",
    "route__organisation",
    "attempt__test",
    "attempt__organisation",
    "contribution__network",
)


def notifications_of(user: User) -> QuerySet[Notification]:
    """The person's notifications about what they may read now, unread first, newest first,
    their objects joined."""
    return (
        Notification.objects.filter(readable(user, personal=True), recipient=user)
        .annotate(
            unread=Case(
                When(read_at__isnull=True, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related(*NOTIFICATION_JOINS)
        .order_by("-unread", "-last_event_at", "-id")
    )


def unread_count(user: User) -> int:
    """The header shows it on every page: kept under the data generation (any write to
    notifications makes a new one), in the app server's memory: no ``COUNT`` on a hit."""
    return held_locally(
        f"unread:{user.pk}",
        lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    )


def is_following(user: User, target: Model) -> bool:
    """Follows ``target`` itself, or its space without having unfollowed ``target``. Kept
    under the data generation (following or unfollowing anything makes a new one)."""
    kind = target_kind(target)
    return held_locally(
        f"following:{user.pk}:{kind}:{target.pk}", lambda: _is_following(user, target, kind)
    )


def _is_following(user: User, target: Model, kind: str) -> bool:
    """One query: the person's follows that cover ``target``."""
    from .services import _sources

    rows = Follow.objects.filter(_sources(target), user=user).values_list(f"{kind}_id", "following")
    covering = False
    for object_id, following in rows:
        if object_id == target.pk:
            return following  # a choice about this very object wins
        covering = covering or following
    return covering


def follows_of(user: User) -> QuerySet[Follow]:
    """What the person follows and may still read."""
    return (
        Follow.objects.filter(readable(user), user=user, following=True)
        .select_related("space", "page__space", "question__space", "incident__organisation")
        .order_by("-created_at")
    )


def notification_row(notification: Notification) -> dict:
    """What a page shows of a notification: the pieces of its sentence and where it leads."""
    from .services import actor_name
    from .targets import title_of, url_of

    target = notification.target
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "actor": actor_name(notification),
        "title": title_of(target),
        "count": notification.count,
        "url": url_of(target, notification.kind),
        "at": notification.last_event_at,
        "unread": notification.read_at is None,
    }


# The start page looks at this many of the newest notifications to find ``limit`` readable
# ones: notifications about what someone may no longer read are rare (they left, a space
# closed), and one indexed query for a few rows is far cheaper than filtering every row of
# the inbox with the full "may read" condition.
RECENT_WINDOW = 20


def recent_rows(
    user: User,
    limit: int,
    memberships: list[Membership] | None = None,
    viewer: Viewer | SimpleLazyObject | None = None,
) -> list[dict]:
    """The newest ``limit`` notifications the person may still read, in a fixed number of
    queries: the newest few, then one check per kind of object over all of them."""
    from .targets import readable_among

    newest = list(
        Notification.objects.filter(recipient=user)
        .select_related(*NOTIFICATION_JOINS)
        .order_by("-last_event_at", "-id")[:RECENT_WINDOW]
    )
    allowed = readable_among(user, newest, memberships=memberships, viewer=viewer)
    return [notification_row(n) for n in newest if n.pk in allowed][:limit]
