"""How content apps plug into search: each registers a kind with a source for rebuilds.

``projects`` registers "project" (``projects/search_index.py``) and calls
``services.document_upsert`` from its own services; another kind registers the same way.

Most kinds are read by the organisation rule (public / network / owner organisations). A kind
with a reading rule of its own (a knowledge space: invitations, partner organisations, a chosen
network) gives its documents a ``scope`` and visibility ``SCOPED`` and registers a scope
provider (``organisations/visibility.py: register_scopes``): the scopes a viewer may read,
worked out by the content app's own rule at search time, so a narrowed space is narrowed in
search at once, without re-indexing.
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
    scope: str = ""  # with visibility SCOPED: readable by those whose scopes include it
    external_id: str = ""
    language: str = "nl"
    facets: Sequence[tuple[str, str, str]] = ()  # (facet name, value, label)
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SourceKind:
    kind: str
    label: str | Promise
    entries: Callable[[], Iterable[IndexEntry]]  # every object of this kind, for a rebuild


# The visibility of a document readable only through its scope (never public or by owners).
SCOPED = "scoped"

_KINDS: dict[str, SourceKind] = {}


def register_kind(source: SourceKind) -> None:
    _KINDS[source.kind] = source


def kinds() -> dict[str, SourceKind]:
    return dict(_KINDS)


def kind_label(kind: str) -> str:
    source = _KINDS.get(kind)
    return str(source.label) if source else kind
