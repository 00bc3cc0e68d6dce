"""Gap analysis: for people and a blueprint, per outcome covered / partly covered / missing.

Covered: the passport holds the outcome's item as competent today, or an accepted diploma or
EVC evidence reaches the outcome's level. Partly covered (only an assessment is needed): the
item was held once but lapsed, or the prior learning reaches one level below. Missing: to
learn. Every verdict carries the evidence behind it, so each row can be traced.

A cohort is analysed with four queries in all (outcomes, passport lines with their status
computed by the passport's SQL, prior learning, curriculum outcomes), then in memory with a
status string per outcome: 500 people × 150 outcomes in about two seconds on a busy machine
(benchmarks/learning.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record_many
from zorgwijs.competences.models import CompetenceItem, PassportLine
from zorgwijs.competences.status import COMPETENT, STATUSES, status_case
from zorgwijs.organisations.models import Membership, Organisation

from .models import Blueprint, CurriculumOutcome, Outcome, PriorKind, PriorLearning, PriorState

COVERED, PARTLY, MISSING = "covered", "partly", "missing"
GAP_ORDER = (COVERED, PARTLY, MISSING)


@dataclass
class OutcomeGap:
    """One outcome's verdict. ``sources`` keep the evidence as data; ``evidence`` words it only
    when someone reads it (a cohort of 500 × 150 outcomes never formats a sentence it does not
    show)."""

    outcome: Outcome
    status: str
    sources: list[tuple] = field(default_factory=list)

    @property
    def evidence(self) -> list[str]:
        return [_describe(source, self.outcome) for source in self.sources]


def _describe(source: tuple, outcome: Outcome) -> str:
    if source[0] == "passport":
        status, until = source[1], source[2]
        label = STATUSES[status].label
        if status in COMPETENT:
            if until:
                return _("Paspoort: %(status)s, geldig tot %(date)s") % {
                    "status": label,
                    "date": formats.date_format(until, "j M Y"),
                }
            return _("Paspoort: %(status)s") % {"status": label}
        return _("Paspoort: %(status)s (eerder bekwaam, opnieuw beoordelen)") % {"status": label}
    level, origin = source[1], source[2]
    if level >= outcome.level:
        return _("%(source)s: niveau %(level)s") % {"source": origin, "level": level}
    return _("%(source)s: niveau %(level)s, gevraagd %(required)s") % {
        "source": origin,
        "level": level,
        "required": outcome.level,
    }


class PersonGap:
    """One person's verdicts, in the blueprint's outcome order. Kept as plain statuses (and
    the evidence of the outcomes that have any) so a cohort costs a string per outcome;
    ``rows`` builds the traceable rows when a page shows them."""

    def __init__(
        self,
        membership: Membership,
        outcomes: list[Outcome],
        statuses: list[str],
        sources: dict[int, list[tuple]],
    ) -> None:
        self.membership = membership
        self.outcomes = outcomes
        self.statuses = statuses
        self.sources = sources

    @property
    def rows(self) -> list[OutcomeGap]:
        pairs = zip(self.outcomes, self.statuses, strict=True)
        return [
            OutcomeGap(outcome, status, self.sources.get(index, []))
            for index, (outcome, status) in enumerate(pairs)
        ]

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.statuses.count(status) for status in GAP_ORDER}

    def by_outcome(self) -> dict[int, OutcomeGap]:
        return {row.outcome.pk: row for row in self.rows}


def blueprint_outcomes(blueprint: Blueprint) -> list[Outcome]:
    return list(
        Outcome.objects.filter(blueprint=blueprint)
        .select_related("process", "item")
        # Of the item only what pages show: a cohort's analysis reads 150 of these rows.
        .defer(
            *(
                f"item__{f.name}"
                for f in CompetenceItem._meta.concrete_fields
                if f.name not in ("id", "name", "kind")
            )
        )
        .order_by("process__position", "process__code", "position", "code")
    )


def _priors(memberships: list[Membership]) -> dict[int, list[tuple[dict[str, int], str]]]:
    """Per membership: its accepted prior learning, each as (outcome code -> level, where it
    comes from). A track's levels are one dictionary shared by all its graduates."""
    priors = list(
        PriorLearning.objects.filter(
            membership__in=memberships, state=PriorState.ACCEPTED
        ).select_related("curriculum")
    )
    curricula = {p.curriculum_id for p in priors if p.curriculum_id}
    levels_of: dict[int, dict[str, int]] = defaultdict(dict)
    for code, level, curriculum_id in CurriculumOutcome.objects.filter(
        curriculum_id__in=curricula
    ).values_list("code", "level", "curriculum_id"):
        levels_of[curriculum_id][code] = level
    result: dict[int, list[tuple[dict[str, int], str]]] = defaultdict(list)
    for prior in priors:
        on = formats.date_format(prior.achieved_on, "j M Y")
        levels: dict[str, int]
        if prior.kind == PriorKind.DIPLOMA and prior.curriculum_id:
            source = _("Diploma %(name)s (%(date)s)") % {"name": prior.curriculum, "date": on}
            levels = levels_of[prior.curriculum_id]
        elif prior.kind == PriorKind.CREDENTIAL:
            source = f"{prior.description} ({on})"  # worded when it was taken over
            levels = {code: prior.level or 0 for code in prior.codes}
        else:
            source = _("EVC geaccepteerd (%(date)s)") % {"date": on}
            levels = {code: prior.level or 0 for code in prior.codes}
        result[prior.membership_id].append((levels, source))
    return result


