"""The search page (anyone) and the glossary screens (platform admins)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from zorgwijs.core.access import public_view
from zorgwijs.lib.people import person_key
from zorgwijs.organisations.visibility import viewer_of_request

from .query import MAX_QUERY_CHARS
from .registry import kind_label
from .selectors import FACETS
from .spelling import search_forgiving

FACET_LABELS = {
    "type": gettext_lazy("Soort"),
    "theme": gettext_lazy("Thema"),
    "region": gettext_lazy("Regio"),
    "sector": gettext_lazy("Sector"),
    "status": gettext_lazy("Status"),
}


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 6 else 1


def _toggle_url(q: str, filters: dict[str, list[str]], name: str, value: str) -> str:
    chosen = {k: list(v) for k, v in filters.items()}
    values = chosen.setdefault(name, [])
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    pairs = [("q", q)] + [(k, v) for k, vs in chosen.items() for v in vs]
    return "?" + urlencode(pairs)


@public_view
def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:MAX_QUERY_CHARS]
    filters = {name: request.GET.getlist(name)[:20] for name in FACETS if request.GET.get(name)}
    page = _page_number(request.GET.get("pagina"))
    result, corrected_query = search_forgiving(
        viewer=viewer_of_request(request),
        text=q,
        filters=filters,
        page=page,
        asker=person_key(request),
    )
    facets = [
        (
            name,
            FACET_LABELS[name],
            [
                {
                    "label": kind_label(v.label) if name == "type" else v.label,
                    "count": v.count,
                    "approximate": v.approximate,
                    "selected": v.selected,
                    "url": _toggle_url(q, filters, name, v.value),
                }
                for v in values[:12]
            ],
        )
        for name, values in result.facets.items()
        if values
    ]
    base = [("q", q)] + [(k, v) for k, vs in filters.items() for v in vs]
    return render(
        request,
        "search/results.html",
        {
            "q": q,
            "result": result,
            "corrected_query": corrected_query,
            "facets": facets,
            "has_filters": bool(filters),
            # The facets' GET parameters: {% filterfold %} counts those with a value.
            "facet_names": " ".join(FACETS),
            "page_base": urlencode(base),
        },
    )
