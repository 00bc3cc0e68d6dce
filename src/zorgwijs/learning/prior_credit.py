"""A route completed elsewhere, taken over here from its credential: each learning outcome it
covered counts as prior learning for the matching outcome here, so the gap analysis credits
it (docs/credentials.md, "Learning credentials"; docs/learning.md, "Curricula and prior
learning").

The credential names each outcome as an Open Badges alignment (code, title, work process, a
``targetUrl`` shared by every adopter of one network template) with the level it required as
a result the person reached (``services/credentials.py: route_award``). An outcome here
matches by that url — the same network template origin — else by code and title in a
blueprint of the same target role. Registered with the credential import in
``LearningConfig.ready``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zorgwijs.competences.credentials.importing import Credit
from zorgwijs.competences.credentials.models import LEARNING_PROGRAM
from zorgwijs.competences.credentials.verifying import Verification
from zorgwijs.organisations.models import Membership, Organisation

from .models import BlueprintState, Level, Outcome
from .services.credentials import outcome_url
from .services.prior import prior_credit


@dataclass(frozen=True)
class Covered:
    """An outcome as the credential states it."""

    url: str
    code: str
    title: str
    level: int | None

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


def _level(result_description: dict, achieved: str) -> int | None:
    for level in result_description.get("rubricCriterionLevel") or []:
        if isinstance(level, dict) and level.get("id") == achieved:
            value = str(level.get("level") or "")
            return int(value) if value in {str(v) for v in Level.values} else None
    return None


def covered_outcomes(verification: Verification) -> list[Covered]:
    """The outcomes a route credential covered, each with the level its result says the
    person reached (none when it states no completed result)."""
    achievement = verification.achievement
    achieved = {
        str(r.get("resultDescription")): str(r.get("achievedLevel"))
        for r in verification.subject.get("result") or []
        if isinstance(r, dict) and r.get("status") == "Completed"
    }
    levels: dict[str, int] = {}
    for description in achievement.get("resultDescription") or []:
        if not isinstance(description, dict) or str(description.get("id")) not in achieved:
            continue
        level = _level(description, achieved[str(description.get("id"))])
        for alignment in description.get("alignment") or []:
            if isinstance(alignment, dict) and level is not None:
                levels[str(alignment.get("targetUrl"))] = level
    return [
        Covered(
            url=str(a.get("targetUrl") or ""),
            code=str(a.get("targetCode") or ""),
            title=str(a.get("targetName") or ""),
            level=levels.get(str(a.get("targetUrl"))),
        )
        for a in achievement.get("alignment") or []
        if isinstance(a, dict) and a.get("targetType") == "ceasn:Competency" and a.get("targetCode")
    ]


def _outcomes_here(organisation: Organisation) -> list[Outcome]:
    return list(
        Outcome.objects.filter(
            blueprint__organisation=organisation, blueprint__state=BlueprintState.PUBLISHED
        ).select_related("blueprint__adopted_from")
    )


def matches(
    organisation: Organisation, verification: Verification
) -> tuple[list[tuple[Covered, Outcome]], list[Covered]]:
    """(outcome covered, the outcome here it counts for) and what has no counterpart here: the
    same network template's outcome first, else the same code and title in a published
    blueprint of the same target role."""
    role = str(verification.achievement.get("name") or "").casefold()
    here = _outcomes_here(organisation)
    by_url = {outcome_url(o.blueprint, o.code): o for o in here}
    by_name = {
        (o.code.casefold(), o.title.casefold()): o
        for o in here
        if o.blueprint.target_role.casefold() == role
    }
    found: list[tuple[Covered, Outcome]] = []
    unmatched: list[Covered] = []
    for covered in covered_outcomes(verification):
        outcome = by_url.get(covered.url) or by_name.get(
            (covered.code.casefold(), covered.title.casefold())
        )
        if outcome is None or covered.level is None:
            unmatched.append(covered)
        else:
            found.append((covered, outcome))
    return found, unmatched


def route_outcome_credit(organisation: Organisation, verification: Verification) -> Credit | None:
    """A completed route's outcomes as prior learning here (``importing.register_credit``)."""
    if verification.achievement.get("achievementType") != LEARNING_PROGRAM:
        return None
    found, unmatched = matches(organisation, verification)
    if not found and not unmatched:
        return None
    issuer = str(verification.issuer.get("name") or verification.issuer.get("id") or "")
    role = str(verification.achievement.get("name") or "")
    # The level reached per code here; an outcome matched twice keeps its highest level.
    levels: dict[str, int] = {}
    for covered, outcome in found:
        levels[outcome.code] = max(levels.get(outcome.code, 0), covered.level or 0)

    def record(actor, membership: Membership, achieved_on: datetime.date) -> str:
        if not levels:
            return ""
        prior_credit(
            actor=actor,
            membership=membership,
            achieved_on=achieved_on,
            levels=levels,
            description=_("Leerroute %(role)s afgerond bij %(issuer)s")
            % {"role": role, "issuer": issuer},
        )
        return _("als eerder leren: %(codes)s") % {"codes": ", ".join(sorted(levels))}

    return Credit(
        credited=tuple(
            _("%(covered)s (niveau %(level)s): telt voor %(outcome)s in %(blueprint)s")
            % {
                "covered": covered,
                "level": covered.level,
                "outcome": outcome.code,
                "blueprint": outcome.blueprint,
            }
            for covered, outcome in found
        ),
        unmatched=tuple(str(covered) for covered in unmatched),
        record=record,
    )