def _passport(
    memberships: list[Membership], item_ids: set[int], on: datetime.date
) -> dict[tuple[int, int], tuple[str, datetime.date | None]]:
    """(membership, item) -> (status on ``on``, valid until), the status computed by the
    passport's own SQL CASE, so thousands of lines cost one narrow query."""
    if not item_ids:
        return {}
    rows = (
        PassportLine.objects.filter(membership__in=memberships, item_id__in=item_ids)
        .annotate(status=status_case(on=on))
        .exclude(status="missing")
        .values_list("membership_id", "item_id", "status", "valid_until")
    )
    return {(m, i): (status, until) for m, i, status, until in rows}


def _judge(
    pk: int,
    specs: list[tuple[int, int | None, str, int]],
    lines: dict[tuple[int, int], tuple[str, datetime.date | None]],
    mine: list[tuple[dict[str, int], str]] | tuple,
) -> tuple[list[str], dict[int, list[tuple]]]:
    statuses: list[str] = []
    sources: dict[int, list[tuple]] = {}
    for index, item_id, code, required in specs:
        covered = partly = False
        found: list[tuple] = []
        if item_id:
            line = lines.get((pk, item_id))
            if line is not None and line[0] != "in_progress":
                covered = line[0] in COMPETENT
                partly = not covered
                found.append(("passport", line[0], line[1]))
        for levels, origin in mine:
            level = levels.get(code)
            if level is not None and level >= required - 1:
                covered = covered or level >= required
                partly = partly or level < required
                found.append(("prior", level, origin))
        if found:
            sources[index] = found
        statuses.append(COVERED if covered else PARTLY if partly else MISSING)
    return statuses, sources


def analyse(
    blueprint: Blueprint,
    memberships: Iterable[Membership],
    *,
    outcomes: list[Outcome] | None = None,
    on: datetime.date | None = None,
) -> list[PersonGap]:
    """The gap of every membership against ``blueprint``, in the order given.

    Covered: the passport holds the outcome's item as competent, or accepted prior learning
    reaches the outcome's level. Partly: the item was held once (lapsed, suspended, under
    supervision) or prior learning reaches one level below. Else missing."""
    people = list(memberships)
    outcomes = blueprint_outcomes(blueprint) if outcomes is None else outcomes
    today = on or timezone.localdate()
    lines = _passport(people, {o.item_id for o in outcomes if o.item_id}, today)
    priors = _priors(people)
    specs = [(index, o.item_id, o.code, o.level) for index, o in enumerate(outcomes)]
    return [
        PersonGap(m, outcomes, *_judge(m.pk, specs, lines, priors.get(m.pk, ()))) for m in people
    ]


def gap_read(
    blueprint: Blueprint,
    memberships: list[Membership],
    *,
    organisation: Organisation,
    context: AuditContext,
    cohort: bool = False,
    outcomes: list[Outcome] | None = None,
) -> list[PersonGap]:
    """``analyse`` as a coordinator reads it (one person or a cohort, page or API): it shows
    each person's passport and prior learning, so everyone analysed is recorded as viewed."""
    gaps = analyse(blueprint, memberships, outcomes=outcomes)
    data: dict[str, object] = {"blueprint": str(blueprint)}
    if cohort:
        data["cohort"] = True
    record_many(
        "learning.gap.viewed",
        kind="view",
        context=context,
        organisation=organisation,
        subjects=[m.user for m in memberships],
        data=data,
    )
    return gaps


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
    tallies = [OutcomeTally(outcome) for outcome in gaps[0].outcomes]
    for gap in gaps:
        for tally, status in zip(tallies, gap.statuses, strict=True):
            setattr(tally, status, getattr(tally, status) + 1)
    return tallies
