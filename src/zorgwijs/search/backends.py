"""Ranking, the same on both databases: BM25 over the shared postings (see postings.py).

A search reads the postings of its few tokens, sums each document's score and marks which
tokens it has (one bit per token), keeps the documents whose marks satisfy the boolean query
(every group, or ``at_least`` of them) and only then joins the documents for the permission
condition and the filters. Only ``[a-z0-9]+`` tokens, ints and floats reach the SQL, all as
bound parameters; the SQL text is built from fixed fragments and ints.

The score is FTS5's ``bm25()`` (weighted term frequencies summed over the fields, length
normalised over the whole document), computed the same way on PostgreSQL:

    score(d) = Σ idf(t) · tf(t, d) · (k1 + 1) / (tf(t, d) + k1 · (1 − b + b · |d| / avgdl))
    idf(t) = ln((N − n(t) + 0.5) / (n(t) + 0.5)), at least 1e-6
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from typing import NamedTuple

from django.db import connection

from .postings import document_frequencies
from .query import Alternative, Group, ParsedQuery, index_stats

K1, B = 1.2, 0.75
MIN_IDF = 1e-6
# Each token of a query is one bit of a 64-bit integer (PostgreSQL's bigint is signed).
MAX_TOKENS = 62
# Looking a candidate's token up costs about this many postings read in a scan (measured on
# SQLite and PostgreSQL with 50,000 documents): below that, a query reads its candidates' few
# postings instead of every posting of its tokens.
SEEK_COST = 4
# Coordination: a document with m of the query's n groups has its BM25 score multiplied by
# (m / n) ** COORDINATION, so having more of the words counts beyond their summed weights.
COORDINATION = 1.0


def coordination(matched: int, groups: int) -> float:
    return (matched / groups) ** COORDINATION if groups else 1.0


class Source(NamedTuple):
    """Where matching documents come from: FROM clause (aliasing the document ``d``), the
    score expression and the match condition, with their parameters in SQL order."""

    from_sql: str
    from_params: list
    score_sql: str
    where_sql: str
    where_params: list


BROWSE = Source("search_document d", [], "0", "1 = 1", [])


def idf(documents: int, containing: int) -> float:
    return max(MIN_IDF, math.log((documents - containing + 0.5) / (containing + 0.5)))


def _bounded(query: ParsedQuery) -> tuple[Group, ...]:
    """The groups whose tokens fit the bit mask: the rarest first (only a pasted text with many
    glossary words comes near 62 tokens)."""
    kept: list[Group] = []
    seen: set[str] = set()
    for group in sorted(query.groups, key=lambda g: -g.rarity):
        tokens = {t for alt in group.alternatives for t in alt}
        if len(seen | tokens) > MAX_TOKENS:
            continue
        seen |= tokens
        kept.append(group)
    return tuple(g for g in query.groups if g in kept)


def _group_matched(group: Group, bits: dict[str, int]) -> str:
    """SQL that is 1 when one of the group's alternatives has all its tokens in ``r.mask``."""
    masks = sorted({sum(bits[t] for t in set(alt)) for alt in group.alternatives})
    tests = " OR ".join(f"(r.mask & {int(m)}) = {int(m)}" for m in masks)
    return f"(CASE WHEN {tests} THEN 1 ELSE 0 END)"


def _alternative_driver(alternative: Alternative, frequencies: dict[str, int]) -> str | None:
    """The rarest token of an alternative: every document the alternative matches has it.
    None when one of its tokens occurs nowhere (the alternative matches nothing)."""
    if any(not frequencies.get(t) for t in alternative):
        return None
    return min(alternative, key=lambda t: (frequencies[t], t))


def _group_drivers(group: Group, frequencies: dict[str, int]) -> set[str]:
    drivers = (_alternative_driver(alt, frequencies) for alt in group.alternatives)
    return {t for t in drivers if t is not None}


def _cover(tokens: Iterable[str], frequencies: dict[str, int]) -> int:
    return sum(frequencies[t] for t in tokens)


