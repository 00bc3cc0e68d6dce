"""/api/v1/projects: one project by id or external id, and comparable projects.

Public operations: anonymous callers get exactly what the public pages show (public projects,
no contact details); signed-in callers also what their organisations may read.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from zorgwijs.api.access import NOT_FOUND, PUBLIC_OPERATION, caller_of
from zorgwijs.api.schemas import MAX_ID, InputSchema, describe, responses
from zorgwijs.organisations.visibility import Viewer, viewer_for

from .models import Project
from .reactions import approved_tips
from .selectors import get_project_by_external_id, get_project_for_viewer
from .similar import Similar, description_similar, project_similar

router = Router(tags=["projects"])
ERRORS = (401, 404, 422)
ProjectId = Path(..., ge=1, le=MAX_ID, description="Id van het project.")


class ProjectContactOut(Schema):
    name: str
    role: str
    email: str


class AttachmentOut(Schema):
    url: str = Field(description="Download; dezelfde toegang als het project zelf.")
    title: str
    size: int = Field(description="Grootte in bytes.")
    type: str = Field(description="MIME-type, bijvoorbeeld application/pdf.")


class VisitorTipOut(Schema):
    text: str
    author: str | None = Field(description="Alleen voor aangemelde aanroepers; anders null.")
    created_at: str


class ProjectOut(Schema):
    id: int
    external_id: str | None
    url: str
    title: str
    summary: str
    problem: str
    approach: str
    collaboration: str
    results: str
    golden_tips: list[str]
    visitor_tips: list[VisitorTipOut] = Field(
        description="Goedgekeurde gouden tips van bezoekers, naast die van het project zelf."
    )
    pitfalls: list[str]
    status: str
    start_year: int | None
    end_year: int | None
    organisations: list[str]
    region: str
    sector: str
    themes: list[str]
    visibility: str
    attachments: list[AttachmentOut]
    contacts: list[ProjectContactOut] | None = Field(
        description="Alleen voor aangemelde aanroepers; anders null."
    )


class SimilarOut(Schema):
    type: str
    id: int
    external_id: str | None
    title: str
    url: str
    snippet: str
    score: float
    reasons: list[str]


class DescriptionIn(InputSchema):
    description: str = Field(
        ...,
        min_length=1,
        max_length=10_000,
        description="Beschrijving van je project (een alinea).",
    )


def _out(request: HttpRequest, project: Project, viewer: Viewer) -> dict:
    organisations = [project.organisation.name] if project.organisation else []
    return {
        "id": project.pk,
        "external_id": project.external_id,
        "title": project.title,
        "url": request.build_absolute_uri(project.get_absolute_url()),
        "summary": project.summary,
        "problem": project.problem,
        "approach": project.approach,
        "collaboration": project.collaboration,
        "results": project.results,
        "golden_tips": project.tip_list,
        "visitor_tips": [
            {
                "text": tip.text,
                "author": tip.author.full_name if viewer.is_authenticated else None,
                "created_at": tip.created_at.isoformat(),
            }
            for tip in approved_tips(project)
        ],
        "pitfalls": project.pitfall_list,
        "status": project.status,
        "start_year": project.start_year,
        "end_year": project.end_year,
        "organisations": organisations + project.partner_list,
        "region": project.region,
        "sector": project.sector,
        "themes": [t.slug for t in project.themes.all()],
        "visibility": project.visibility,
        "attachments": [
            {
                "url": request.build_absolute_uri(
                    reverse("projects:attachment", kwargs={"attachment_id": a.pk})
                ),
                "title": a.title,
                "size": a.size,
                "type": a.content_type,
            }
            for a in project.attachments.all()
        ],
        "contacts": project.contacts if viewer.is_authenticated else None,
    }


def _similar_out(request: HttpRequest, items: list[Similar]) -> list[dict]:
    from html import unescape

    from django.utils.html import strip_tags

    return [
        {
            "type": "project",
            "id": s.project.pk,
            "external_id": s.project.external_id,
            "title": s.project.title,
            "url": request.build_absolute_uri(s.project.get_absolute_url()),
            "snippet": unescape(strip_tags(s.hit.snippet)),
            "score": s.score,
            "reasons": s.reasons,
        }
        for s in items
    ]


def _project(viewer: Viewer, **lookup) -> Project:
    try:
        if "external_id" in lookup:
            return get_project_by_external_id(viewer=viewer, **lookup)
        return get_project_for_viewer(viewer=viewer, **lookup)
    except Http404:
        raise HttpError(404, NOT_FOUND) from None


# Before /projects/{project_id}: the first pattern that matches the path answers.
@router.post(
    "/projects/similar",
    response=responses(200, list[SimilarOut], (400, 401, 422)),
    operation_id="projects_similar_to_description",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Vergelijkbare projecten bij een beschrijving",
    description=describe(
        "Plak een beschrijving van je project; je krijgt vergelijkbare "
        "projecten zonder eerst een project te registreren.",
        (400, 401, 422),
    ),
)
def description_similar_api(request: HttpRequest, body: DescriptionIn):
    viewer = viewer_for(caller_of(request))
    return _similar_out(
        request, description_similar(viewer=viewer, description=body.description, limit=10)
    )


@router.get(
    "/projects/{project_id}",
    response=responses(200, ProjectOut, ERRORS),
    operation_id="projects_get",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Project",
    description=describe("Eén project dat de aanroeper mag lezen.", ERRORS),
)
def project_get(request: HttpRequest, project_id: int = ProjectId):
    viewer = viewer_for(caller_of(request))
    return _out(request, _project(viewer, project_id=project_id), viewer)


@router.get(
    "/projects/by-external-id/{external_id}",
    response=responses(200, ProjectOut, ERRORS),
    operation_id="projects_get_by_external_id",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Project op extern kenmerk",
    description=describe("Een geïmporteerd project op het kenmerk uit de bron (p001).", ERRORS),
)
def project_get_external(
    request: HttpRequest,
    external_id: str = Path(..., max_length=64, pattern=r"^[-\w.]+$"),
):
    viewer = viewer_for(caller_of(request))
    return _out(request, _project(viewer, external_id=external_id), viewer)


@router.get(
    "/projects/{project_id}/similar",
    response=responses(200, list[SimilarOut], ERRORS),
    operation_id="projects_similar",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Vergelijkbare projecten",
    description=describe("De meest vergelijkbare projecten, met waarom.", ERRORS),
)
def project_similar_api(request: HttpRequest, project_id: int = ProjectId):
    viewer = viewer_for(caller_of(request))
    project = _project(viewer, project_id=project_id)
    return _similar_out(request, project_similar(viewer=viewer, project=project, limit=10))
