"""/api/v1/needs: knowledge needs and bottlenecks, "ik ook" and the Kenniskaart figures.

Reads are public operations: anonymous callers get what the public pages show (public needs,
no author names); signed-in callers also what their organisations may read. Creating a need is
an organisation operation (capability ``projects.create``, every member). "Ik ook" is reached
through the need (404 for a need the caller may not read) and then needs a signed-in caller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.utils import check_csrf

from zorgwijs.api.access import FORBIDDEN, NOT_FOUND, PUBLIC_OPERATION, OrgAccess, caller_of
from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.schemas import (
    MAX_ID,
    PRINTABLE_PATTERN,
    InputSchema,
    choice_field,
    describe,
    responses,
)
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.http import ApiRequest
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import Viewer, viewer_for
from zorgwijs.projects.models import Sector, Theme

from .models import NeedKind, NeedStatus
from .selectors import (
    answers_by_need,
    answers_for,
    get_need_for_viewer,
    knowledge_map,
    need_filter,
    need_list,
)
from .services import MAX_DESCRIPTION, me_too_set, need_create
from .unanswered import top_unanswered_searches

if TYPE_CHECKING:
    from .selectors import CountedNeed

router = Router(tags=["needs"])
ERRORS = (401, 404, 422)
WRITE_ERRORS = (400, 401, 403, 404, 422)
NeedId = Path(..., ge=1, le=MAX_ID, description="Id van de kennisvraag of het knelpunt.")
NOT_SIGNED_IN = "Niet aangemeld: gebruik een geldig toegangstoken of meld je aan."
CSRF_FAILED = "CSRF-controle mislukt: stuur de CSRF-token mee in de X-CSRFToken-header."


class NeedAnswerOut(Schema):
    id: int
    title: str
    url: str


class NeedOut(Schema):
    id: int
    url: str
    kind: str = Field(description="kennisvraag of knelpunt (in kennisdeling).")
    title: str
    description: str
    themes: list[str]
    region: str
    sector: str
    visibility: str
    status: str = Field(description="open, beantwoord of gesloten.")
    organisation: str
    author: str | None = Field(description="Naam van de vraagsteller; null zonder aanmelding.")
    created_at: str
    me_too: int = Field(description="Aantal keer 'ik ook'.")
    answers: list[NeedAnswerOut] = Field(
        description="Projecten die antwoord geven en die de aanroeper mag lezen."
    )


class NeedPageOut(Schema):
    total: int
    page: int
    results: list[NeedOut]


class NeedListParams(Schema):
    theme: str | None = Field(None, max_length=60, description="Korte naam van een thema.")
    region: str | None = Field(None, max_length=100)
    kind: NeedKind | None = None
    status: NeedStatus | None = None
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=100)


class NeedIn(InputSchema):
    kind: choice_field(NeedKind) = NeedKind.QUESTION  # type: ignore[valid-type]
    title: str = Field(..., min_length=1, max_length=200, pattern=PRINTABLE_PATTERN)
    description: str = Field("", max_length=MAX_DESCRIPTION)
    themes: list[str] = Field(
        default_factory=list, max_length=30, description="Korte namen van thema's."
    )
    region: str = Field("", max_length=100, pattern=PRINTABLE_PATTERN)
    sector: choice_field(Sector) | None = None  # type: ignore[valid-type]
    visibility: choice_field(Visibility) = Visibility.PUBLIC  # type: ignore[valid-type]


class MeTooOut(Schema):
    me_too: int = Field(description="Aantal keer 'ik ook' na deze wijziging.")
    mine: bool = Field(description="Of de aanroeper nu 'ik ook' zegt.")


class CellOut(Schema):
    theme: str
    theme_name: str
    region: str = Field(description="Leeg: landelijk of geen regio.")
    projects: int = Field(description="Bekend: projecten die de aanroeper mag lezen.")
    needs: int = Field(description="Open en beantwoorde vragen en knelpunten.")
    me_too: int
    asked: int = Field(description="Gevraagd: vragen plus 'ik ook'.")
    gap: bool = Field(description="Witte vlek: minstens twee keer gevraagd en meer dan bekend.")


class SearchCountOut(Schema):
    query: str
    count: int = Field(description="Aantal verschillende mensen dat hierop zocht.")


class OverviewOut(Schema):
    region: str | None
    regions: list[str]
    themes: list[CellOut]
    cells: list[CellOut]
    unanswered_searches: list[SearchCountOut] = Field(
        description=(
            "Zoekvragen zonder resultaat, anoniem: alleen wat minstens drie verschillende "
            "mensen op minstens twee verschillende dagen zochten."
        )
    )


class OverviewParams(Schema):
    region: str | None = Field(None, max_length=100, description="Alleen deze regio.")


def _out(request: HttpRequest, need: CountedNeed, viewer: Viewer, answers=None) -> dict:
    if answers is None:
        answers = answers_for(viewer=viewer, need=need)
    return {
        "id": need.pk,
        "url": request.build_absolute_uri(need.get_absolute_url()),
        "kind": need.kind,
        "title": need.title,
        "description": need.description,
        "themes": [t.slug for t in need.themes.all()],
        "region": need.region,
        "sector": need.sector,
        "visibility": need.visibility,
        "status": need.status,
        "organisation": need.source_name,
        "author": need.author.full_name if viewer.is_authenticated and need.author else None,
        "created_at": need.created_at.isoformat(),
        "me_too": need.me_too_count,
        "answers": [
            {
                "id": a.project.pk,
                "title": a.project.title,
                "url": request.build_absolute_uri(a.project.get_absolute_url()),
            }
            for a in answers
        ],
    }


def _cell(cell) -> dict:
    return {
        "theme": cell.theme,
        "theme_name": cell.theme_name,
        "region": cell.region,
        "projects": cell.projects,
        "needs": cell.needs,
        "me_too": cell.me_too,
        "asked": cell.asked,
        "gap": cell.is_gap,
    }


def _need(viewer: Viewer, need_id: int) -> CountedNeed:
    try:
        return get_need_for_viewer(viewer=viewer, need_id=need_id)
    except Http404:
        raise HttpError(404, NOT_FOUND) from None


def _signed_in_writer(request: HttpRequest):
    """The caller of a write on a public path: signed in, and a session caller passed CSRF."""
    user = caller_of(request)
    if user is None or not user.is_authenticated:
        raise HttpError(401, NOT_SIGNED_IN)
    uses_token = request.headers.get("Authorization", "").lower().startswith("bearer ")
    if not uses_token and check_csrf(request):
        raise HttpError(403, CSRF_FAILED)
    return user


@router.get(
    "/needs",
    response=responses(200, NeedPageOut, ERRORS),
    operation_id="needs_list",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Kennisvragen en knelpunten",
    description=describe(
        "Kennisvragen en knelpunten die de aanroeper mag lezen, nieuwste eerst.", ERRORS
    ),
)
def needs_list(request: HttpRequest, params: Query[NeedListParams]):
    viewer = viewer_for(caller_of(request))
    filters = {
        "thema": params.theme or "",
        "regio": params.region or "",
        "soort": params.kind or "",
        "status": params.status or "",
    }
    needs = need_filter(need_list(viewer=viewer), filters).distinct()
    start = (params.page - 1) * params.page_size
    page = list(needs[start : start + params.page_size])
    answers = answers_by_need(viewer=viewer, need_ids=[n.pk for n in page])
    return {
        "total": needs.count(),
        "page": params.page,
        "results": [_out(request, n, viewer, answers[n.pk]) for n in page],
    }


# Before /needs/{need_id}: the first pattern that matches the path answers.
@router.get(
    "/needs/overview",
    response=responses(200, OverviewOut, ERRORS),
    operation_id="needs_overview",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Kenniskaart: bekend tegenover gevraagd",
    description=describe(
        "Per thema (en per thema en regio) het aantal projecten tegenover het aantal vragen "
        "en 'ik ook', over wat de aanroeper mag lezen; plus zoekvragen zonder resultaat.",
        ERRORS,
    ),
)
def needs_overview(request: HttpRequest, params: Query[OverviewParams]):
    viewer = viewer_for(caller_of(request))
    result = knowledge_map(viewer=viewer, region=params.region or None)
    return {
        "region": result.region,
        "regions": result.regions,
        "themes": [_cell(c) for c in result.themes],
        "cells": [_cell(c) for c in result.cells],
        "unanswered_searches": top_unanswered_searches(),
    }


@router.get(
    "/needs/{need_id}",
    response=responses(200, NeedOut, ERRORS),
    operation_id="needs_get",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Kennisvraag of knelpunt",
    description=describe("Eén kennisvraag of knelpunt dat de aanroeper mag lezen.", ERRORS),
)
def need_get(request: HttpRequest, need_id: int = NeedId):
    viewer = viewer_for(caller_of(request))
    return _out(request, _need(viewer, need_id), viewer)


def _me_too(request: HttpRequest, need_id: int, on: bool) -> dict:
    viewer = viewer_for(caller_of(request))
    need = _need(viewer, need_id)
    user = _signed_in_writer(request)
    count = me_too_set(actor=user, need=need, on=on, context=audit_context(request))
    return {"me_too": count, "mine": on}


@router.post(
    "/needs/{need_id}/me-too",
    response=responses(200, MeTooOut, WRITE_ERRORS),
    operation_id="needs_me_too_add",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Ik ook",
    description=describe(
        "Zeg 'ik ook' bij een vraag die je mag lezen (één keer per persoon; nog eens is geen "
        "fout). Aanmelding nodig; 400 bij je eigen of een gesloten vraag.",
        WRITE_ERRORS,
    ),
)
def me_too_add(request: HttpRequest, need_id: int = NeedId):
    return _me_too(request, need_id, True)


@router.delete(
    "/needs/{need_id}/me-too",
    response=responses(200, MeTooOut, WRITE_ERRORS),
    operation_id="needs_me_too_remove",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Ik ook intrekken",
    description=describe("Trek je 'ik ook' in. Aanmelding nodig.", WRITE_ERRORS),
)
def me_too_remove(request: HttpRequest, need_id: int = NeedId):
    return _me_too(request, need_id, False)


@org_endpoint(
    router,
    "POST",
    "/organisations/{org_slug}/needs",
    "projects.create",
    response=NeedOut,
    status=201,
    operation_id="needs_create",
    tags=["needs"],
    summary="Kennisvraag of knelpunt plaatsen",
    description="Plaats een kennisvraag of knelpunt namens de organisatie. "
    "Capability `projects.create` (elk lid).",
)
def need_create_api(request: ApiRequest, access: OrgAccess, payload: NeedIn):
    themes = list(Theme.objects.filter(slug__in=payload.themes))
    unknown = sorted(set(payload.themes) - {t.slug for t in themes})
    if unknown:
        raise ValidationError({"themes": f"Onbekend thema: {', '.join(unknown)}."})
    data = payload.dict(exclude={"themes"})
    data["sector"] = data["sector"] or ""
    try:
        need = need_create(
            actor=request.auth,
            organisation=access.organisation,
            data=data,
            themes=themes,
            context=audit_context(request),
        )
    except PermissionDenied:
        raise HttpError(403, FORBIDDEN) from None
    viewer = viewer_for(request.auth)
    return Status(201, _out(request, get_need_for_viewer(viewer=viewer, need_id=need.pk), viewer))
