"""The unread count in the header: one ``COUNT`` query, and only if the page shows it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count

# A page that already knows the count (the start page keeps it with its cached panels,
# core/start.py) sets it on the request under this name.
UNREAD_ATTRIBUTE = "_zorgwijs_unread"


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    known = getattr(request, UNREAD_ATTRIBUTE, None)
    if known is not None:
        return {"notifications_unread": known}
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
