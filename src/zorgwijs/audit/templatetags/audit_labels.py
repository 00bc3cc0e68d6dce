"""``{{ entry.action|action_label }}``: an audit action in words (audit/labels.py)."""

from __future__ import annotations

from django import template

from ..labels import action_label as label_of

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return label_of(code)
