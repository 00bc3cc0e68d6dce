"""Searching: one SQL query shape for both backends, with who-may-see-what inside the query,
so a result the viewer may not read is never counted, shown or hinted at in a facet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.utils.safestring import SafeString

from zorgwijs.core.data_cache import request_forget, request_read
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import Viewer

from .backends import BROWSE, Source, backend
from .highlight import snippet
from .models import Document, IndexGeneration
from .query import ParsedQuery, parse
from .registry import SCOPED, kind_label
from .signals import search_found_nothing

FACETS = ("type", "theme", "region", "sector", "status")
MAX_PAGE = 100
MAX_FILTER_VALUES = 20
# Facets are counted over the best this-many matches: exact for a result up to this size,
# scaled (and marked approximate) beyond it, so a common word never makes us count everything.
FACET_SAMPLE = 500
# A ranked query that finds fewer than this many documents with all its rarer words also takes
# those with fewer of them (ranked below): never a near-empty page because one word is missing.
NEAR_EMPTY = 10


@dataclass(frozen=True)
class Hit:
    document_id: int
    kind: str
    object_id: int
    external_id: str
    title: str
    url: str
    snippet: SafeString
    score: float
    meta: dict

    @property
    def label(self) -> str:
        """What kind of result this is, for its card ("Kennispagina", "Project" …)."""
        return kind_label(self.kind)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    approximate: bool = False  # scaled from the best matches of a large result (see _facets)


@dataclass
class SearchResult:
    text: str
    hits: list[Hit]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    loosened: bool = False  # no document had every word; these have some of them

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _in(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))


def access_condition(viewer: Viewer) -> tuple[str, list]:
    """SQL that keeps only documents ``viewer`` may read (see docs/tenancy.md, visibility)."""
    owners = (
        "EXISTS (SELECT 1 FROM search_documentorganisation o WHERE o.document_id = d.id "
        "AND o.organisation_id IN ({}))"
    )
    parts = ["d.visibility = %s"]
    params: list[str | int] = [Visibility.PUBLIC.value]
    if viewer.org_ids:
        parts.append(owners.format(_in(viewer.org_ids)))
        params += list(viewer.org_ids)
    if viewer.network_org_ids:
        parts.append("(d.visibility = %s AND " + owners.format(_in(viewer.network_org_ids)) + ")")
        params += [Visibility.NETWORK.value, *viewer.network_org_ids]
    scopes = viewer.scopes
    if scopes:  # documents of a kind with its own reading rule (registry.SCOPED)
        parts.append(f"(d.visibility = %s AND d.scope IN ({_in(scopes)}))")
        params += [SCOPED, *scopes]
    return "(" + " OR ".join(parts) + ")", params


def _filters(filters: Mapping[str, Sequence[str]]) -> tuple[str, list]:
    sql, params = [], []
    for name in FACETS:
        values = [str(v)[:120] for v in filters.get(name, ()) if v][:MAX_FILTER_VALUES]
        if values and name == "type":  # the document's own column: no facet lookup
            sql.append(f"d.kind IN ({_in(values)})")
            params += values
        elif values:
            sql.append(
                "d.id IN (SELECT f.document_id FROM search_facet f WHERE f.name = %s "  # noqa: S608  # nosec B608 - %s placeholders only
                f"AND f.value IN ({_in(values)}))"
            )
            params += [name, *values]
    return "".join(f" AND {s}" for s in sql), params


class _Plan:
    """The SQL of one search. Only fixed fragments written in this module and the backends are
    put into the SQL text; every value (query expression, ids, facet values) is a bound
    parameter, hence the ``noqa: S608`` on the string building below."""

    def __init__(
        self, source: Source, viewer: Viewer, filters: Mapping[str, Sequence[str]]
    ) -> None:
        access_sql, access_params = access_condition(viewer)
        filter_sql, filter_params = _filters(filters)
        self.source = source
        self.where = f"{source.where_sql} AND {access_sql}{filter_sql}"
        # Parameters in SQL order: the FROM clause's, then the WHERE clause's.
        self.params = [*source.from_params, *source.where_params, *access_params, *filter_params]

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        if connection.vendor == "postgresql":
            return _fetch_tuned(sql, params)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self) -> int:
        sql = f"SELECT COUNT(*) FROM {self.source.from_sql} WHERE {self.where}"  # noqa: S608  # nosec B608 - fixed fragments, params
        return self._fetch(sql, self.params)[0][0]

    def ranked(self, limit: int, offset: int) -> list[tuple[int, float]]:
        sql = (
            f"SELECT d.id, {self.source.score_sql} AS score FROM {self.source.from_sql} "  # noqa: S608  # nosec B608 - fixed fragments, params
            f"WHERE {self.where} ORDER BY score DESC, d.id LIMIT %s OFFSET %s"
        )
        return self._fetch(sql, [*self.params, limit, offset])

    def ranked_counted(self, limit: int, offset: int) -> tuple[list[tuple[int, float]], int]:
        """The page and the number of matches in one pass: ranking already visits every match,
        so counting them there saves running the full-text match a second time."""
        sql = (
            "SELECT m.id, m.score, COUNT(*) OVER () FROM ("  # noqa: S608  # nosec B608 - fixed fragments, params
            f"SELECT d.id AS id, {self.source.score_sql} AS score "
            f"FROM {self.source.from_sql} WHERE {self.where}) m "
            "ORDER BY m.score DESC, m.id LIMIT %s OFFSET %s"
        )
        rows = self._fetch(sql, [*self.params, limit, offset])
        if not rows:  # past the last page (or nothing): the window gave no row to read it from
            return [], self.count() if offset else 0
        return [(doc_id, score) for doc_id, score, _ in rows], rows[0][2]

    def facet_counts(self, document_ids: Sequence[int]) -> list[tuple[str, str, str, int]]:
        """Facet values of the given (already matched and permitted) documents: a lookup by
        id instead of a second full-text match."""
        if not document_ids:
            return []
        sql = (
            "SELECT f.name, f.value, MIN(f.label), COUNT(*) FROM search_facet f WHERE "  # noqa: S608  # nosec B608 - %s placeholders only
            f"f.document_id IN ({_in(document_ids)}) GROUP BY f.name, f.value"
        )
        with connection.cursor() as cursor:  # a lookup by key: no planner settings needed
            cursor.execute(sql, list(document_ids))
            return cursor.fetchall()


def _fetch_tuned(sql: str, params: list) -> list[tuple]:
    """A ranking query on PostgreSQL with planner settings for this transaction only (a
    savepoint when the caller is already in one)."""
    with transaction.atomic(), connection.cursor() as cursor:
        # jit: compiling took longer (~30 ms) than it saved. work_mem: summing the postings of
        # common words per document outgrows the default 4 MB and spilled to disk.
        # random_page_cost: the index is read from memory; at the default (4, for spinning
        # disks) the planner scanned all of search_document (~40 ms) rather than look up a
        # few thousand matches by key (~3 ms). One statement: each round trip counts.
        cursor.execute(
            "SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true), "
            "set_config('random_page_cost', '1.1', true)"
        )
        cursor.execute(sql, params)
        return cursor.fetchall()


def _facets(
    plan: _Plan, filters: Mapping[str, Sequence[str]], sample: list[int], total: int
) -> dict[str, list[FacetValue]]:
    """Exact counts when ``sample`` holds every match; otherwise the counts among the best
    ``FACET_SAMPLE`` matches, scaled to ``total`` and marked approximate."""
    grouped: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
    approximate = len(sample) < total
    for name, value, label, count in plan.facet_counts(sample):
        if name in grouped:
            selected = value in set(filters.get(name, ()))
            if approximate:
                count = max(1, round(count * total / len(sample)))
            grouped[name].append(FacetValue(value, label, count, selected, approximate))
    for values in grouped.values():
        values.sort(key=lambda v: (-v.count, v.label))
    return grouped


def _hits(ranked: list[tuple[int, float]], query: ParsedQuery) -> list[Hit]:
    documents = Document.objects.in_bulk([doc_id for doc_id, _ in ranked])
    tokens = query.tokens
    hits = []
    for doc_id, score in ranked:
        d = documents[doc_id]
        text = f"{d.summary}\n{d.body}" if tokens else d.summary
        hits.append(
            Hit(
                d.pk,
                d.kind,
                d.object_id,
                d.external_id,
                d.title,
                d.url,
                snippet(text, tokens),
                round(float(score or 0), 4),
                d.meta,
            )
        )
    return hits


def _run(
    plan: _Plan, offset: int, page_size: int, counted: bool, with_facets: bool
) -> tuple[list[tuple[int, float]], int, list[int]]:
    """The page, the total and the ids facets are counted over, in as few passes as possible:
    on the first pages one ranking query gives all three."""
    if not counted:
        ranked = plan.ranked(page_size, offset)
        return ranked, offset + len(ranked), []
    if not with_facets:
        ranked, total = plan.ranked_counted(page_size, offset)
        return ranked, total, []
    if offset + page_size <= FACET_SAMPLE:
        best, total = plan.ranked_counted(FACET_SAMPLE, 0)
        return best[offset : offset + page_size], total, [doc_id for doc_id, _ in best]
    ranked, total = plan.ranked_counted(page_size, offset)
    sample = [doc_id for doc_id, _ in plan.ranked(FACET_SAMPLE, 0)] if total else []
    return ranked, total, sample


def search(
    *,
    viewer: Viewer,
    text: str,
    filters: Mapping[str, Sequence[str]] | None = None,
    page: int = 1,
    page_size: int = 10,
    with_facets: bool = True,
    with_total: bool = True,
    count_fruitless: bool = True,
    asker: str = "",
) -> SearchResult:
    """Ranked, permission-filtered results for ``text``. Never raises on what a person typed;
    an empty query with filters lists the filtered documents. ``with_total=False`` skips
    counting (callers that only want the best few, like comparable projects)."""
    filters = {k: list(v) for k, v in (filters or {}).items()}
    page, page_size = max(1, min(int(page), 10_000)), max(1, min(int(page_size), MAX_PAGE))
    query = parse(text)
    if query.is_empty and not any(filters.values()):
        return SearchResult(text, [], 0, page, page_size)
    plan = _Plan(backend().source(query) if not query.is_empty else BROWSE, viewer, filters)
    offset = (page - 1) * page_size
    counted = with_total or with_facets
    ranked, total, sample = _run(plan, offset, page_size, counted, with_facets)
    loosened = False
    while _too_few(query, total) and (wider := query.wider()) is not None:
        loosened = loosened or query.require_all
        query = wider
        plan = _Plan(backend().source(query), viewer, filters)
        ranked, total, sample = _run(plan, offset, page_size, counted, with_facets)
    if query.coordinate and ranked and not loosened:
        loosened = not _has_every_group(ranked[0][0], query)
    facets = _facets(plan, filters, sample, total) if with_facets and total else {}
    if total == 0 and count_fruitless and not query.is_empty and not any(filters.values()):
        fruitless_count(text, asker)
    return SearchResult(text, _hits(ranked, query), total, page, page_size, facets, loosened)


def _too_few(query: ParsedQuery, total: int) -> bool:
    """Widen the match: when it found nothing, or a ranked query (coordination) on a large index
    found fewer than ``NEAR_EMPTY`` documents with all its rarer words."""
    return total == 0 or (query.coordinate and total < NEAR_EMPTY)


def _has_every_group(document_id: int, query: ParsedQuery) -> bool:
    """Whether the best document has every group of a ranked query (else the page says that
    no result had all the words)."""
    fields = Document.objects.filter(pk=document_id).values_list(
        "tokens_title", "tokens_summary", "tokens_body"
    )
    tokens = {t for row in fields for text in row for t in text.split()}
    return all(
        any(all(t in tokens for t in alt) for alt in group.alternatives)
        for group in (*query.groups, *query.scored_only)
    )


# The index generation is kept in the cache as well: project and knowledge pages ask for it
# (comparable projects, whom to approach), and a cache read costs a fraction of the query.
INDEX_GENERATION_KEY = "zorgwijs:index-generation"
# Bounds how long a value read just before a concurrent bump's commit can linger.
INDEX_GENERATION_SECONDS = 60


def index_generation() -> int:
    """How many times the index has been written: a cache key part that changes with every
    change of the corpus (``services._generation_bump``, which drops the cached value). Read
    with the data generation, once per request (``core.data_cache.read_along``)."""
    return int(request_read(INDEX_GENERATION_KEY, _index_generation_read))


def _index_generation_read() -> int:
    value = cache.get(INDEX_GENERATION_KEY)
    if value is None:
        value = IndexGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0
        cache.add(INDEX_GENERATION_KEY, value, INDEX_GENERATION_SECONDS)
    return int(value)


def index_generation_forget() -> None:
    cache.delete(INDEX_GENERATION_KEY)
    request_forget(INDEX_GENERATION_KEY)


def fruitless_count(text: str, asker: str = "") -> None:
    """Report a search that found nothing; the needs app counts it without who asked.
    ``asker`` is ``lib.people.person_key`` of the searcher, so it can count distinct people."""
    search_found_nothing.send(sender=SearchResult, text=text, asker=asker)
