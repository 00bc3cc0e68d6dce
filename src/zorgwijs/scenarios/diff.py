"""Differences between two versions of a scenario, section by section.

Reuses the knowledge pages' line-then-word diff (``knowledge/diff.py``) per section, so a
reader sees which section changed and, inside it, which words. Sections are diffed apart:
a 50 KB scenario is fourteen small texts, not one long one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from zorgwijs.knowledge.diff import DiffLine, text_diff

from .models import SECTIONS, CrmSkill

_HEAD: tuple[tuple[str, Any], ...] = (
    ("title", _("Titel")),
    ("duration_minutes", _("Duur in minuten")),
    ("crm_skills", _("CRM-vaardigheden")),
    ("concepts", _("Begrippen")),
    ("competence_items", _("Bekwaamheden")),
    ("visibility", _("Zichtbaarheid")),
)


@dataclass(frozen=True)
class SectionDiff:
    name: str
    label: str
    lines: list[DiffLine]


def _text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "crm_skills":
        labels = dict(CrmSkill.choices)
        return "\n".join(str(labels.get(v, v)) for v in value)
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def version_diff(old: dict[str, Any], new: dict[str, Any]) -> list[SectionDiff]:
    """The sections that differ between two snapshots, each with its line and word diff."""
    out = []
    for name, label in (*_HEAD, *SECTIONS):
        before, after = _text(name, old.get(name)), _text(name, new.get(name))
        if before != after:
            out.append(SectionDiff(name, str(label), text_diff(before, after)))
    return out
