"""One status model, computed the same way in Python and in SQL.

missing (never qualified) · in progress · valid · expiring (inside the warning window) ·
expired (lapsed) · exempt · suspended · supervised. "Never qualified" and "lapsed" stay
different.

This is the one definition of "may perform independently on date D" (``COMPETENT``): the team
matrix, "wie is bekwaam", the passport, the dashboard, the API, the exports, credentials and
who may assess all read it, so they cannot disagree. A qualification counts from the day it
was achieved; a qualified person who does not meet the item's recency rule is "supervised"
(may only work under supervision), not valid.
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
        StatusInfo("supervised", _("Onder begeleiding"), "◐", True, 3),
        StatusInfo("expiring", _("Verloopt binnenkort"), "⚠", True, 4),
        StatusInfo("in_progress", _("Bezig"), "…", True, 5),
        StatusInfo("exempt", _("Vrijgesteld"), "–", False, 6),
        StatusInfo("valid", _("Bekwaam"), "✓", False, 7),
    )
}
# Who may do the work independently on the date: valid, expiring (still valid) and exempt.
COMPETENT = frozenset({"valid", "expiring", "exempt"})
# Who holds the qualification itself on the date, recency met: may assess others for it and
# be issued a credential for it (an exemption excuses, it does not qualify).
QUALIFIED = frozenset({"valid", "expiring"})


def status_of(
    *,
    ever_qualified: bool,
    first_qualified_on: datetime.date | None,
    valid_until: datetime.date | None,
    expiring_from: datetime.date | None,
    exempt_until: datetime.date | None,
    suspended: bool,
    in_progress: bool,
    recency_until: datetime.date | None,
    on: datetime.date,
) -> str:
    """``recency_until``: the last day the item's recency rule is met (``date.max`` when the
    item has none, None when it was never met) — see ``standing.Standing.recency_until``."""
    if suspended:
        return "suspended"
    if exempt_until is not None and exempt_until >= on:
        return "exempt"
    qualified = ever_qualified and first_qualified_on is not None and first_qualified_on <= on
    if qualified and (valid_until is None or valid_until >= on):
        if recency_until is None or recency_until < on:
            return "supervised"
        if valid_until is None or (expiring_from is not None and expiring_from > on):
            return "valid"
        return "expiring"
    if in_progress:
        return "in_progress"
    return "expired" if qualified else "missing"


def line_status(line, on: datetime.date) -> str:
    """Status of a PassportLine (or anything with its fields) on a date."""
    return status_of(
        ever_qualified=line.ever_qualified,
        first_qualified_on=line.first_qualified_on,
        valid_until=line.valid_until,
        expiring_from=line.expiring_from,
        exempt_until=line.exempt_until,
        suspended=line.suspended,
        in_progress=line.in_progress,
        recency_until=line.recency_until,
        on=on,
    )


def status_case(*, on: datetime.date, prefix: str = "") -> Case:
    """``status_of`` as one SQL CASE over PassportLine columns (``prefix`` = lookup path)."""

    def q(**lookups: object) -> Q:
        return Q(**{prefix + key: value for key, value in lookups.items()})

    qualified = q(ever_qualified=True, first_qualified_on__lte=on)
    current = qualified & (q(valid_until__isnull=True) | q(valid_until__gte=on))
    return Case(
        When(q(suspended=True), then=Value("suspended")),
        When(q(exempt_until__gte=on), then=Value("exempt")),
        When(
            current & (q(recency_until__isnull=True) | q(recency_until__lt=on)),
            then=Value("supervised"),
        ),
        When(
            current & (q(valid_until__isnull=True) | q(expiring_from__gt=on)), then=Value("valid")
        ),
        When(current, then=Value("expiring")),
        When(q(in_progress=True), then=Value("in_progress")),
        When(qualified, then=Value("expired")),
        default=Value("missing"),
        output_field=CharField(),
    )
