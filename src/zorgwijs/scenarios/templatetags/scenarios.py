from __future__ import annotations

from django import template

from ..models import SECTIONS, Scenario

register = template.Library()


@register.simple_tag
def scenario_sections(scenario: Scenario) -> list[tuple[str, str, str]]:
    """The template's sections that hold text, after the summary (shown as the lead)."""
    return [
        (name, str(label), getattr(scenario, name))
        for name, label in SECTIONS
        if name != "summary" and getattr(scenario, name).strip()
    ]
