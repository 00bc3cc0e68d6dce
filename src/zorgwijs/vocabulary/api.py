"""/api/v1/concepts: the shared vocabulary, as JSON and as SKOS in JSON-LD.

Public operations: concepts are public content (docs/vocabulary.md). A vocabulary is chosen
with ``network`` (a network's short name, or ``platform``).
"""

from __future__ import annotations

import json

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from zorgwijs.api.access import NOT_FOUND, PUBLIC_OPERATION, caller_of
from zorgwijs.api.paging import limit_param, offset_param, window
from zorgwijs.api.schemas import describe, responses
from zorgwijs.organisations.models import Network

from . import skos
from .models import Concept, LabelKind

router = Router(tags=["vocabulary"])
# 401: a token that is sent must be valid, even here (api.access.caller_of), as on search.
ERRORS = (401, 404, 422)
NetworkParam = Query(
    "platform",
    max_length=60,
    pattern=r"^[-a-z0-9]+$",
    description="Korte naam van het netwerk, of 'platform' voor het begrippenkader van het "
    "platform.",
)
Offset = offset_param(1_000_000)
Limit = limit_param(100, 500)


class LabelsOut(Schema):
    pref: dict[str, str]
    alt: dict[str, list[str]]
    hidden: dict[str, list[str]]


class ConceptOut(Schema):
    id: int
    url: str
    labels: LabelsOut
    definition: dict[str, str]
    source: str
    broader: list[int]
    narrower: list[int]
    related: list[int]
    network: str | None = Field(description="Korte naam van het netwerk; null: het platform.")


def _network(slug: str) -> Network | None:
    if slug == "platform":
        return None
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise HttpError(404, NOT_FOUND)
    return network


def _out(request: HttpRequest, concept: Concept) -> dict:
    pref: dict[str, str] = {}
    alt: dict[str, list[str]] = {}
    hidden: dict[str, list[str]] = {}
    for label in concept.labels.all():
        if label.kind == LabelKind.PREFERRED:
            pref[label.language] = label.text
        else:
            target = alt if label.kind == LabelKind.ALTERNATIVE else hidden
            target.setdefault(label.language, []).append(label.text)
    return {
        "id": concept.pk,
        "url": request.build_absolute_uri(concept.get_absolute_url()),
        "labels": {"pref": pref, "alt": alt, "hidden": hidden},
        "definition": {
            k: v for k, v in (("nl", concept.definition_nl), ("en", concept.definition_en)) if v
        },
        "source": concept.source,
        "broader": [c.pk for c in concept.broader.all()],
        "narrower": [c.pk for c in concept.narrower.all()],
        "related": [c.pk for c in concept.related.all()],
        "network": concept.network.slug if concept.network else None,
    }


@router.get(
    "/concepts",
    response=responses(200, list[ConceptOut], ERRORS),
    operation_id="concepts_list",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Begrippen",
    description=describe("De begrippen van één begrippenkader, op voorkeursterm.", ERRORS),
)
def concepts_list(
    request: HttpRequest, network: str = NetworkParam, offset: int = Offset, limit: int = Limit
):
    caller_of(request)
    rows = (
        Concept.objects.filter(network=_network(network))
        .select_related("network")
        .prefetch_related("labels", "broader", "narrower", "related")
        .order_by("pref_nl", "id")
    )
    return [_out(request, c) for c in window(rows, limit=limit, offset=offset)]


@router.get(
    "/concepts/skos",
    response=responses(200, dict, ERRORS),
    operation_id="concepts_skos",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Begrippenkader als SKOS (JSON-LD)",
    description=describe(
        "Het hele begrippenkader als SKOS in JSON-LD. In Turtle: /begrippen/skos.ttl?netwerk=…",
        ERRORS,
    ),
)
def concepts_skos(request: HttpRequest, network: str = NetworkParam):
    caller_of(request)
    chosen = _network(network)
    base = request.build_absolute_uri(reverse("vocabulary:index"))
    rows = skos.statements(
        Concept.objects.filter(network=chosen),
        f"{base}?netwerk={chosen.slug if chosen else 'platform'}",
        chosen.name if chosen else "Zorgwijs",
        lambda pk: request.build_absolute_uri(
            reverse("vocabulary:detail", kwargs={"concept_id": pk})
        ),
    )
    return json.loads(skos.json_ld(rows))
