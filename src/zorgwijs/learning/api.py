"""/api/v1/organisations/{org_slug}/learning/…: blueprints, gap analysis, routes and progress.

The same access helpers, selectors and services as the HTML pages; reading a person's gap or
route is recorded in the audit log.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Path, Router, Schema, Status

from zorgwijs.api.access import OrgAccess
from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.schemas import MAX_ID, Id, InputSchema, IsoDate, text_field
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.http import ApiRequest
from zorgwijs.organisations.models import Membership

from .access import (
    blueprints_for,
    get_blueprint,
    get_guided_step,
    get_member,
    own_routes,
)
from .gap import blueprint_outcomes, gap_read
from .load import learning_load_read
from .models import Blueprint, BlueprintState, RouteState, RouteTemplate
from .selectors import next_step, route_read, route_steps, routes_progress, routes_progress_read
from .services.routes import route_propose, step_sign_off

router = Router(tags=["learning"])

BlueprintId = Path(..., ge=1, le=MAX_ID, description="Id van de blauwdruk.")
MembershipId = Path(..., ge=1, le=MAX_ID, description="Id van het dienstverband.")
RouteId = Path(..., ge=1, le=MAX_ID, description="Id van de route.")
StepId = Path(..., ge=1, le=MAX_ID, description="Id van de stap.")


class OutcomeOut(Schema):
    id: int
    code: str
    title: str
    process: str
    indicators: list[str]
    proof: str
    level: int
    item_id: int | None
    learn_by: str
    learn_hours: int
    assess_hours: int


class BlueprintOut(Schema):
    id: int
    name: str
    target_role: str
    version: int
    state: str
    owner: str = Field(description="Organisatie of netwerk.")


class BlueprintDetailOut(BlueprintOut):
    outcomes: list[OutcomeOut]


class GapRowOut(Schema):
    outcome_id: int
    code: str
    status: str = Field(description="covered, partly (alleen toetsen) of missing.")
    evidence: list[str]


class GapOut(Schema):
    membership_id: int
    blueprint_id: int
    covered: int
    partly: int
    missing: int
    rows: list[GapRowOut]


class StepOut(Schema):
    id: int
    position: int
    kind: str
    title: str
    hours: int
    item_id: int | None
    start_day: int
    due_day: int
    due_on: datetime.date
    due_reason: str
    done_on: datetime.date | None
    done_via: str
    overdue: bool
    prerequisites: list[int]
    outcomes: list[str]


class RouteOut(Schema):
    id: int
    membership_id: int
    person: str
    blueprint_id: int
    blueprint_version: int
    state: str
    start_date: datetime.date
    steps_total: int
    steps_done: int
    steps_overdue: int


class RouteDetailOut(RouteOut):
    next_step_id: int | None
    steps: list[StepOut]


class RouteIn(InputSchema):
    membership_id: Id
    blueprint_id: Id
    start_date: IsoDate
    mentor_membership_id: Id | None = None
    template_id: Id | None = None
    hours_per_week: int = Field(8, ge=1, le=40)


class SignOffIn(InputSchema):
    comment: text_field(5000) = ""  # type: ignore[valid-type]


def _blueprint_out(bp: Blueprint) -> dict:
    return {
        "id": bp.pk,
        "name": bp.name,
        "target_role": bp.target_role,
        "version": bp.version,
        "state": bp.state,
        "owner": bp.network.name if bp.network else bp.organisation.name if bp.organisation else "",
    }


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/learning/blueprints",
    "learning.manage",
    response=list[BlueprintOut],
    operation_id="learning_blueprints_list",
    summary="Blauwdrukken",
    description=(
        "The organisation's blueprints (every version) and those shared in its "
        "networks. Capability `learning.manage`."
    ),
)
def blueprints_list(request: ApiRequest, access: OrgAccess):
    return [_blueprint_out(bp) for bp in blueprints_for(access).order_by("name", "-version")]


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/learning/blueprints/{blueprint_id}",
    "learning.manage",
    response=BlueprintDetailOut,
    operation_id="learning_blueprint_get",
    summary="Blauwdruk",
    description=(
        "A blueprint version with its outcomes per work process. Capability `learning.manage`."
    ),
)
def blueprint_get(request: ApiRequest, access: OrgAccess, blueprint_id: int = BlueprintId):
    bp = get_blueprint(access, blueprint_id)
    return {
        **_blueprint_out(bp),
        "outcomes": [
            {
                "id": o.pk,
                "code": o.code,
                "title": o.title,
                "process": o.process.name,
                "indicators": o.indicator_list,
                "proof": o.proof,
                "level": o.level,
                "item_id": o.item_id,
                "learn_by": o.learn_by,
                "learn_hours": o.learn_hours,
                "assess_hours": o.assess_hours,
            }
            for o in blueprint_outcomes(bp)
        ],
    }


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/learning/blueprints/{blueprint_id}/gap/{membership_id}",
    "learning.manage",
    response=GapOut,
    operation_id="learning_gap_get",
    summary="Verschilanalyse",
    description=(
        "Per outcome of the blueprint: covered (with the evidence: passport, diploma, accepted "
        "EVC), partly (only an assessment needed) or missing. Audited read. "
        "Capability `learning.manage`."
    ),
)
def gap_get(
    request: ApiRequest,
    access: OrgAccess,
    blueprint_id: int = BlueprintId,
    membership_id: int = MembershipId,
):
    bp = get_blueprint(access, blueprint_id)
    membership = get_member(access, membership_id)
    [gap] = gap_read(
        bp, [membership], organisation=access.organisation, context=audit_context(request)
    )
    return {
        "membership_id": membership.pk,
        "blueprint_id": bp.pk,
        **gap.counts,
        "rows": [
            {
                "outcome_id": r.outcome.pk,
                "code": r.outcome.code,
                "status": r.status,
                "evidence": [str(e) for e in r.evidence],
            }
            for r in gap.rows
        ],
    }


def _route_out(progress) -> dict:
    route = progress.route
    return {
        "id": route.pk,
        "membership_id": route.membership_id,
        "person": route.membership.user.full_name,
        "blueprint_id": route.blueprint_id,
        "blueprint_version": route.blueprint.version,
        "state": route.state,
        "start_date": route.start_date,
        "steps_total": progress.total,
        "steps_done": progress.done,
        "steps_overdue": progress.overdue,
    }


def _route_detail(route) -> dict:
    views = route_steps(route)
    progress = routes_progress(type(route).objects.filter(pk=route.pk))[0]
    nxt = next_step(views)
    return {
        **_route_out(progress),
        "next_step_id": nxt.step.pk if nxt else None,
        "steps": [
            {
                "id": v.step.pk,
                "position": v.step.position,
                "kind": v.step.kind,
                "title": v.step.title,
                "hours": v.step.hours,
                "item_id": v.step.item_id,
                "start_day": v.planned.start_day,
                "due_day": v.planned.due_day,
                "due_on": v.due,
                "due_reason": v.planned.reason,
                "done_on": v.step.done_on,
                "done_via": v.step.done_via,
                "overdue": v.overdue,
                "prerequisites": [p.pk for p in v.step.prerequisites.all()],
                "outcomes": [o.code for o in v.step.outcomes.all()],
            }
            for v in views
        ],
    }


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/learning/routes",
    "learning.progress",
    response=list[RouteOut],
    operation_id="learning_routes_list",
    summary="Leerroutes en voortgang",
    description=(
        "Every route of the organisation with its progress and the number of steps past "
        "their due date. Audited read. Capability `learning.progress`."
    ),
)
def routes_list(request: ApiRequest, access: OrgAccess):
    from .access import routes_for_office

    rows = routes_progress_read(access, routes_for_office(access), context=audit_context(request))
    return [_route_out(r) for r in rows]


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/learning/routes/{route_id}",
    "learning.progress",
    response=RouteDetailOut,
    operation_id="learning_route_get",
    summary="Leerroute",
    description=(
        "A route with its steps, each with its due day and why. Audited read. "
        "Capability `learning.progress`."
    ),
)
def route_get(request: ApiRequest, access: OrgAccess, route_id: int = RouteId):
    return _route_detail(route_read(access, route_id, context=audit_context(request)))


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/learning/my-route",
    "learning.view_own",
    response=list[RouteDetailOut],
    operation_id="learning_my_routes",
    summary="Mijn leerroutes",
    description=(
        "The caller's own approved routes with their steps. Capability `learning.view_own`."
    ),
)
def my_routes(request: ApiRequest, access: OrgAccess):
    return [
        _route_detail(r) for r in own_routes(access).select_related("membership__user", "blueprint")
    ]


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/learning/routes",
    "learning.manage",
    response=RouteDetailOut,
    status=201,
    operation_id="learning_route_propose",
    summary="Route voorstellen",
    description=(
        "Propose a draft route for a member on a published blueprint: the steps the gap needs, "
        "or the not yet covered steps of a route template. A second running route on the same "
        "blueprint is refused (400). Capability `learning.manage`."
    ),
)
def route_post(request: ApiRequest, access: OrgAccess, payload: RouteIn):
    membership = get_member(access, payload.membership_id)
    bp = Blueprint.objects.filter(
        organisation=access.organisation, pk=payload.blueprint_id, state=BlueprintState.PUBLISHED
    ).first()
    if bp is None:
        raise ValidationError(
            {"blueprint_id": "Deze blauwdruk is niet vastgesteld in deze organisatie."}
        )
    mentor = None
    if payload.mentor_membership_id is not None:
        mentor = Membership.objects.filter(
            organisation=access.organisation, pk=payload.mentor_membership_id
        ).first()
        if mentor is None:
            raise ValidationError(
                {"mentor_membership_id": "Deze werkbegeleider bestaat niet in deze organisatie."}
            )
    template = None
    if payload.template_id is not None:
        template = RouteTemplate.objects.filter(
            organisation=access.organisation, pk=payload.template_id
        ).first()
        if template is None:
            raise ValidationError({"template_id": "Dit sjabloon bestaat niet in deze organisatie."})
    route = route_propose(
        actor=request.auth,
        membership=membership,
        blueprint=bp,
        start_date=payload.start_date,
        mentor=mentor,
        template=template,
        hours_per_week=payload.hours_per_week,
        context=audit_context(request),
    )
    return Status(201, _route_detail(route))


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/learning/steps/{step_id}/sign-off",
    "learning.guide",
    response=StepOut,
    operation_id="learning_step_sign_off",
    summary="Stap aftekenen",
    description=(
        "The werkbegeleider signs off a step of a route they guide. A practical assessment of a "
        "passport item registers the qualification through the passport (the signer must be "
        "allowed to assess it). A step already done, or a signer who is not the learner's "
        "werkbegeleider, is refused (400). Capability `learning.guide`."
    ),
)
def step_sign_off_post(
    request: ApiRequest, access: OrgAccess, payload: SignOffIn, step_id: int = StepId
):
    step = get_guided_step(access, step_id)
    step_sign_off(access=access, step=step, comment=payload.comment, context=audit_context(request))
    detail = _route_detail(step.route)
    return next(s for s in detail["steps"] if s["id"] == step.pk)


__all__ = ["RouteState", "router"]


class LoadRequirementOut(Schema):
    item_id: int
    item: str
    risk: str
    risk_rank: int = Field(description="3 high or reserved, 2 medium, 1 low, 0 none recorded.")
    renewals_per_year: float = Field(description="12 / validity in months; 0: learned once.")
    hours_per_renewal: float | None = Field(description="None: no course, step or test says.")
    hours_source: str = Field(description="blueprint, route or test; empty when unknown.")
    hours_per_year: float
    performances_per_year: float | None
    people: int
    total_hours_per_year: float
    piles_up: bool = Field(description="Many hours a year with low or no risk behind it.")
    replacements: list[str]
    profiles: list[str]


class LoadPersonOut(Schema):
    membership_id: int
    person: str
    function: str
    department: str
    item_ids: list[int]
    hours_per_year: float


class LoadGroupOut(Schema):
    name: str
    people: int
    hours_per_person: float
    hours_per_year: float


class LoadOut(Schema):
    on: datetime.date
    requirements: list[LoadRequirementOut]
    people: list[LoadPersonOut]
    functions: list[LoadGroupOut]
    departments: list[LoadGroupOut]


def _group_out(group) -> dict:
    return {
        "name": group.name,
        "people": group.people,
        "hours_per_person": group.hours_per_person,
        "hours_per_year": group.hours_per_year,
    }


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/learning/load",
    "learning.manage",
    response=LoadOut,
    operation_id="learning_load_get",
    summary="Leerbelasting",
    description=(
        "Hours of required learning a year that the requirement profiles imply, per "
        "requirement (with the risk it covers), person, function and department. Audited "
        "read. Capability `learning.manage`."
    ),
)
def load_get(request: ApiRequest, access: OrgAccess):
    result = learning_load_read(
        access.organisation,
        access.visible_memberships("learning.manage"),
        context=audit_context(request),
    )
    return {
        "on": result.on,
        "requirements": [
            {
                "item_id": r.item.pk,
                "item": r.item.name,
                "risk": r.risk,
                "risk_rank": r.risk_rank,
                "renewals_per_year": r.renewals_per_year,
                "hours_per_renewal": r.hours_per_renewal,
                "hours_source": r.hours_source,
                "hours_per_year": r.hours_per_year,
                "performances_per_year": r.performances_per_year,
                "people": r.people,
                "total_hours_per_year": r.total_hours_per_year,
                "piles_up": r.piles_up,
                "replacements": [str(x) for x in r.replacements],
                "profiles": r.profiles,
            }
            for r in result.requirements
        ],
        "people": [
            {
                "membership_id": p.membership_id,
                "person": p.name,
                "function": p.function,
                "department": p.department,
                "item_ids": p.item_ids,
                "hours_per_year": p.hours_per_year,
            }
            for p in result.listed
        ],
        "functions": [_group_out(g) for g in result.functions],
        "departments": [_group_out(g) for g in result.departments],
    }
