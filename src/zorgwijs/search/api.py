"""GET /api/v1/search: ranked results across the platform, filtered by what the caller may read."""

from __future__ import annotations

from html import unescape

from django.http import HttpRequest
from django.utils.html import strip_tags
from ninja import Field, Query, Router, Schema

from zorgwijs.api.access import PUBLIC_OPERATION, caller_of
from zorgwijs.api.schemas import describe, responses
from zorgwijs.lib.people import person_key
from zorgwijs.organisations.visibility import viewer_for

from .query import MAX_QUERY_CHARS
from .spelling import search_forgiving

router = Router()


class ResultOut(Schema):
    type: str = Field(description="Soort: project.")
    id: int
    external_id: str | None = Field(description="Kenmerk uit de bron bij geïmporteerde records.")
    title: str
    url: str
    snippet: str = Field(description="Stukje tekst rond de gevonden woorden (platte tekst).")
    score: float = Field(
        description="Relevantie; hoger is beter, alleen binnen één antwoord te vergelijken."
    )


class SearchOut(Schema):
    total: int
    page: int
    corrected_query: str | None = Field(
        None,
        description="Vond de zoekvraag niets en wel na het verbeteren van een tikfout, dan de "
        "verbeterde zoekvraag waarvoor deze resultaten gelden.",
    )
    results: list[ResultOut]


class SearchParams(Schema):
    # A query is searched on its first 4,000 characters (query.MAX_QUERY_CHARS); a longer one
    # does not fit the request line of a GET behind an app server (gunicorn allows 4 KB, a
    # percent-encoded character takes up to 12 bytes), so the API refuses it with 422 at `q`
    # instead of letting the server answer 414. A long description goes to POST
    # /projects/similar.
    q: str = Field(
        "",
        max_length=MAX_QUERY_CHARS,
        description="Zoekwoorden, een vraag of een korte beschrijving (ten hoogste 4000 tekens).",
    )
    type: str | None = Field(None, max_length=30, description="Alleen deze soort, bijv. project.")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(10, ge=1, le=100)


@router.get(
    "",
    response=responses(200, SearchOut, (401, 422)),
    operation_id="search",
    tags=["search"],
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Zoeken",
    description=describe(
        "Zoekt in alles wat de aanroeper mag lezen; zonder account alleen openbare inhoud.",
        (401, 422),
    ),
)
def search_api(request: HttpRequest, params: Query[SearchParams]):
    caller = caller_of(request)
    viewer = viewer_for(caller)
    filters = {"type": [params.type]} if params.type else {}
    result, corrected_query = search_forgiving(
        viewer=viewer,
        text=params.q,
        filters=filters,
        page=params.page,
        page_size=params.page_size,
        with_facets=False,
        asker=person_key(request, caller),
    )
    return {
        "total": result.total,
        "page": result.page,
        "corrected_query": corrected_query or None,
        "results": [
            {
                "type": h.kind,
                "id": h.object_id,
                "external_id": h.external_id or None,
                "title": h.title,
                "url": request.build_absolute_uri(h.url),
                "snippet": unescape(strip_tags(h.snippet)),
                "score": h.score,
            }
            for h in result.hits
        ],
    }
