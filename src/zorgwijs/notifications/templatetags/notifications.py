"""``{% follow_button obj %}`` on the pages of what one can follow, and the sentence of a
notification in the active language (pages and e-mails)."""

from __future__ import annotations

from django import template
from django.utils.functional import SimpleLazyObject

from ..events import sentence
from ..selectors import is_following
from ..targets import target_kind

register = template.Library()


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, obj) -> dict:
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "following": is_following(user, obj),
        "kind": target_kind(obj),
        "object_id": obj.pk,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def notification_sentence(kind: str, actor: str, title: str, count: int = 1) -> str:
    return sentence(kind, actor=actor, title=title, count=count)


START_MAX = 5


@register.inclusion_tag("notifications/_start_panel.html", takes_context=True)
def recent_notifications(context) -> dict:
    """The start page's "what changed in what I follow": the five newest, in one query."""
    from zorgwijs.organisations.visibility import viewer_of_request

    from ..selectors import recent_rows

    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return {"rows": []}
    memberships = getattr(request, "memberships", None)
    # A plain list: the request's lazy list cannot be used in a query filter.
    memberships = list(memberships) if memberships is not None else None
    # Read only if a notification is about a knowledge space; the start page's knowledge
    # panel has usually worked the viewer out already.
    viewer = SimpleLazyObject(lambda: viewer_of_request(request))
    return {"rows": recent_rows(user, START_MAX, memberships, viewer=viewer)}
