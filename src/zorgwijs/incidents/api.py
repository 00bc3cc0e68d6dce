"""/api/v1/organisations/{org_slug}/incidents…: report, my reports, triage reads, lessons.

The same capabilities, selectors and services as the HTML views. An anonymous report made
through the API is as anonymous as one made in the browser: no reporter, no audit actor.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import AfterValidator

from zorgwijs.api.access import OrgAccess
from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.paging import limit_param, offset_param, paged
from zorgwijs.api.schemas import MAX_ID, Id, InputSchema, IsoDateTime, Page, name_field, text_field
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.http import ApiRequest
from zorgwijs.organisations.api.common import Ref

from .models import (
    LONG_TEXT_MAX_LENGTH,
    AnalysisMethod,
    Category,
    CauseCode,
    Incident,
    Lesson,
    Outcome,
    Severity,
)
from .models import Status as IncidentStatus
from .selectors import (
    IncidentFilter,
    get_organisation_lesson,
    incident_open,
    incidents_for_triage,
    lessons_for_organisation,
    my_incidents,
)
from .services import IncidentReport, incident_report

router = Router(tags=["incidents"])

IncidentId = Path(..., ge=1, le=MAX_ID, description="Id van de melding.")
LessonId = Path(..., ge=1, le=MAX_ID, description="Id van de les.")

# The allowed values, as a Literal for the schema; to the type checker just text (it cannot
# read a Literal built from the choices at run time).
if TYPE_CHECKING:
    CategoryCode = str
    OutcomeCode = str
    SeverityCode = str
    StatusCode = str
    MethodCode = str
    CauseCodeValue = str
else:
    CategoryCode = Literal[tuple(Category.values)]
    OutcomeCode = Literal[tuple(Outcome.values)]
    SeverityCode = Literal[tuple(Severity.values)]
    StatusCode = Literal[tuple(IncidentStatus.values)]
    MethodCode = Literal[tuple(["", *AnalysisMethod.values])]
    CauseCodeValue = Literal[tuple(CauseCode.values)]

StatusFilter = Query(None, description="Status.")
SeverityFilter = Query(None, description="Ernst.")
# Multi-line text: line breaks and tabs are fine, other control characters are not.
MULTILINE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def _required_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("Vul dit veld in.")
    return value


LongText = Annotated[
    str,
    Field(min_length=1, max_length=LONG_TEXT_MAX_LENGTH, pattern=MULTILINE_PATTERN),
    AfterValidator(_required_text),
]
OptionalLongText = Annotated[
    str,
    Field(max_length=LONG_TEXT_MAX_LENGTH, pattern=MULTILINE_PATTERN),
    AfterValidator(str.strip),
]


class IncidentIn(InputSchema):
    occurred_at: IsoDateTime = Field(
        description="Wanneer het gebeurde (ISO 8601; zonder tijdzone: Nederlandse tijd)."
    )
    location: name_field(200) = Field(description="Waar het gebeurde.")  # type: ignore[valid-type]
    department_id: Id | None = Field(None, description="Afdeling van deze organisatie.")
    device_id: Id | None = Field(None, description="Apparaat uit de catalogus.")
    device_details: text_field(200) = ""  # type: ignore[valid-type]
    category: CategoryCode
    outcome: OutcomeCode
    severity: SeverityCode
    what_happened: LongText = Field(description="Feitelijk en in volgorde, zonder patiëntgegevens.")
    immediate_action: OptionalLongText = ""
    prevention_idea: OptionalLongText = ""
    anonymous: bool = Field(
        False, description="Anoniem: de melder wordt nergens opgeslagen, ook niet in het auditlog."
    )


class ReportedOut(Schema):
    id: int
    status: StatusCode
    anonymous: bool


class IncidentOut(Schema):
    id: int
    status: StatusCode
    occurred_at: datetime.datetime
    reported_at: datetime.datetime
    location: str
    department: Ref | None
    device: Ref | None
    category: CategoryCode
    outcome: OutcomeCode
    severity: SeverityCode


class CauseOut(Schema):
    code: CauseCodeValue
    description: str


class MeasureOut(Schema):
    action: str
    owner: str = Field(description="Naam van de eigenaar.")
    due_on: datetime.date
    done_on: datetime.date | None


class IncidentDetailOut(IncidentOut):
    anonymous: bool
    reporter: str | None = Field(
        description="Naam van de melder; null bij een anonieme melding (niemand weet die)."
    )
    device_details: str
    what_happened: str
    immediate_action: str
    prevention_idea: str
    analysis_method: MethodCode
    analysis_summary: str
    causes: list[CauseOut]
    measures: list[MeasureOut]


class IncidentPageOut(Page):
    items: list[IncidentOut]


class LessonOut(Schema):
    id: int
    organisation: str
    title: str
    summary: str
    learned: str
    measures: str
    device: Ref | None
    visibility: Literal["organisation", "network", "public"]
    published_at: datetime.datetime


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _incident(incident: Incident) -> dict:
    return {
        "id": incident.pk,
        "status": incident.status,
        "occurred_at": incident.occurred_at,
        "reported_at": incident.reported_at,
        "location": incident.location,
        "department": _ref(incident.department),
        "device": _ref(incident.device),
        "category": incident.category,
        "outcome": incident.outcome,
        "severity": incident.severity,
    }


def _lesson(lesson: Lesson) -> dict:
    return {
        "id": lesson.pk,
        "organisation": lesson.organisation.name,
        "title": lesson.title,
        "summary": lesson.summary,
        "learned": lesson.learned,
        "measures": lesson.measures,
        "device": _ref(lesson.device),
        "visibility": lesson.visibility,
        "published_at": lesson.published_at,
    }


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/incidents",
    "incidents.report",
    response=ReportedOut,
    status=201,
    operation_id="incidents_report",
    summary="Melding maken",
    description=(
        "Report a critical situation (VIM). With `anonymous: true` the reporter is stored "
        "nowhere, not even in the audit log. Texts that look like patient data (a BSN, a date "
        "of birth, a name after 'patiënt', 'mevrouw', 'dhr.' …) are refused with 400 and a "
        "message per field; nothing is stored. Capability `incidents.report` (every member)."
    ),
)
def report_post(request: HttpRequest, access: OrgAccess, payload: IncidentIn):
    data = payload.dict()
    anonymous = data.pop("anonymous")
    incident = incident_report(
        access=access,
        report=IncidentReport(**data),
        anonymous=anonymous,
        context=None if anonymous else audit_context(request),
    )
    return Status(201, {"id": incident.pk, "status": incident.status, "anonymous": anonymous})


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/incidents/mine",
    "incidents.report",
    response=list[IncidentOut],
    operation_id="incidents_mine",
    summary="Mijn meldingen",
    description=(
        "The caller's own named reports with their status, newest first (at most 200). "
        "Anonymous reports are not linked to anyone and never appear here. Capability "
        "`incidents.report` (every member)."
    ),
)
def mine_get(request: HttpRequest, access: OrgAccess):
    return [_incident(i) for i in my_incidents(access)[:200]]


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/incidents/lessons",
    "incidents.lessons",
    response=list[LessonOut],
    operation_id="incidents_lessons",
    summary="Lessen uit meldingen",
    description=(
        "Lessons of this organisation and the network and public lessons of organisations it "
        "shares a network with. De-identified texts only. Capability `incidents.lessons` "
        "(every member)."
    ),
)
def lessons_get(request: HttpRequest, access: OrgAccess):
    return [_lesson(lesson) for lesson in lessons_for_organisation(access)]


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/incidents/lessons/{lesson_id}",
    "incidents.lessons",
    response=LessonOut,
    operation_id="incidents_lesson",
    summary="Eén les",
    description=(
        "One lesson from the list above (404 for any other). Capability `incidents.lessons`."
    ),
)
def lesson_get(request: HttpRequest, access: OrgAccess, lesson_id: int = LessonId):
    return _lesson(get_organisation_lesson(access, lesson_id))


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/incidents",
    "incidents.triage",
    response=IncidentPageOut,
    operation_id="incidents_list",
    summary="Meldingen (triage)",
    description=(
        "The organisation's reports, newest first, with filters. No reporter in the list. "
        "Capability `incidents.triage` (coordinator, VIM committee)."
    ),
)
def list_get(
    request: HttpRequest,
    access: OrgAccess,
    status: StatusCode | None = StatusFilter,
    department_id: int | None = Query(None, ge=1, le=MAX_ID, description="Afdeling."),
    device_id: int | None = Query(None, ge=1, le=MAX_ID, description="Apparaat."),
    severity: SeverityCode | None = SeverityFilter,
    limit: int = limit_param(),
    offset: int = offset_param(),
):
    filters = IncidentFilter(
        status=status or "",
        department_id=department_id,
        device_id=device_id,
        severity=severity or "",
    )
    return paged(incidents_for_triage(access, filters), _incident, limit=limit, offset=offset)


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/incidents/{incident_id}",
    "incidents.triage",
    response=IncidentDetailOut,
    operation_id="incidents_detail",
    summary="Eén melding (triage)",
    description=(
        "A report with its analysis, causes (Eindhoven codes) and measures. `reporter` is the "
        "name of a named reporter and null for an anonymous report. The read is recorded in the "
        "audit log (without linking the reporter). Capability `incidents.triage`."
    ),
)
def detail_get(request: ApiRequest, access: OrgAccess, incident_id: int = IncidentId):
    incident = incident_open(access, incident_id, context=audit_context(request))
    measures = incident.measures.select_related("owner__user")
    return {
        **_incident(incident),
        "anonymous": incident.is_anonymous,
        "reporter": incident.reporter.full_name if incident.reporter else None,
        "device_details": incident.device_details,
        "what_happened": incident.what_happened,
        "immediate_action": incident.immediate_action,
        "prevention_idea": incident.prevention_idea,
        "analysis_method": incident.analysis_method,
        "analysis_summary": incident.analysis_summary,
        "causes": [{"code": c.code, "description": c.description} for c in incident.causes.all()],
        "measures": [
            {
                "action": m.action,
                "owner": m.owner.user.full_name,
                "due_on": m.due_on,
                "done_on": m.done_on,
            }
            for m in measures
        ],
    }
