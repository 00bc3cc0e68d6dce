"""The inverted index both backends share: one row per (token, document) with the token's
frequency weighted by field and the document's length. Written in Python at index time, in the
caller's transaction; read by ``backends.Ranking`` with the same SQL on both databases."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence

from django.db import connection

# Title : summary : body. A title word counts as ten body words.
FIELD_WEIGHTS = (10, 4, 1)

Row = tuple[str, int, int, int]  # token, document id, weighted frequency, document length


def weighted_frequencies(fields: Sequence[Sequence[str]]) -> tuple[Counter[str], int]:
    """The tokens of a document's fields (title, summary, body) → each token's weighted
    frequency, and the document's length in tokens (BM25's length normalisation)."""
    tf: Counter[str] = Counter()
    length = 0
    for weight, tokens in zip(FIELD_WEIGHTS, fields, strict=True):
        length += len(tokens)
        for token in tokens:
            tf[token] += weight
    return tf, length


def postings_insert(rows: list[Row]) -> None:
    """Bulk insert: PostgreSQL's COPY (an order faster than INSERTs for millions of rows),
    SQLite's executemany of one prepared statement."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = "COPY search_posting (token, document_id, tf, length) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                "INSERT INTO search_posting (token, document_id, tf, length) "
                "VALUES (%s, %s, %s, %s)",
                rows,
            )


# Counting a common token's documents reads thousands of index entries (tens of ms on
# PostgreSQL); its idf hardly moves in a minute, so such counts are kept that long per process.
# Rare tokens are always counted: a new document's new word is found by every process at once.
COMMON_FROM = 500  # documents
COMMON_TTL = 60.0  # seconds


# token → (documents, when counted); shared by the process's threads, a race only recounts.
_common: dict[str, tuple[int, float]] = {}


def _cached(token: str, now: float) -> int | None:
    count = _common.get(token)
    return count[0] if count is not None and now - count[1] < COMMON_TTL else None


def document_frequencies(tokens: Sequence[str]) -> dict[str, int]:
    """In how many documents each token occurs (read from the key's index)."""
    now = time.monotonic()
    known = {t: n for t in tokens if (n := _cached(t, now)) is not None}
    missing = [t for t in tokens if t not in known]
    if missing:
        marks = ", ".join(["%s"] * len(missing))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT token, COUNT(*) FROM search_posting WHERE token IN ({marks}) "  # noqa: S608  # nosec B608 - %s placeholders only
                "GROUP BY token",
                missing,
            )
            counted = dict(cursor.fetchall())
        if len(_common) > 50_000:
            _common.clear()
        for token, n in counted.items():
            if n >= COMMON_FROM:
                _common[token] = (n, now)
        known.update(counted)
    return known


def document_frequencies_forget() -> None:
    """Count again (after this process wrote to the index)."""
    _common.clear()
