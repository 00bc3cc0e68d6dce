"""Snippets with the matched words marked: analysed like the index, rendered safely."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import fold, stems

WORD_SPAN = re.compile(r"\w+", re.UNICODE)
WINDOW = 32  # words in a snippet (about two lines)


@lru_cache(maxsize=100_000)
def _fold(word: str) -> str:
    return fold(word)


@lru_cache(maxsize=200_000)
def _matches(word: str, tokens: frozenset[str]) -> bool:
    folded = _fold(word)
    # Cheap first: a stem starts like its word, so only words sharing a token's first three
    # letters are stemmed at all.
    if folded[:3] in {t[:3] for t in tokens} and any(s in tokens for s in stems(folded)):
        return True
    # A compound in the text (valpreventieprogramma) holds a searched part (valpreventie).
    return len(folded) > 8 and any(len(t) >= 5 and t in folded for t in tokens)


def snippet(text: str, tokens: set[str], window: int = WINDOW) -> SafeString:
    spans = [(m.start(), m.end()) for m in WORD_SPAN.finditer(text or "")]
    if not spans:
        return mark_safe("")  # nosec B308 - an empty string
    frozen = frozenset(tokens)
    hits = [i for i, (a, b) in enumerate(spans) if _matches(text[a:b], frozen)]
    hit_set = set(hits)
    start = _best_window(hits, len(spans), window)
    end = min(len(spans), start + window)
    out: list[str] = []
    cursor = spans[start][0]
    for i in range(start, end):
        a, b = spans[i]
        out.append(escape(text[cursor:a]))
        word = escape(text[a:b])
        out.append(f"<mark>{word}</mark>" if i in hit_set else word)
        cursor = b
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(spans) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - every piece escaped  # nosec B308, B703 - every piece escape()d


def _best_window(hits: list[int], length: int, window: int) -> int:
    """The start of the window with the most hits (the first such one)."""
    if not hits:
        return 0
    best, best_count = 0, -1
    for h in hits:
        start = max(0, min(h - 3, length - window))
        count = sum(1 for x in hits if start <= x < start + window)
        if count > best_count:
            best, best_count = start, count
    return best
