"""/api/v1/starter-kits: the starter kits of the caller's networks, each with its pages in the
kit's structure and the copies the caller's organisations made of it (read only).

Public operations like the scenarios': an anonymous caller, or someone whose organisations are
in none of the kit's networks, gets an empty list and 404 — the same as the kits page, which
lists only the kits of one's own networks. A kit's pages are read only when the caller may
read its knowledge space (``Space.objects.visible_to``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Schema
from ninja.errors import HttpError

from zorgwijs.api.access import NOT_FOUND, PUBLIC_OPERATION, caller_of
from zorgwijs.api.schemas import MAX_ID, describe, responses
from zorgwijs.knowledge.models import Space
from zorgwijs.organisations.access import organisation_ids_of
from zorgwijs.organisations.visibility import viewer_for

from ..models import StarterKit, StarterKitCopy
from ..starter_kits import kits_for, tree
from .scenarios import router

ERRORS = (401, 404, 422)
KitId = Path(..., ge=1, le=MAX_ID, description="Id van het startpakket.")


class KitCopyOut(Schema):
    organisation: str
    space_slug: str
    version: int = Field(description="De versie van het startpakket waarop de kopie gebaseerd is.")
    behind: bool = Field(description="Of het startpakket sindsdien een nieuwere versie heeft.")
    created_at: str


class KitSummaryOut(Schema):
    id: int
    name: str
    network: str = Field(description="Korte naam (slug) van het netwerk.")
    network_name: str
    space_slug: str
    url: str
    version: int
    released_at: str
    copies: list[KitCopyOut] = Field(
        description="Kopieën die de organisaties van de aanroeper ervan maakten."
    )


class KitPageOut(Schema):
    id: int
    title: str
    parent_id: int | None
    position: int
    url: str


class KitOut(KitSummaryOut):
    pages: list[KitPageOut] = Field(
        description="De pagina's in de opbouw van het startpakket: ouders voor hun kinderen."
    )


def _copies_by_kit(user, kits: list[StarterKit]) -> dict[int, list[StarterKitCopy]]:
    """The copies the caller's organisations made of ``kits``, in one query."""
    org_ids = organisation_ids_of(user) if user is not None and user.is_authenticated else []
    copies: dict[int, list[StarterKitCopy]] = {}
    for copy in (
        StarterKitCopy.objects.filter(kit__in=kits, organisation_id__in=org_ids)
        .select_related("organisation", "space")
        .order_by("created_at", "pk")
    ):
        copies.setdefault(copy.kit_id, []).append(copy)
    return copies


def _summary(request: HttpRequest, kit: StarterKit, copies: list[StarterKitCopy]) -> dict:
    return {
        "id": kit.pk,
        "name": kit.space.name,
        "network": kit.network.slug,
        "network_name": kit.network.name,
        "space_slug": kit.space.slug,
        "url": request.build_absolute_uri(
            reverse("knowledge:space", kwargs={"space_slug": kit.space.slug})
        ),
        "version": kit.version,
        "released_at": kit.released_at.isoformat(),
        "copies": [
            {
                "organisation": c.organisation.name,
                "space_slug": c.space.slug,
                "version": c.version,
                "behind": c.version < kit.version,
                "created_at": c.created_at.isoformat(),
            }
            for c in copies
        ],
    }


def _readable_kits(user) -> list[StarterKit]:
    """The kits of the caller's networks whose space the caller may read."""
    if user is None or not user.is_authenticated:
        return []
    kits = kits_for(user)
    readable = set(
        Space.objects.visible_to(viewer_for(user))
        .filter(pk__in=[k.space_id for k in kits])
        .values_list("pk", flat=True)
    )
    return [k for k in kits if k.space_id in readable]


@router.get(
    "/starter-kits",
    response=responses(200, list[KitSummaryOut], (401,)),
    operation_id="starter_kits_list",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Startpakketten",
    description=describe(
        "De startpakketten van de netwerken van de organisaties van de aanroeper, met de "
        "kopieën die die organisaties ervan maakten. Zonder account: een lege lijst.",
        (401,),
    ),
)
def starter_kits_list(request: HttpRequest):
    user = caller_of(request)
    kits = _readable_kits(user)
    copies = _copies_by_kit(user, kits)
    return [_summary(request, kit, copies.get(kit.pk, [])) for kit in kits]


@router.get(
    "/starter-kits/{kit_id}",
    response=responses(200, KitOut, ERRORS),
    operation_id="starter_kits_get",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Startpakket",
    description=describe(
        "Eén startpakket met zijn pagina's in de vaste opbouw (titels en adressen; de tekst "
        "staat in de kennisbank) en de kopieën van de organisaties van de aanroeper.",
        ERRORS,
    ),
)
def starter_kit_get(request: HttpRequest, kit_id: int = KitId):
    user = caller_of(request)
    kit = next((k for k in _readable_kits(user) if k.pk == kit_id), None)
    if kit is None:
        raise HttpError(404, NOT_FOUND)
    copies = _copies_by_kit(user, [kit]).get(kit.pk, [])
    pages = [
        {
            "id": page.pk,
            "title": page.current_revision.title,
            "parent_id": page.parent_id,
            "position": page.position,
            "url": request.build_absolute_uri(
                reverse("knowledge:page", kwargs={"space_slug": kit.space.slug, "page_id": page.pk})
            ),
        }
        for page in tree(kit.space)
        if page.current_revision is not None  # what a copy takes over
    ]
    return {**_summary(request, kit, copies), "pages": pages}
