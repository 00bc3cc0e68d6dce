"""Writes to the index. Content apps call these inside their own service's transaction, so
the index can never disagree with the content after a commit (or a rollback)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

from django.db import connection, transaction
from django.db.models import F

from .analysis import document_tokens, words
from .models import Document, DocumentOrganisation, Facet, IndexGeneration, Term
from .postings import postings_insert, weighted_frequencies
from .query import index_size_forget
from .registry import IndexEntry, kinds
from .selectors import index_generation_forget
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    from collections.abc import Iterator

# Entries analysed and written per round of a bulk index: the postings of a round are sorted
# by key before they are written, so larger rounds write more in order (~150 rows each).
BULK_CHUNK = 5000


class _Indexed(NamedTuple):
    document: Document
    frequencies: Counter[str]  # token → frequency weighted by field, for the postings


def _document(entry: IndexEntry, vocabulary: Vocabulary) -> _Indexed:
    lang = entry.language
    fields = [
        document_tokens(text, vocabulary, lang) for text in (entry.title, entry.summary, entry.body)
    ]
    frequencies, length = weighted_frequencies(fields)
    title, summary, body = (" ".join(tokens) for tokens in fields)
    document = Document(
        kind=entry.kind,
        object_id=entry.object_id,
        external_id=entry.external_id or "",
        title=entry.title[:300],
        url=entry.url,
        summary=entry.summary,
        body=entry.body,
        language=lang,
        visibility=entry.visibility,
        scope=entry.scope[:40],
        meta=entry.meta,
        tokens_title=title,
        tokens_summary=summary,
        tokens_body=body,
        length=length,
    )
    return _Indexed(document, frequencies)


def _generation_bump() -> None:
    """The corpus changed: lists cached under the previous generation are stale."""
    if not IndexGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        IndexGeneration.objects.get_or_create(pk=1, defaults={"value": 1})
    # Dropped now (the database cache drops it in this transaction, so this transaction reads
    # the new value) and again at the commit (a reader of another process may have put the
    # committed old value back in between; Redis is not part of the transaction).
    index_generation_forget()
    transaction.on_commit(index_generation_forget)


def _postings_save(indexed: list[_Indexed]) -> None:
    """In the order of the postings' key (token, document): the index grows at a few places
    instead of at a random page per row (SQLite's insert into its key's B-tree, PostgreSQL's
    primary key index)."""
    rows = [
        (token, item.document.pk, tf, item.document.length)
        for item in indexed
        for token, tf in item.frequencies.items()
    ]
    rows.sort()
    postings_insert(rows)


def _entry_words(entry: IndexEntry) -> set[str]:
    return set(words(" ".join((entry.title, entry.summary, entry.body))))


def _learn(new_words: set[str]) -> None:
    """Count the document's words into the vocabulary. A re-indexed document counts again, so
    counts drift upwards between rebuilds; ``documents_rebuild`` makes them exact."""
    existing = set()
    listed = sorted(new_words)
    for start in range(0, len(listed), 900):
        chunk = listed[start : start + 900]
        known = Term.objects.filter(word__in=chunk)
        existing |= set(known.values_list("word", flat=True))
        known.update(count=F("count") + 1)
    Term.objects.bulk_create(
        [Term(word=w, count=1) for w in listed if w not in existing], ignore_conflicts=True
    )


def _save_related(pairs: list[tuple[Document, IndexEntry]]) -> None:
    """The owners and facets of the documents: one prepared statement each, executed for all
    rows (building a model instance per row cost more than the insert)."""
    owners = [(d.pk, o) for d, e in pairs for o in set(e.organisation_ids)]
    facets = [
        (d.pk, n, str(v)[:120], str(lbl)[:200])
        for d, e in pairs
        for n, v, lbl in [("type", e.kind, e.kind), *e.facets]
        if v
    ]
    owner_table, facet_table = DocumentOrganisation._meta.db_table, Facet._meta.db_table
    with connection.cursor() as cursor:
        if owners:
            cursor.executemany(
                f"INSERT INTO {owner_table} (document_id, organisation_id) "  # noqa: S608  # nosec B608 - table name from _meta, values as parameters
                "VALUES (%s, %s)",
                owners,
            )
        if facets:
            cursor.executemany(
                f"INSERT INTO {facet_table} (document_id, name, value, label) "  # noqa: S608  # nosec B608 - table name from _meta, values as parameters
                "VALUES (%s, %s, %s, %s)",
                facets,
            )


@transaction.atomic
def document_upsert(entry: IndexEntry) -> Document | None:
    """(Re)index one object: replaces what the index had for it."""
    if _deferred.entries is not None:
        _deferred.entries[(entry.kind, entry.object_id)] = entry
        return None
    entry_words = _entry_words(entry)
    _learn(entry_words)
    vocabulary = Vocabulary.for_words(entry_words)
    Document.objects.filter(kind=entry.kind, object_id=entry.object_id).delete()
    index_size_forget()
    _generation_bump()
    indexed = _document(entry, vocabulary)
    indexed.document.save()
    _postings_save([indexed])
    _save_related([(indexed.document, entry)])
    return indexed.document


@transaction.atomic
def document_delete(*, kind: str, object_id: int) -> None:
    if _deferred.entries is not None:
        _deferred.entries[(kind, object_id)] = None
        return
    if Document.objects.filter(kind=kind, object_id=object_id).delete()[0]:
        _generation_bump()
    index_size_forget()


def vocabulary_learn(entries: Iterable[IndexEntry]) -> Vocabulary:
    """Count in how many entries each word occurs and store it as the vocabulary."""
    counts: Counter[str] = Counter()
    for entry in entries:
        counts.update(_entry_words(entry))
    Term.objects.all().delete()
    Term.objects.bulk_create([Term(word=w, count=c) for w, c in counts.items()], batch_size=5000)
    return Vocabulary(dict(counts))


@contextmanager
def _large_page_cache() -> Iterator[None]:
    """SQLite keeps 2 MB of the database's pages in memory by default: a bulk index that
    outgrows that re-reads the postings' B-tree pages from disk for every few rows and slows
    down with every chunk. For the bulk write only, allow up to 256 MB (used as needed)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


