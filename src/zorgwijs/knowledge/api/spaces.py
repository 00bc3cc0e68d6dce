"""Spaces: the ones the caller may see, and one space with its page tree."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from zorgwijs.organisations.visibility import viewer_of_request

from ..access import SpaceAccess
from ..endpoints import space_endpoint
from ..selectors import space_overview, spaces_for

router = Router()  # mounted on the package router, which gives the "knowledge" tag


class SpaceOut(Schema):
    slug: str
    name: str
    kind: str
    visibility: str = Field(description="organisation, network of public.")
    owner: str
    description: str


class PageNodeOut(Schema):
    id: int
    title: str
    depth: int


class SpaceDetailOut(SpaceOut):
    pages: list[PageNodeOut]
    question_count: int
    unanswered_count: int
    can_edit: bool
    is_member: bool


def _space(space) -> dict:
    return {
        "slug": space.slug,
        "name": space.name,
        "kind": space.kind,
        "visibility": space.visibility,
        "owner": space.owner_label,
        "description": space.description,
    }


@space_endpoint(
    router,
    "GET",
    "/spaces",
    None,
    response=list[SpaceOut],
    operation_id="knowledge_spaces",
    summary="Kennisruimtes",
    description=(
        "The knowledge spaces the caller may see: of their "
        "organisations, their networks, and public ones."
    ),
)
def spaces_list(request: HttpRequest):
    return [_space(s) for s in spaces_for(viewer_of_request(request))]


@space_endpoint(
    router,
    "GET",
    "/spaces/{space_slug}",
    "viewer",
    response=SpaceDetailOut,
    operation_id="knowledge_space",
    summary="Kennisruimte",
    description=(
        "One space with its page tree and question counts; 404 for a space the caller may not see."
    ),
)
def space_get(request: HttpRequest, access: SpaceAccess):
    overview = space_overview(access)
    return {
        **_space(access.space),
        "pages": [{"id": n.id, "title": n.title, "depth": n.depth} for n in overview.tree],
        "question_count": overview.question_count,
        "unanswered_count": overview.unanswered_count,
        "can_edit": access.can_edit,
        "is_member": access.is_member,
    }
