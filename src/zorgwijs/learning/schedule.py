"""Due dates of a route's steps, and why each is what it is.

A step starts when its last prerequisite is due (or at the route's start) and takes its hours
at the learner's pace: the route's study hours a week for modules and tests, a working week of
internship for a tailored internship. A coordinator may fix a step's day instead, with a reason.
Computed, not stored, so a changed number of hours moves every later date at once.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

INTERNSHIP_HOURS_PER_WEEK = 24


@dataclass(frozen=True)
class StepPlan:
    key: int
    kind: str
    title: str
    hours: int
    prerequisites: tuple[int, ...]
    fixed_due_day: int | None = None
    fixed_reason: str = ""


@dataclass(frozen=True)
class Planned:
    start_day: int
    due_day: int
    reason: str

    def due_date(self, start: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.due_day)


def _pace(kind: str, hours_per_week: int) -> int:
    return INTERNSHIP_HOURS_PER_WEEK if kind == "internship" else max(hours_per_week, 1)


def schedule(plans: list[StepPlan], *, hours_per_week: int) -> dict[int, Planned]:
    """Plan ``plans`` (prerequisites must come earlier in the list)."""
    planned: dict[int, Planned] = {}
    titles = {plan.key: plan.title for plan in plans}
    for plan in plans:
        before = [planned[key] for key in plan.prerequisites if key in planned]
        start = max((p.due_day for p in before), default=0)
        pace = _pace(plan.kind, hours_per_week)
        days = math.ceil(plan.hours / pace * 7)
        if before:
            last = max(
                (key for key in plan.prerequisites if key in planned),
                key=lambda key: planned[key].due_day,
            )
            begin = _("Begint na “%(step)s” (dag %(day)s).") % {"step": titles[last], "day": start}
        else:
            begin = _("Begint bij de start van de route.")
        work = _("%(hours)s uur bij %(pace)s uur per week = %(days)s dagen.") % {
            "hours": plan.hours,
            "pace": pace,
            "days": days,
        }
        if plan.fixed_due_day is not None:
            reason = _("Vastgezet op dag %(day)s: %(reason)s") % {
                "day": plan.fixed_due_day,
                "reason": plan.fixed_reason,
            }
            planned[plan.key] = Planned(start, plan.fixed_due_day, reason)
        else:
            planned[plan.key] = Planned(start, start + days, f"{begin} {work}")
    return planned
