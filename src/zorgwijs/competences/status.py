"""One status model, computed the same way in Python and in SQL.

missing (never qualified) · in progress · valid · expiring (inside the warning window) ·
expired (lapsed) · exempt · suspended. "Never qualified" and "lapsed" stay different.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Q, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class StatusInfo:
    code: str
    label: Promise
    icon: str  # a text symbol beside the colour, so colour is never the only signal
    problem: bool
    order: int  # "problems first"


STATUSES: dict[str, StatusInfo] = {
    s.code: s
    for s in (
        StatusInfo("expired", _("Verlopen"), "✕", True, 0),
        StatusInfo("missing", _("Ontbreekt"), "!", True, 1),
        StatusInfo("suspended", _("Geschorst"), "‖", True, 2),
        StatusInfo("expiring", _("Verloopt binnenkort"), "⚠", True, 3),
        StatusInfo("in_progress", _("Bezig"), "…", True, 4),
        StatusInfo("exempt", _("Vrijgesteld"), "–", False, 5),
        StatusInfo("valid", _("Bekwaam"), "✓", False, 6),
    )
}
# Who may do the work today: valid, expiring (still valid) and exempt.
COMPETENT = frozenset({"valid", "expiring", "exempt"})


def status_of(
    *,
    ever_qualified: bool,
    valid_until: datetime.date | None,
    expiring_from: datetime.date | None,
    exempt_until: datetime.date | None,
    suspended: bool,
    in_progress: bool,
    on: datetime.date,
) -> str:
    if suspended:
        return "suspended"
    if exempt_until is not None and exempt_until >= on:
        return "exempt"
    if ever_qualified:
        if valid_until is None or (expiring_from is not None and expiring_from > on):
            return "valid"
        if valid_until >= on:
            return "expiring"
    if in_progress:
        return "in_progress"
    return "expired" if ever_qualified else "missing"


def line_status(line, on: datetime.date) -> str:
    """Status of a PassportLine (or anything with its fields) on a date."""
    return status_of(
        ever_qualified=line.ever_qualified,
        valid_until=line.valid_until,
        expiring_from=line.expiring_from,
        exempt_until=line.exempt_until,
        suspended=line.suspended,
        in_progress=line.in_progress,
        on=on,
    )


def status_case(*, on: datetime.date, prefix: str = "") -> Case:
    """``status_of`` as one SQL CASE over PassportLine columns (``prefix`` = lookup path)."""

    def q(**lookups: object) -> Q:
        return Q(**{prefix + key: value for key, value in lookups.items()})

    qualified = q(ever_qualified=True)
    return Case(
        When(q(suspended=True), then=Value("suspended")),
        When(q(exempt_until__gte=on), then=Value("exempt")),
        When(
            qualified & (q(valid_until__isnull=True) | q(expiring_from__gt=on)), then=Value("valid")
        ),
        When(qualified & q(valid_until__gte=on), then=Value("expiring")),
        When(q(in_progress=True), then=Value("in_progress")),
        When(qualified, then=Value("expired")),
        default=Value("missing"),
        output_field=CharField(),
    )
