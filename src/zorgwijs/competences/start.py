"""The competence panels of the start page (docs/screens.md, "Start pages per role").

- everyone: my status in one sentence, with the action for what expires or is missing;
- assessor: the requests waiting for me, each with its next step;
- manager / coordinator: the team's (or organisation's) three numbers, who is not competent
  for a high-risk device, the team's requests waiting, and for the whole organisation the
  trend over the last 30 days.

Each panel costs a fixed number of queries, however many lines, people or requests there are.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from zorgwijs.core.start import ORDER_OWN, ORDER_TASKS, ORDER_TEAM, StartPanel
from zorgwijs.organisations.access import OrgAccess

from .models import (
    ComplianceSnapshot,
    ItemKind,
    PassportLine,
    RequirementLevel,
    RiskProfile,
    SignOffRequest,
)
from .next_steps import StepContext, next_steps_for
from .selectors import passport_rows, passport_summary
from .sign_off import sign_off_inbox
from .status import COMPETENT, QUALIFIED, status_case

TASKS_SHOWN = 5
EXPIRING_DAYS = 30
# Not competent for a high-risk device: may not operate it tonight.
NOT_COMPETENT = ("missing", "expired", "suspended", "supervised", "in_progress")


def passport_panel(request: HttpRequest, access: OrgAccess) -> StartPanel | None:
    if not access.can("competences.view_own"):
        return None
    rows = passport_rows(membership=access.membership, on=timezone.localdate())
    summary = passport_summary(rows)
    if not summary["required"]:
        return None
    context = StepContext(access, access.membership)
    required = [r for r in rows if r.line.level == RequirementLevel.REQUIRED]
    # The first row of each problem gets its action as the panel's button: "Plan je herhaling"
    # leads to the request for that very item, not back to the passport.
    expiring = [r for r in required if r.status == "expiring"]
    missing = [r for r in required if r.status in ("missing", "expired")]
    # Qualified but not independently: supervised (recency), suspended, or waiting on a
    # sign-off; each says so, so "5 van 6" never leaves the sixth unexplained.
    other = [r for r in required if r.status in ("supervised", "suspended", "in_progress")]
    actions = []
    for group in (expiring, missing, other):
        for row in group:
            steps = [s for s in next_steps_for(context, row) if s.url]
            if steps:
                actions.append({"step": steps[0], "item": row.line.item.name})
                break
    return StartPanel(
        "competences/start_passport.html",
        {
            "summary": summary,
            "expiring_names": [r.line.item.name for r in expiring[:3]],
            "missing_names": [r.line.item.name for r in missing[:3]],
            "other_rows": other[:3],
            "actions": actions,
        },
        order=ORDER_OWN,
    )


def tasks_panel(request: HttpRequest, access: OrgAccess) -> StartPanel | None:
    """Requests waiting for this assessor: the count and the oldest few, each with a link."""
    if not access.can("competences.sign_off"):
        return None
    inbox = sign_off_inbox(access)
    return StartPanel(
        "competences/start_tasks.html",
        {"sign_off_count": inbox.count(), "sign_offs": list(inbox[:TASKS_SHOWN])},
        order=ORDER_TASKS,
    )


def team_figures(access: OrgAccess, on: datetime.date) -> dict:
    """Required lines of the people this person may see: competent %, expiring within 30
    days, missing or expired. One aggregate query (plus the manager's departments, once)."""
    members = access.visible_memberships("competences.view_team").active(on)
    soon = on + datetime.timedelta(days=EXPIRING_DAYS)
    # Counted per status and summed here: filtering each count on the status would repeat
    # (and compile) the status CASE once per figure.
    per_status = (
        PassportLine.objects.filter(
            membership__in=members.values("pk"), level=RequirementLevel.REQUIRED
        )
        .annotate(status=status_case(on=on))
        .order_by()
        .values("status")
        .annotate(n=Count("pk"), soon=Count("pk", filter=Q(valid_until__lte=soon)))
        .values_list("status", "n", "soon")
    )
    required = competent = expiring = missing = 0
    for status, n, due_soon in per_status:
        required += n
        if status in COMPETENT:
            competent += n
        if status in QUALIFIED:
            expiring += due_soon
        if status in ("missing", "expired"):
            missing += n
    return {
        "required": required,
        "competent": competent,
        "expiring": expiring,
        "missing": missing,
        "percent": round(100 * competent / required) if required else None,
    }


def _high_risk_gaps(access: OrgAccess, on: datetime.date) -> tuple[list[dict], int]:
    """Who may not operate a high-risk device on ``on``: the first few and how many people."""
    members = access.visible_memberships("competences.view_team").active(on)
    gaps = (
        PassportLine.objects.filter(
            membership__in=members.values("pk"),
            level=RequirementLevel.REQUIRED,
            item__kind=ItemKind.DEVICE,
            item__risk_profile=RiskProfile.HIGH,
        )
        .alias(status=status_case(on=on))
        .filter(status__in=NOT_COMPETENT)
    )
    first = gaps.order_by("membership__user__full_name", "item__name").values(
        "membership_id", "membership__user__full_name", "item_id", "item__name"
    )[:TASKS_SHOWN]
    return [dict(row) for row in first], gaps.values("membership_id").distinct().count()


def _trend(access: OrgAccess, on: datetime.date, percent: int | None) -> int | None:
    """Percentage points gained (or lost) since the snapshot of about 30 days ago."""
    if percent is None:
        return None
    then = (
        ComplianceSnapshot.objects.filter(
            organisation=access.organisation,
            department__isnull=True,
            day__lte=on - datetime.timedelta(days=EXPIRING_DAYS),
            required__gt=0,
        )
        .order_by("-day")
        .values("required", "competent")
        .first()
    )
    if then is None:
        return None
    return percent - round(100 * then["competent"] / then["required"])


def team_panel(request: HttpRequest, access: OrgAccess) -> StartPanel | None:
    if not access.can("competences.view_team"):
        return None
    on = timezone.localdate()
    figures = team_figures(access, on)
    gaps, gap_people = _high_risk_gaps(access, on)
    whole = access.is_whole_organisation
    team_users = access.visible_memberships("competences.view_team").values("user_id")
    pending = SignOffRequest.objects.filter(
        organisation=access.organisation, state=SignOffRequest.State.PENDING
    )
    if not whole:
        pending = pending.filter(person_id__in=team_users)
    return StartPanel(
        "competences/start_team.html",
        {
            "figures": figures,
            "gaps": gaps,
            "gap_people": gap_people,
            "pending_count": pending.count(),
            "whole": whole,
            "trend": _trend(access, on, figures["percent"]) if whole else None,
            "expiring_days": EXPIRING_DAYS,
        },
        order=ORDER_TEAM,
    )
