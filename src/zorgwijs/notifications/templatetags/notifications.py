"""``{% follow_button obj %}`` on the pages of what one can follow, and the sentence of a
notification in the active language (pages and e-mails)."""

from __future__ import annotations

from django import template

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
