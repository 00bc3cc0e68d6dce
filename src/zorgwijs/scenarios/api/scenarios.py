"""/api/v1/scenarios: the scenario library, its versions (with their differences), runs and
reviews; recording a run. Creating a scenario and saving a new version are in
``authoring.py``, submitting a review in ``reviews.py``.

Reads are public operations: anonymous callers get what the public pages show, signed-in
callers also what their organisations may read. Review scores and remarks are for the
authors (members of the owning organisation) and for each reviewer their own.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from zorgwijs.api.access import (
    NOT_FOUND,
    PERSONAL_OPERATION,
    PUBLIC_OPERATION,
    OrgAccess,
    caller_of,
)
from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.paging import limit_param, offset_param, window
from zorgwijs.api.schemas import (
    MAX_ID,
    WRITE_ERRORS,
    Id,
    InputSchema,
    IsoDate,
    describe,
    responses,
    text_field,
)
from zorgwijs.audit.context import audit_context
from zorgwijs.incidents.models import IncidentMeasure
from zorgwijs.lib.http import ApiRequest
from zorgwijs.organisations.models import Organisation
from zorgwijs.organisations.visibility import Viewer, viewer_for

from ..diff import version_diff
from ..loop import LINK_RELATED, linkable, loop_link_add
from ..models import (
    SECTION_NAMES,
    LoopLink,
    LoopTarget,
    Scenario,
    ScenarioReview,
    ScenarioRun,
    ScenarioStatus,
)
from ..selectors import (
    can_edit,
    get_scenario_for_viewer,
    get_version,
    reviews_of,
    runs_of,
    scenario_list,
)
from ..services import run_record

router = Router(tags=["scenarios"])
ERRORS = (401, 404, 422)
ScenarioId = Path(..., ge=1, le=MAX_ID, description="Id van het scenario.")
StatusFilter = Query(None, description="Alleen scenario's in deze status.")
Offset = offset_param(1_000_000)
Limit = limit_param()
VersionNumber = Path(..., ge=1, le=2**31 - 1, description="Nummer van de versie.")


class ScenarioSummaryOut(Schema):
    id: int
    url: str
    title: str
    summary: str
    organisation: str
    status: str
    visibility: str
    version: int
    runs: int


class ScenarioOut(ScenarioSummaryOut):
    sections: dict[str, str] = Field(description="De tekst per onderdeel van het sjabloon.")
    crm_skills: list[str]
    duration_minutes: int | None
    concept_ids: list[int] = Field(
        description="De begrippen uit het begrippenkader die het traint."
    )
    competence_item_ids: list[int] = Field(description="De bekwaamheden die het traint.")
    published_version: int | None
    forked_from: dict | None = Field(
        description="Scenario-id en versie waarvan dit een kopie is, als de aanroeper het "
        "origineel mag lezen; anders null."
    )


class VersionOut(Schema):
    number: int
    created_at: str
    author: str | None
    note: str


class SectionChangeOut(Schema):
    section: str
    label: str
    before: str
    after: str


class VersionDetailOut(VersionOut):
    data: dict
    changes: list[SectionChangeOut] = Field(
        description="Per onderdeel dat veranderde ten opzichte van de vorige versie."
    )


class RunOut(Schema):
    id: int
    held_on: str
    organisation: str
    group_size: int
    version: int
    trainer: str | None
    what_worked: str
    what_changed: str
    participant_evaluation: str


class ReviewOut(Schema):
    reviewer: str | None
    organisation: str
    version: int
    scores: dict[str, int]
    remarks: str
    recommends_publication: bool
    created_at: str


class RunIn(InputSchema):
    scenario_id: int = Field(..., ge=1, le=MAX_ID)
    organisation: str = Field(..., max_length=60, description="Korte naam van je organisatie.")
    held_on: IsoDate
    group_size: int = Field(..., ge=1, le=500)
    what_worked: str = Field("", max_length=20_000)
    what_changed: str = Field("", max_length=20_000)
    participant_evaluation: str = Field("", max_length=20_000)


def readable_scenario(viewer: Viewer, scenario_id: int) -> Scenario:
    try:
        return get_scenario_for_viewer(viewer=viewer, scenario_id=scenario_id)
    except Http404:
        raise HttpError(404, NOT_FOUND) from None


def _summary(request: HttpRequest, scenario: Scenario, runs: int) -> dict:
    return {
        "id": scenario.pk,
        "url": request.build_absolute_uri(scenario.get_absolute_url()),
        "title": scenario.title,
        "summary": scenario.summary,
        "organisation": scenario.organisation.name,
        "status": scenario.status,
        "visibility": scenario.visibility,
        "version": scenario.version_number,
        "runs": runs,
    }


def _run_out(run: ScenarioRun) -> dict:
    return {
        "id": run.pk,
        "held_on": run.held_on.isoformat(),
        "organisation": run.organisation.name,
        "group_size": run.group_size,
        "version": run.version.number,
        "trainer": run.trainer.full_name if run.trainer else None,
        "what_worked": run.what_worked,
        "what_changed": run.what_changed,
        "participant_evaluation": run.participant_evaluation,
    }


@router.get(
    "/scenarios",
    response=responses(200, list[ScenarioSummaryOut], (401, 422)),
    operation_id="scenarios_list",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Scenario's",
    description=describe("De scenario's die de aanroeper mag lezen, op titel.", (401, 422)),
)
def scenarios_list(
    request: HttpRequest,
    status: ScenarioStatus | None = StatusFilter,
    offset: int = Offset,
    limit: int = Limit,
):
    viewer = viewer_for(caller_of(request))
    rows = scenario_list(viewer=viewer).order_by("title", "id")
    if status:
        rows = rows.filter(status=status)
    shown = window(rows, limit=limit, offset=offset)
    return [_summary(request, s, getattr(s, "run_count", 0)) for s in shown]


@router.get(
    "/scenarios/{scenario_id}",
    response=responses(200, ScenarioOut, ERRORS),
    operation_id="scenarios_get",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Scenario",
    description=describe("Eén scenario met alle onderdelen van het sjabloon.", ERRORS),
)
def scenario_get(request: HttpRequest, scenario_id: int = ScenarioId):
    viewer = viewer_for(caller_of(request))
    return scenario_out(request, viewer, readable_scenario(viewer, scenario_id))


def scenario_out(request: HttpRequest, viewer: Viewer, scenario: Scenario) -> dict:
    """A ``ScenarioOut``: what the scenario page shows ``viewer``, for the reads and writes."""
    origin = scenario.forked_from
    readable_origin = (
        origin is not None
        and Scenario.objects.visible_to(viewer).filter(pk=origin.scenario_id).exists()
    )
    return {
        **_summary(request, scenario, scenario.runs.count()),
        "sections": {name: getattr(scenario, name) for name in SECTION_NAMES},
        "crm_skills": scenario.crm_skills,
        "duration_minutes": scenario.duration_minutes,
        "concept_ids": sorted(scenario.concepts.values_list("pk", flat=True)),
        "competence_item_ids": sorted(scenario.competence_items.values_list("pk", flat=True)),
        "published_version": (
            scenario.published_version.number if scenario.published_version else None
        ),
        "forked_from": (
            {"scenario_id": origin.scenario_id, "version": origin.number}
            if origin is not None and readable_origin
            else None
        ),
    }


@router.get(
    "/scenarios/{scenario_id}/versions",
    response=responses(200, list[VersionOut], ERRORS),
    operation_id="scenarios_versions",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Versies van een scenario",
    description=describe("Elke opgeslagen versie, nieuwste eerst.", ERRORS),
)
def scenario_versions(request: HttpRequest, scenario_id: int = ScenarioId):
    scenario = readable_scenario(viewer_for(caller_of(request)), scenario_id)
    return [
        {
            "number": v.number,
            "created_at": v.created_at.isoformat(),
            "author": v.author.full_name if v.author else None,
            "note": v.note,
        }
        for v in scenario.versions.select_related("author").defer("data")
    ]


@router.get(
    "/scenarios/{scenario_id}/versions/{version_number}",
    response=responses(200, VersionDetailOut, ERRORS),
    operation_id="scenarios_version_get",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Eén versie en wat die veranderde",
    description=describe("De inhoud van de versie en de verschillen met de vorige.", ERRORS),
)
def scenario_version(
    request: HttpRequest, scenario_id: int = ScenarioId, version_number: int = VersionNumber
):
    scenario = readable_scenario(viewer_for(caller_of(request)), scenario_id)
    try:
        version = get_version(scenario=scenario, number=version_number)
    except Http404:
        raise HttpError(404, NOT_FOUND) from None
    previous = scenario.versions.filter(number=version.number - 1).first()
    before = previous.data if previous else {}
    return {
        "number": version.number,
        "created_at": version.created_at.isoformat(),
        "author": version.author.full_name if version.author else None,
        "note": version.note,
        "data": version.data,
        "changes": [
            {
                "section": s.name,
                "label": s.label,
                "before": str(before.get(s.name) or ""),
                "after": str(version.data.get(s.name) or ""),
            }
            for s in version_diff(before, version.data)
        ],
    }


@router.get(
    "/scenarios/{scenario_id}/runs",
    response=responses(200, list[RunOut], ERRORS),
    operation_id="scenarios_runs",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Uitvoeringen van een scenario",
    description=describe("Waar en wanneer het scenario is uitgevoerd, nieuwste eerst.", ERRORS),
)
def scenario_runs(request: HttpRequest, scenario_id: int = ScenarioId):
    scenario = readable_scenario(viewer_for(caller_of(request)), scenario_id)
    return [_run_out(r) for r in runs_of(scenario)]


@router.get(
    "/scenarios/{scenario_id}/reviews",
    response=responses(200, list[ReviewOut], ERRORS),
    operation_id="scenarios_reviews",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Reviews van een scenario",
    description=describe(
        "Scores en opmerkingen: alle voor de auteurs (de eigen organisatie), voor een "
        "reviewer de eigen review, voor anderen geen.",
        ERRORS,
    ),
)
def scenario_reviews(request: HttpRequest, scenario_id: int = ScenarioId):
    viewer = viewer_for(caller_of(request))
    scenario = readable_scenario(viewer, scenario_id)
    editor = can_edit(viewer, scenario)
    return [
        review_out(r)
        for r in reviews_of(scenario)
        if editor or (viewer.user_id is not None and r.reviewer_id == viewer.user_id)
    ]


def review_out(review: ScenarioReview) -> dict:
    return {
        "reviewer": review.reviewer.full_name if review.reviewer else None,
        "organisation": review.organisation.name,
        "version": review.version.number,
        "scores": review.scores,
        "remarks": review.remarks,
        "recommends_publication": review.recommends_publication,
        "created_at": review.created_at.isoformat(),
    }


# Personal operations take no path parameters: the ids travel in the body.
@router.post(
    "/scenario-runs",
    response=responses(201, RunOut, WRITE_ERRORS),
    operation_id="scenario_runs_create",
    openapi_extra=PERSONAL_OPERATION,
    summary="Uitvoering vastleggen",
    description=describe(
        "Leg vast dat je een scenario hebt uitgevoerd, voor een organisatie waar je werkt. "
        "De eerste uitvoering maakt een concept 'getest'.",
        WRITE_ERRORS,
    ),
)
def scenario_run_create(request: ApiRequest, body: RunIn):
    user = request.auth
    scenario = readable_scenario(viewer_for(user), body.scenario_id)
    organisation = Organisation.objects.filter(slug=body.organisation).first()
    if organisation is None:
        raise HttpError(400, "Onbekende organisatie.")
    held_on: datetime.date = body.held_on
    run = run_record(
        actor=user,
        scenario=scenario,
        organisation=organisation,
        held_on=held_on,
        group_size=body.group_size,
        what_worked=body.what_worked,
        what_changed=body.what_changed,
        participant_evaluation=body.participant_evaluation,
        context=audit_context(request),
    )
    return 201, _run_out(run)


# --- The learning loop: /api/v1/organisations/{org_slug}/loop-links ----------------------------


if TYPE_CHECKING:
    LoopKind = str
else:
    LoopKind = Literal[tuple(LoopTarget.values)]


class LoopLinkIn(InputSchema):
    measure_id: Id
    kind: LoopKind = Field(description="Wat de maatregel veranderde.")
    target_id: Id = Field(
        description="Id van de pagina, het scenario, de bekwaamheid, het vereistenprofiel, "
        "de kennistoets of de leerroutestap. Een pagina koppelt haar versie van nu, een "
        "scenario zijn nieuwste versie."
    )
    note: text_field(300) = ""  # type: ignore[valid-type]


class LoopLinkOut(Schema):
    id: int
    measure_id: int
    incident_id: int
    kind: str
    target: str = Field(description="Titel of naam van wat de maatregel veranderde.")
    target_id: int = Field(description="Id van de paginaversie, scenarioversie, bekwaamheid, …")
    version: int | None = Field(description="Nummer van de paginaversie of scenarioversie.")
    note: str
    created_at: str


def _loop_out(link: LoopLink) -> dict:
    target = link.target
    version = getattr(target, "number", None)
    title = (
        link.revision.title
        if link.revision
        else link.scenario_version.scenario.title
        if link.scenario_version
        else (getattr(target, "name", None) or getattr(target, "title", ""))
    )
    return {
        "id": link.pk,
        "measure_id": link.measure_id,
        "incident_id": link.measure.incident_id,
        "kind": link.kind,
        "target": title,
        "target_id": target.pk,
        "version": version,
        "note": link.note,
        "created_at": link.created_at.isoformat(),
    }


@org_endpoint(
    router,
    "GET",
    "/organisations/{org_slug}/loop-links",
    "incidents.triage",
    response=list[LoopLinkOut],
    operation_id="loop_links_list",
    tags=["incidents"],
    summary="Leerlus: koppelingen van maatregelen",
    description=(
        "What the organisation's incident measures changed (knowledge page revisions, scenario "
        "versions, competence items, requirement profiles, knowledge tests, learning route "
        "steps), oldest first. "
        "Never a reporter. Capability `incidents.triage`."
    ),
)
def loop_links_list(request: HttpRequest, access: OrgAccess):
    links = LoopLink.objects.filter(organisation=access.organisation).select_related(*LINK_RELATED)
    return [_loop_out(link) for link in links[:500]]


@org_endpoint(
    router,
    "POST",
    "/organisations/{org_slug}/loop-links",
    "incidents.triage",
    response=LoopLinkOut,
    status=201,
    operation_id="loop_links_create",
    tags=["incidents"],
    summary="Leerlus: maatregel koppelen",
    description=(
        "Link a measure of the organisation to what it changed. Refused with 400 at the field: "
        "an unknown measure, a target that does not exist or that the caller may not read. "
        "Capability `incidents.triage`."
    ),
)
def loop_links_create(request: ApiRequest, access: OrgAccess, payload: LoopLinkIn):
    measure = IncidentMeasure.objects.filter(
        organisation=access.organisation, pk=payload.measure_id
    ).first()
    if measure is None:
        raise ValidationError({"measure_id": _("Onbekende maatregel.")})
    kind = LoopTarget(payload.kind)
    target = linkable(access)[kind].filter(pk=payload.target_id).first()  # type: ignore[attr-defined]
    if target is None:
        raise ValidationError({"target_id": _("Dit kun je niet lezen; kies iets anders.")})
    link = loop_link_add(
        access=access,
        measure=measure,
        kind=kind,
        target=target,
        note=payload.note,
        context=audit_context(request),
    )
    return Status(201, _loop_out(link))
