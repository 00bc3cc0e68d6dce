"""Reads: a route with its planned steps, progress of many routes, a learner's next step.

The route page reads in a fixed number of queries whatever the number of steps (prefetches
for outcomes, prerequisites and notes); the progress list counts with one aggregate.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record, record_many
from zorgwijs.organisations.access import OrgAccess
from zorgwijs.organisations.models import Membership

from .access import get_route
from .models import MODULE_KINDS, PriorLearning, Route, RouteState, RouteStep, StepKind, StepNote
from .schedule import Planned, StepPlan, schedule


@dataclass
class StepView:
    step: RouteStep
    planned: Planned
    due: datetime.date
    overdue: bool
    waiting_for: list[RouteStep]  # prerequisites not yet done

    @property
    def state(self) -> str:
        if self.step.is_done:
            return "done"
        return "blocked" if self.waiting_for else "open"


def route_steps(route: Route, *, today: datetime.date | None = None) -> list[StepView]:
    today = today or timezone.localdate()
    steps = list(
        RouteStep.objects.filter(route=route)
        .select_related(
            "item", "department", "supervisor__user", "done_by", "record", "reopened_by"
        )
        .prefetch_related(
            "outcomes",
            "prerequisites",
            Prefetch(
                "notes",
                queryset=StepNote.objects.select_related("author").order_by("created_at"),
            ),
        )
        .order_by("position", "id")
    )
    plans = [
        StepPlan(
            key=s.pk,
            kind=s.kind,
            title=s.title,
            hours=s.hours,
            prerequisites=tuple(p.pk for p in s.prerequisites.all()),
            fixed_due_day=s.fixed_due_day,
            fixed_reason=s.fixed_due_reason,
        )
        for s in steps
    ]
    planned = schedule(plans, hours_per_week=route.hours_per_week)
    done = {s.pk for s in steps if s.is_done}
    views = []
    for s in steps:
        due = planned[s.pk].due_date(route.start_date)
        views.append(
            StepView(
                s,
                planned[s.pk],
                due,
                overdue=not s.is_done and route.state == RouteState.ACTIVE and due < today,
                waiting_for=[p for p in s.prerequisites.all() if p.pk not in done],
            )
        )
    return views


def next_step(views: list[StepView]) -> StepView | None:
    """The open step due first whose prerequisites are done; else the first open one."""
    open_views = [v for v in views if not v.step.is_done]
    ready = [v for v in open_views if not v.waiting_for]
    candidates = ready or open_views
    return min(candidates, key=lambda v: (v.due, v.step.position)) if candidates else None


@dataclass
class RouteProgress:
    route: Route
    total: int
    done: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def routes_progress(
    routes: QuerySet[Route], *, today: datetime.date | None = None
) -> list[RouteProgress]:
    """Progress per route, and how many of its steps are past their due date. Counting is one
    aggregate; the due dates need each route's steps (one more query for all of them)."""
    today = today or timezone.localdate()
    rows = list(
        routes.select_related("membership__user", "blueprint", "mentor__user").annotate(
            total=Count("steps"), done=Count("steps", filter=Q(steps__done_on__isnull=False))
        )
    )
    steps_of: dict[int, list[RouteStep]] = {}
    prereqs: dict[int, list[int]] = {}
    step_rows = RouteStep.objects.filter(route__in=[r.pk for r in rows]).order_by("position", "id")
    for step in step_rows:
        steps_of.setdefault(step.route_id, []).append(step)
    for from_id, to_id in RouteStep.objects.filter(
        route__in=[r.pk for r in rows], prerequisites__isnull=False
    ).values_list("pk", "prerequisites"):
        prereqs.setdefault(from_id, []).append(to_id)
    result = []
    for route in rows:
        steps = steps_of.get(route.pk, [])
        planned = schedule(
            [
                StepPlan(
                    s.pk,
                    s.kind,
                    s.title,
                    s.hours,
                    tuple(prereqs.get(s.pk, ())),
                    s.fixed_due_day,
                    s.fixed_due_reason,
                )
                for s in steps
            ],
            hours_per_week=route.hours_per_week,
        )
        overdue = sum(
            1
            for s in steps
            if not s.is_done
            and route.state == RouteState.ACTIVE
            and planned[s.pk].due_date(route.start_date) < today
        )
        result.append(RouteProgress(route, route.total, route.done, overdue))
    return result