BULK_CACHE_KIB = -262_144  # negative: KiB, as SQLite's PRAGMA cache_size takes it


@transaction.atomic
def documents_index_bulk(entries: list[IndexEntry], vocabulary: Vocabulary) -> int:
    with _large_page_cache():
        _index_bulk(entries, vocabulary)
    index_size_forget()
    _generation_bump()
    return len(entries)


def _index_bulk(entries: list[IndexEntry], vocabulary: Vocabulary) -> None:
    for start in range(0, len(entries), BULK_CHUNK):
        chunk = entries[start : start + BULK_CHUNK]
        indexed = [_document(e, vocabulary) for e in chunk]
        documents = [item.document for item in indexed]
        Document.objects.filter(
            kind__in={e.kind for e in chunk}, object_id__in=[e.object_id for e in chunk]
        ).delete()
        Document.objects.bulk_create(documents, batch_size=500)
        _postings_save(indexed)
        _save_related(list(zip(documents, chunk, strict=True)))


@transaction.atomic
def documents_rebuild(only: Iterable[str] | None = None) -> int:
    """Empty the index and fill it from every registered source (the ``search_rebuild``
    command). Two passes: first learn the vocabulary, then split compounds with it."""
    sources = [s for k, s in kinds().items() if only is None or k in set(only)]
    entries = [entry for source in sources for entry in source.entries()]
    vocabulary = vocabulary_learn(entries)
    Document.objects.filter(kind__in=[s.kind for s in sources]).delete()
    index_size_forget()
    return documents_index_bulk(entries, vocabulary)


INDEX_TABLES = ("search_posting", "search_document", "search_documentorganisation", "search_facet")


def index_tidy() -> None:
    """After a rebuild or a bulk load, outside any transaction: refresh PostgreSQL's
    statistics and visibility map of the index tables. Autovacuum gets there within minutes;
    until then the planner misjudges the new postings and reading them from the index alone
    still visits the table."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in INDEX_TABLES:
            cursor.execute(f"VACUUM (ANALYZE) {table}")


class _Deferred(threading.local):
    entries: dict[tuple[str, int], IndexEntry | None] | None = None


_deferred = _Deferred()


@contextmanager
def indexing_deferred() -> Iterator[None]:
    """Collect the upserts and deletes of a bulk job (an import) and write them to the index
    at the end of the block, in one go and still inside the caller's transaction."""
    if _deferred.entries is not None:  # already inside one: the outer block writes
        yield
        return
    _deferred.entries = {}
    try:
        yield
        pending = _deferred.entries
    finally:
        _deferred.entries = None
    for (kind, object_id), entry in pending.items():
        if entry is None:
            document_delete(kind=kind, object_id=object_id)
    entries = [e for e in pending.values() if e is not None]
    if entries:
        for entry in entries:
            _learn(_entry_words(entry))
        vocabulary = Vocabulary.for_words({w for e in entries for w in _entry_words(e)})
        documents_index_bulk(entries, vocabulary)
