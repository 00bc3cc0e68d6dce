"""Pages: read one (validated or newest version) and save a new revision."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from zorgwijs.api.schemas import MAX_ID, InputSchema, name_field, text_field
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.http import ApiRequest

from ..access import SpaceAccess
from ..endpoints import space_endpoint
from ..selectors import get_page
from ..services.pages import BODY_MAX, EditConflict, page_revise
from .common import PageId

router = Router()  # mounted on the package router, which gives the "knowledge" tag


class RevisionOut(Schema):
    id: int
    number: int
    title: str
    body: str = Field(description="Markdown.")
    body_html: str = Field(description="Veilige HTML (gesaneerd).")
    author: str | None
    created_at: datetime.datetime
    validated_at: datetime.datetime | None


class PageOut(Schema):
    id: int
    space: str
    parent_id: int | None
    current_revision_id: int
    validated_revision_id: int | None
    review_due: datetime.date | None
    revision: RevisionOut = Field(
        description="De getoonde versie: de gecontroleerde, tenzij latest=true of er nog geen is."
    )


class RevisionIn(InputSchema):
    title: name_field(200)  # type: ignore[valid-type]
    body: str = Field("", max_length=BODY_MAX)
    base_revision_id: int = Field(
        ..., ge=1, le=MAX_ID, description="De versie waarop je wijziging is gebaseerd."
    )
    note: text_field(300) = ""  # type: ignore[valid-type]


def _revision(revision) -> dict:
    return {
        "id": revision.pk,
        "number": revision.number,
        "title": revision.title,
        "body": revision.body,
        "body_html": revision.body_html,
        "author": revision.author.full_name if revision.author else None,
        "created_at": revision.created_at,
        "validated_at": revision.validated_at,
    }


@space_endpoint(
    router,
    "GET",
    "/spaces/{space_slug}/pages/{page_id}",
    "viewer",
    response=PageOut,
    operation_id="knowledge_page",
    summary="Pagina lezen",
    description=(
        "A page in its validated version (what readers see by "
        "default), or the newest with `latest=true`."
    ),
)
def page_get(
    request: HttpRequest,
    access: SpaceAccess,
    page_id: int = PageId,
    latest: bool = Query(False, description="De nieuwste versie in plaats van de gecontroleerde."),
):
    page = get_page(access, page_id)
    shown = (
        page.current_revision
        if latest or not page.validated_revision_id
        else (page.validated_revision)
    )
    return {
        "id": page.pk,
        "space": access.space.slug,
        "parent_id": page.parent_id,
        "current_revision_id": page.current_revision_id,
        "validated_revision_id": page.validated_revision_id,
        "review_due": page.review_due,
        "revision": _revision(shown),
    }


@space_endpoint(
    router,
    "POST",
    "/spaces/{space_slug}/pages/{page_id}/revisions",
    "editor",
    response=RevisionOut,
    status=201,
    operation_id="knowledge_page_revise",
    summary="Pagina wijzigen",
    description=(
        "Save a new revision (editors of the space). Send the revision you based "
        "your change on as `base_revision_id`: if someone saved in between, the "
        "answer is **409** with the newest revision id and nothing is stored — fetch "
        "it, merge, and send again."
    ),
)
def page_revise_post(
    request: ApiRequest, access: SpaceAccess, payload: RevisionIn, page_id: int = PageId
):
    page = get_page(access, page_id)
    try:
        revision = page_revise(
            actor=request.auth,
            page=page,
            title=payload.title,
            body=payload.body,
            base_revision_id=payload.base_revision_id,
            note=payload.note,
            context=audit_context(request),
        )
    except EditConflict as conflict:
        raise HttpError(
            409,
            f"Iemand anders heeft de pagina intussen gewijzigd (versie "
            f"{conflict.current.number}, id {conflict.current.pk}). Haal "
            "die op, voeg samen en stuur opnieuw.",
        ) from None
    return Status(201, _revision(revision))
