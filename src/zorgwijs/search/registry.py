"""How content apps plug into search: each registers a kind with a source for rebuilds.

``projects`` registers "project" (``projects/search_index.py``) and calls
``services.document_upsert`` from its own services; another kind registers the same way. Knowledge
spaces, pages and questions stay out of the index on purpose: their visibility can narrow at any
moment and is checked on every read (docs/knowledge.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class IndexEntry:
    """One object as search sees it. ``organisation_ids``: owners whose members always see it."""

    kind: str
    object_id: int
    title: str
    url: str
    visibility: str
    summary: str = ""
    body: str = ""
    organisation_ids: Sequence[int] = ()
    external_id: str = ""
    language: str = "nl"
    facets: Sequence[tuple[str, str, str]] = ()  # (facet name, value, label)
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SourceKind:
    kind: str
    label: str | Promise
    entries: Callable[[], Iterable[IndexEntry]]  # every object of this kind, for a rebuild


_KINDS: dict[str, SourceKind] = {}


def register_kind(source: SourceKind) -> None:
    _KINDS[source.kind] = source


def kinds() -> dict[str, SourceKind]:
    return dict(_KINDS)


def kind_label(kind: str) -> str:
    source = _KINDS.get(kind)
    return str(source.label) if source else kind