# Audited reads: what the coordinator's and the werkbegeleider's pages and the API show of a
# learner ------------------------------------------------------------------------------------


def _route_viewed(access: OrgAccess, route: Route, context: AuditContext) -> None:
    record(
        "learning.route.viewed",
        kind="view",
        context=context,
        organisation=access.organisation,
        subject=route.membership.user,
        obj=route,
    )


def route_read(access: OrgAccess, route_id: int, *, context: AuditContext) -> Route:
    """A route of the organisation, recorded as viewed."""
    route = get_route(access, route_id)
    _route_viewed(access, route, context)
    return route


def route_steps_read(access: OrgAccess, route: Route, *, context: AuditContext) -> list[StepView]:
    """A route's planned steps for a page that shows them (editing, guiding), recorded as a
    view of the route."""
    views = route_steps(route)
    _route_viewed(access, route, context)
    return views


def routes_progress_read(
    access: OrgAccess, routes: QuerySet[Route], *, context: AuditContext, only_overdue: bool = False
) -> list[RouteProgress]:
    """``routes_progress`` (only routes with overdue steps if asked), everyone listed recorded."""
    rows = routes_progress(routes)
    if only_overdue:
        rows = [r for r in rows if r.overdue]
    record_many(
        "learning.routes.viewed",
        kind="view",
        context=context,
        organisation=access.organisation,
        subjects=[r.route.membership.user for r in rows],
    )
    return rows


def prior_rows_read(
    access: OrgAccess, membership: Membership, *, context: AuditContext
) -> QuerySet[PriorLearning]:
    """A person's prior learning as the coordinator's page lists it, recorded as viewed."""
    record(
        "learning.prior.viewed",
        kind="view",
        context=context,
        organisation=access.organisation,
        subject=membership.user,
    )
    return PriorLearning.objects.filter(membership=membership).select_related(
        "curriculum", "assessed_by"
    )


def prior_decision_read(
    access: OrgAccess, prior: PriorLearning, *, context: AuditContext
) -> PriorLearning:
    """A pending prior learning claim shown to the assessor who decides it, recorded."""
    record(
        "learning.prior.viewed",
        kind="view",
        context=context,
        organisation=access.organisation,
        subject=prior.membership.user,
        obj=prior,
    )
    return prior


@dataclass
class StepProof:
    """How a step gets proven in this organisation: the open knowledge tests of a
    knowledge-test step's passport item, or of a learning module (a module step by its name,
    a knowledge-test step without an item by its own name or the module it comes after); the
    checklists in use of a practical step (by title)."""

    tests: list
    checklists: list

    @property
    def checklist_titles(self) -> str:
        return ", ".join(f"“{c.title}”" for c in self.checklists)


def step_proof(step: RouteStep | None) -> StepProof:
    """At most two queries for a step that a test or a checklist proves, none otherwise.
    The learner takes the test from here; a werkbegeleider who may assess opens the
    checklist for this learner."""
    from zorgwijs.assessments.models import Checklist, KnowledgeTest

    proof = StepProof(tests=[], checklists=[])
    if step is None or step.is_done:
        return proof
    if step.item_id is None:
        modules = _modules_of(step)
        if modules:
            named = Q()
            for module in modules:
                named |= Q(module__iexact=module)
            proof.tests = list(
                KnowledgeTest.objects.filter(
                    named, organisation_id=step.organisation_id, is_active=True
                ).order_by("title", "pk")
            )
        return proof
    mine = {"organisation_id": step.organisation_id, "item_id": step.item_id, "is_active": True}
    if step.kind == "knowledge_test":
        proof.tests = list(KnowledgeTest.objects.filter(**mine).order_by("title", "pk"))
    elif step.kind == "practical":
        proof.checklists = list(Checklist.objects.filter(**mine).order_by("title", "pk"))
    return proof


def _modules_of(step: RouteStep) -> list[str]:
    """The learning modules a step without an item is: its own name for a module step; for a
    knowledge-test step its own name and the module steps it comes after."""
    if step.kind in MODULE_KINDS:
        return [step.title]
    if step.kind != StepKind.KNOWLEDGE_TEST:
        return []
    before = step.prerequisites.filter(kind__in=MODULE_KINDS).values_list("title", flat=True)
    return [step.title, *before]
