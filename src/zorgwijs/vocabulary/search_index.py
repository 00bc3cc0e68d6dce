"""How concepts appear in search: the ``concept`` kind of the search registry (public)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from zorgwijs.organisations.models import Visibility
from zorgwijs.search.registry import IndexEntry, SourceKind, register_kind
from zorgwijs.search.services import document_delete, document_upsert

from .models import Concept, LabelKind

KIND = "concept"


def concept_entry(concept: Concept) -> IndexEntry:
    # Hidden labels (misspellings) stay out of the text, which a snippet may show: search
    # finds them through its synonyms (selectors.synonym_sets), never displays them.
    labels = [label.text for label in concept.labels.all() if label.kind == LabelKind.ALTERNATIVE]
    return IndexEntry(
        kind=KIND,
        object_id=concept.pk,
        title=concept.pref_nl,
        url=concept.get_absolute_url(),
        visibility=Visibility.PUBLIC,
        summary=concept.definition_nl or concept.definition_en,
        body="\n".join([concept.pref_en, concept.definition_en, *labels]),
        language="nl",
        meta={"network": concept.network.name if concept.network else ""},
    )


def concept_index(concept: Concept) -> None:
    document_upsert(concept_entry(concept))


def concept_unindex(concept: Concept) -> None:
    document_delete(kind=KIND, object_id=concept.pk)


def _all_entries() -> Iterator[IndexEntry]:
    concepts = Concept.objects.select_related("network").prefetch_related("labels")
    for concept in concepts.iterator(chunk_size=2000):
        yield concept_entry(concept)


def register() -> None:
    register_kind(SourceKind(KIND, _("Begrip"), _all_entries))
