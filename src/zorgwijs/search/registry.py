"""How content apps plug into search: each registers a kind with a source for rebuilds.

``projects`` registers "project" (``projects/search_index.py``) and calls
``services.document_upsert`` from its own services; another kind registers the same way.

Most kinds are read by the organisation rule (public / network / owner organisations). A kind
with a reading rule of its own (a knowledge space: invitations, partner organisations, a chosen
network) gives its documents a ``scope`` and visibility ``SCOPED`` and registers a
``ScopeProvider``: the scopes a person may read, worked out by the content app's own rule at
search time, so a narrowed space is narrowed in search at once, without re-indexing.
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

# (user or None, their active memberships or None) → the scopes that user may read, e.g.
# {"space:3", "space:9"}. The memberships are passed when the caller has them already (the
# request's), so a provider need not read them again; None means "read them yourself".
ScopeProvider = Callable[[object, Sequence | None], Iterable[str]]

_KINDS: dict[str, SourceKind] = {}
_SCOPE_PROVIDERS: list[ScopeProvider] = []


def register_scopes(provider: ScopeProvider) -> None:
    if provider not in _SCOPE_PROVIDERS:
        _SCOPE_PROVIDERS.append(provider)


def scopes_for(user, memberships: Sequence | None = None) -> tuple[str, ...]:
    """Every scope ``user`` may read, from every registered provider. ``memberships``: the
    person's active memberships when the caller has them already."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    return tuple(sorted({s for provider in _SCOPE_PROVIDERS for s in provider(user, memberships)}))


def register_kind(source: SourceKind) -> None:
    _KINDS[source.kind] = source


def kinds() -> dict[str, SourceKind]:
    return dict(_KINDS)


def kind_label(kind: str) -> str:
    source = _KINDS.get(kind)
    return str(source.label) if source else kind
