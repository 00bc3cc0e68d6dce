"""Gap analysis: for people and a blueprint, per outcome covered / partly covered / missing.

Covered: the passport holds the outcome's item as competent today, or an accepted diploma or
EVC evidence reaches the outcome's level. Partly covered (only an assessment is needed): the
item was held once but lapsed, or the prior learning reaches one level below. Missing: to
learn. Every verdict carries the evidence behind it, so each row can be traced.

A cohort is analysed with four queries in all (outcomes, passport lines, prior learning,
curriculum outcomes), then in memory: 500 people × 150 outcomes stays well under two seconds.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from zorgwijs.competences.models import PassportLine
from zorgwijs.competences.status import COMPETENT, STATUSES, line_status
from zorgwijs.organisations.models import Membership

from .models import Blueprint, CurriculumOutcome, Outcome, PriorKind, PriorLearning, PriorState

COVERED, PARTLY, MISSING = "covered", "partly", "missing"
GAP_ORDER = (COVERED, PARTLY, MISSING)

_LINE_FIELDS = (
    "membership_id",
    "item_id",
    "ever_qualified",
    "first_qualified_on",
    "last_qualified_on",
    "valid_until",
    "expiring_from",
    "exempt_until",
    "suspended",
    "in_progress",
    "recency_until",
)


@dataclass
class OutcomeGap:
    outcome: Outcome
    status: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class PersonGap:
    membership: Membership
    rows: list[OutcomeGap]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in GAP_ORDER}

    def by_outcome(self) -> dict[int, OutcomeGap]:
        return {row.outcome.pk: row for row in self.rows}


def blueprint_outcomes(blueprint: Blueprint) -> list[Outcome]:
    return list(
        Outcome.objects.filter(blueprint=blueprint)
        .select_related("process", "item")
        .order_by("process__position", "process__code", "position", "code")
    )


def _prior_levels(
    memberships: list[Membership],
) -> dict[int, dict[str, tuple[int, str]]]:
    """Per membership: outcome code -> (best accepted level, what it comes from)."""
    priors = list(
        PriorLearning.objects.filter(
            membership__in=memberships, state=PriorState.ACCEPTED
        ).select_related("curriculum")
    )
    curricula = {p.curriculum_id for p in priors if p.curriculum_id}
    codes_of: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for code, level, curriculum_id in CurriculumOutcome.objects.filter(
        curriculum_id__in=curricula
    ).values_list("code", "level", "curriculum_id"):
        codes_of[curriculum_id].append((code, level))
    levels: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
    for prior in priors:
        on = formats.date_format(prior.achieved_on, "j M Y")
        if prior.kind == PriorKind.DIPLOMA and prior.curriculum_id:
            source = _("Diploma %(name)s (%(date)s)") % {"name": prior.curriculum, "date": on}
            pairs = codes_of[prior.curriculum_id]
        else:
            source = _("EVC geaccepteerd (%(date)s)") % {"date": on}
            pairs = [(code, prior.level or 0) for code in prior.codes]
        mine = levels[prior.membership_id]
        for code, level in pairs:
            if level > mine.get(code, (0, ""))[0]:
                mine[code] = (level, source)
    return levels


def _passport_lines(memberships: list[Membership], item_ids: set[int]) -> dict[tuple, dict]:
    if not item_ids:
        return {}
    rows = PassportLine.objects.filter(membership__in=memberships, item_id__in=item_ids).values(
        *_LINE_FIELDS
    )
    return {(row["membership_id"], row["item_id"]): row for row in rows}


class _Line:
    """A passport line's values, readable by ``line_status``."""

    def __init__(self, values: dict) -> None:
        self.__dict__.update(values)


def _verdict(
    outcome: Outcome,
    line: dict | None,
    prior: tuple[int, str] | None,
    today: datetime.date,
) -> OutcomeGap:
    gap = OutcomeGap(outcome, MISSING)
    statuses = []
    if line is not None:
        status = line_status(_Line(line), today)
        label = STATUSES[status].label
        if status in COMPETENT:
            statuses.append(COVERED)
            until = line["valid_until"]
            gap.evidence.append(
                _("Paspoort: %(status)s, geldig tot %(date)s")
                % {"status": label, "date": formats.date_format(until, "j M Y")}
                if until
                else _("Paspoort: %(status)s") % {"status": label}
            )
        elif line["ever_qualified"]:
            statuses.append(PARTLY)
            gap.evidence.append(
                _("Paspoort: %(status)s (eerder bekwaam, opnieuw beoordelen)") % {"status": label}
            )
    if prior is not None:
        level, source = prior
        if level >= outcome.level:
            statuses.append(COVERED)
            gap.evidence.append(
                _("%(source)s: niveau %(level)s") % {"source": source, "level": level}
            )
        elif level == outcome.level - 1:
            statuses.append(PARTLY)
            gap.evidence.append(
                _("%(source)s: niveau %(level)s, gevraagd %(required)s")
                % {"source": source, "level": level, "required": outcome.level}
            )
    for status in GAP_ORDER:
        if status in statuses:
            gap.status = status
            break
    return gap


def analyse(
    blueprint: Blueprint,
    memberships: Iterable[Membership],
    *,
    outcomes: list[Outcome] | None = None,
    on: datetime.date | None = None,
) -> list[PersonGap]:
    """The gap of every membership against ``blueprint``, in the order given."""
    people = list(memberships)
    outcomes = blueprint_outcomes(blueprint) if outcomes is None else outcomes
    today = on or timezone.localdate()
    lines = _passport_lines(people, {o.item_id for o in outcomes if o.item_id})
    priors = _prior_levels(people)
    result = []
    for membership in people:
        mine = priors.get(membership.pk, {})
        result.append(
            PersonGap(
                membership,
                [
                    _verdict(
                        outcome,
                        lines.get((membership.pk, outcome.item_id)) if outcome.item_id else None,
                        mine.get(outcome.code),
                        today,
                    )
                    for outcome in outcomes
                ],
            )
        )
    return result


@dataclass
class OutcomeTally:
    outcome: Outcome
    covered: int = 0
    partly: int = 0
    missing: int = 0


def cohort_tally(gaps: list[PersonGap]) -> list[OutcomeTally]:
    """Per outcome, how many people of the cohort have it covered, partly or missing."""
    if not gaps:
        return []
    tallies = [OutcomeTally(row.outcome) for row in gaps[0].rows]
    for gap in gaps:
        for tally, row in zip(tallies, gap.rows, strict=True):
            setattr(tally, row.status, getattr(tally, row.status) + 1)
    return tallies
