"""The inverted index both backends share: one row per (token, document) with the token's
frequency weighted by field and the document's length. Written in Python at index time, in the
caller's transaction; read by ``backends.Ranking`` with the same SQL on both databases."""

from __future__ import annotations

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


def document_frequencies(tokens: Sequence[str]) -> dict[str, int]:
    """In how many documents each token occurs (read from the key's index)."""
    if not tokens:
        return {}
    marks = ", ".join(["%s"] * len(tokens))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT token, COUNT(*) FROM search_posting WHERE token IN ({marks}) "  # noqa: S608
            "GROUP BY token",
            list(tokens),
        )
        return dict(cursor.fetchall())