def _driving_tokens(groups: tuple[Group, ...], need: int, frequencies: dict[str, int]) -> set[str]:
    """Tokens every match has one of. A document that matches ``need`` of the groups matches
    one of any ``len(groups) - need + 1`` of them, so the cheapest that many groups' drivers
    (each alternative's rarest token) find every match: for an all-words query, the rarest
    word's documents."""
    covers = sorted(
        (_cover(drivers, frequencies), sorted(drivers))
        for drivers in (_group_drivers(g, frequencies) for g in groups)
    )
    return {t for _, drivers in covers[: len(groups) - need + 1] for t in drivers}


def _mask_aggregate() -> str:
    """The OR of a document's token bits. Each token occurs once per document, so SQLite can
    add them up; PostgreSQL's SUM of bigints would be a (slow) numeric, its BIT_OR is not."""
    return "BIT_OR(q.bit)" if connection.vendor == "postgresql" else "SUM(q.bit)"


class Ranking:
    """The ranking query of one parsed query."""

    def source(self, query: ParsedQuery) -> Source:
        groups = _bounded(query)
        extra = _bounded(replace(query, groups=query.scored_only)) if query.scored_only else ()
        every = (*groups, *extra)
        tokens = list(dict.fromkeys(t for g in every for alt in g.alternatives for t in alt))
        bits = {token: 1 << i for i, token in enumerate(tokens)}
        documents, average_length = index_stats()
        frequencies = document_frequencies(tokens)
        present = [t for t in tokens if frequencies.get(t)]
        if not present:
            return Source("search_document d", [], "0", "1 = 0", [])
        values = ", ".join(
            ["(%s, CAST(%s AS BIGINT), CAST(%s AS DOUBLE PRECISION))"] * len(present)
        )
        values_params = []
        for token in present:
            weight = idf(documents, frequencies[token]) * (K1 + 1)
            values_params += [token, bits[token], weight]
        need = len(groups) if query.require_all else min(query.at_least, len(groups))
        driving = _driving_tokens(groups, need, frequencies)
        scanned = sum(frequencies[t] for t in present)
        if driving and SEEK_COST * len(present) * _cover(driving, frequencies) < scanned:
            # Few candidates: look their tokens up instead of reading every posting.
            candidates = ", ".join(["%s"] * len(driving))
            postings = (
                "(SELECT DISTINCT document_id AS id FROM search_posting "  # noqa: S608  # nosec B608 - %s placeholders only
                f"WHERE token IN ({candidates})) c CROSS JOIN q "
                "JOIN search_posting p ON p.token = q.token AND p.document_id = c.id"
            )
            postings_params = list(driving)
        else:
            postings = "q JOIN search_posting p ON p.token = q.token"
            postings_params = []
        matched = " + ".join(_group_matched(g, bits) for g in groups)
        score = "r.score"
        if query.coordinate and len(every) > 1:
            # The share of all the query's groups the document has, as a factor on its score.
            having = " + ".join(_group_matched(g, bits) for g in every)
            factors = " ".join(
                f"WHEN {m} THEN {coordination(m, len(every))!r}" for m in range(len(every) + 1)
            )
            score = f"r.score * (CASE ({having}) {factors} END)"
        from_sql = (
            f"(WITH q (token, bit, w) AS (VALUES {values}) "  # noqa: S608 - fixed fragments  # nosec B608 - fixed fragments, values as params
            f"SELECT r.id, {score} AS score FROM ("
            "SELECT p.document_id AS id, "
            "SUM(q.w * p.tf / (p.tf + CAST(%s AS DOUBLE PRECISION) "
            "+ CAST(%s AS DOUBLE PRECISION) * p.length)) AS score, "
            f"{_mask_aggregate()} AS mask "
            f"FROM {postings} GROUP BY p.document_id"
            f") r WHERE {matched} >= {int(need)}"
            ") m JOIN search_document d ON d.id = m.id"
        )
        length_factor = K1 * B / max(average_length, 1.0)
        return Source(
            from_sql,
            [*values_params, K1 * (1 - B), length_factor, *postings_params],
            "m.score",
            "1 = 1",
            [],
        )


def backend() -> Ranking:
    return Ranking()
