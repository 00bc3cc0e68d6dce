"""Reads of the vocabulary, for its pages and for the apps that use it (search, scenarios)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from .models import Concept, ConceptLabel

if TYPE_CHECKING:
    from zorgwijs.organisations.visibility import Viewer
    from zorgwijs.search.selectors import Hit

# The search kinds whose text can use a concept (the concept page's "where it is used").
USING_KINDS = ("page", "question", "contribution", "lesson", "project", "scenario")


def concept_list() -> QuerySet[Concept]:
    return Concept.objects.select_related("network")


def synonyms_state() -> tuple:
    """Changes whenever a label is added, changed or removed: one small query."""
    return tuple(
        ConceptLabel.objects.aggregate(n=Count("id"), at=Max("concept__updated_at")).values()
    )


def synonym_sets() -> list[list[str]]:
    """Per concept, every label (preferred, alternative, hidden; both languages): each form
    finds the others in search."""
    sets: dict[int, list[str]] = {}
    for concept_id, text in ConceptLabel.objects.values_list("concept_id", "text").order_by(
        "concept_id", "kind", "id"
    ):
        sets.setdefault(concept_id, []).append(text)
    return [forms for forms in sets.values() if len(forms) > 1]


def synonym_sets_by_language() -> list[list[tuple[str, str]]]:
    """``synonym_sets`` with each label's language: (language, text)."""
    sets: dict[int, list[tuple[str, str]]] = {}
    for concept_id, language, text in ConceptLabel.objects.values_list(
        "concept_id", "language", "text"
    ).order_by("concept_id", "kind", "id"):
        sets.setdefault(concept_id, []).append((language, text))
    return [forms for forms in sets.values() if len(forms) > 1]


@dataclass(frozen=True)
class Relations:
    broader: list[Concept]
    narrower: list[Concept]
    related: list[Concept]


def concept_relations(concept: Concept) -> Relations:
    """Broader, narrower and related concepts in one query."""
    broader = Concept.broader.through.objects.filter(
        from_concept_id=concept.pk, to_concept_id=OuterRef("pk")
    )
    narrower = Concept.broader.through.objects.filter(
        to_concept_id=concept.pk, from_concept_id=OuterRef("pk")
    )
    related = Concept.related.through.objects.filter(
        from_concept_id=concept.pk, to_concept_id=OuterRef("pk")
    )
    rows = list(
        Concept.objects.annotate(
            is_broader=Exists(broader), is_narrower=Exists(narrower), is_related=Exists(related)
        )
        .filter(Q(is_broader=True) | Q(is_narrower=True) | Q(is_related=True))
        .order_by("pref_nl")
    )
    return Relations(
        broader=[c for c in rows if c.is_broader],
        narrower=[c for c in rows if c.is_narrower],
        related=[c for c in rows if c.is_related],
    )


MENTIONS_TTL = 6 * 3600


def concept_mentions(concept: Concept, viewer: Viewer, limit: int = 10) -> list[Hit]:
    """What mentions ``concept`` and ``viewer`` may read: knowledge pages, questions, network
    contributions, lessons, projects and scenarios, found through the search registry (so its
    reading rules apply) by the preferred label, which search widens with every other label of
    the concept. A result that lacks one of the label's words (search loosened the match) does
    not count as a use.

    Cached under the index generation (every write to the search index, a concept's own
    change included, makes a new one, so the list is never stale) and what the viewer may read
    (the inputs of ``search.selectors.access_condition``): a cached list costs two queries
    instead of the search's seven to nine."""
    import hashlib

    from django.core.cache import cache

    from zorgwijs.search.selectors import index_generation, search

    label = concept.pref_nl or concept.pref_en
    if not label:
        return []
    who = repr((viewer.org_ids, viewer.network_org_ids, viewer.scopes))
    digest = hashlib.sha256(who.encode()).hexdigest()[:16]
    key = f"vocabulary:mentions:{concept.pk}:{limit}:{index_generation()}:{digest}"
    hits: list[Hit] | None = cache.get(key)
    if hits is None:
        result = search(
            viewer=viewer,
            text=label,
            filters={"type": list(USING_KINDS)},
            page_size=limit,
            with_facets=False,
            with_total=False,
            count_fruitless=False,
        )
        hits = [] if result.loosened else result.hits
        cache.set(key, hits, MENTIONS_TTL)
    return hits
