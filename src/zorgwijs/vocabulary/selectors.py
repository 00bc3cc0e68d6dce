"""Reads of the vocabulary, for its pages and for the apps that use it (search, scenarios)."""

from __future__ import annotations

from django.db.models import Count, Max, QuerySet

from .models import Concept, ConceptLabel


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
