"""The two full-text backends. Both receive the same analysed tokens and the same boolean
query; each only translates it into its own syntax and scores with title > summary > body."""

from __future__ import annotations

from typing import NamedTuple

from django.db import connection

from .query import ParsedQuery


class Source(NamedTuple):
    """Where matching documents come from: FROM clause, score and match condition."""

    from_sql: str
    score_sql: str
    score_params: list
    where_sql: str
    where_params: list


BROWSE = Source("search_document d", "0", [], "1 = 1", [])

# Field weights, title : summary : body, the same on both backends.
WEIGHTS = (10.0, 4.0, 1.0)


class SQLiteFTS5:
    """FTS5 with bm25. CROSS JOIN makes SQLite run the MATCH once and look the documents up,
    instead of running the MATCH again for every document."""

    vendor = "sqlite"

    def expression(self, query: ParsedQuery) -> str:
        def alternative(tokens):
            inner = " AND ".join(f'"{t}"' for t in tokens)
            return f"({inner})" if len(tokens) > 1 else inner

        def group(g):
            return "(" + " OR ".join(alternative(a) for a in g.alternatives) + ")"

        return " OR ".join(
            "(" + " AND ".join(group(g) for g in clause) + ")" for clause in query.clauses
        )

    def source(self, query: ParsedQuery) -> Source:
        title, summary, body = WEIGHTS
        return Source(
            "search_fts CROSS JOIN search_document d ON d.id = search_fts.rowid",
            f"-bm25(search_fts, {title}, {summary}, {body})",
            [],
            "search_fts MATCH %s",
            [self.expression(query)],
        )


class PostgresFullText:
    vendor = "postgresql"

    def expression(self, query: ParsedQuery) -> str:
        def alternative(tokens):
            inner = " & ".join(tokens)
            return f"({inner})" if len(tokens) > 1 else inner

        def group(g):
            return "(" + " | ".join(alternative(a) for a in g.alternatives) + ")"

        return " | ".join(
            "(" + " & ".join(group(g) for g in clause) + ")" for clause in query.clauses
        )

    def source(self, query: ParsedQuery) -> Source:
        title, summary, body = (w / WEIGHTS[0] for w in WEIGHTS)
        expression = self.expression(query)
        # ts_rank weights are {D, C, B, A}; the tokens were written as A (title), B, C (body).
        return Source(
            "search_document d",
            f"ts_rank('{{0, {body}, {summary}, {title}}}', d.tsv, "
            "to_tsquery('simple', %s), 1) * 10",
            [expression],
            "d.tsv @@ to_tsquery('simple', %s)",
            [expression],
        )


def backend():
    return PostgresFullText() if connection.vendor == "postgresql" else SQLiteFTS5()
