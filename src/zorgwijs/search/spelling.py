"""Typo tolerance where it is cheap: only a search that finds nothing is retried.

Each word of the query that the index does not know (``search_term``) is replaced by the
closest word it does know — one edit for a short word, two for a long one, a swap of two
neighbouring letters counting as one (OSA distance, rapidfuzz) — among words with the same
first two letters, which keeps the lookup a small index range. Among equally close words the
one in the most documents wins. The results page and the API say which query they answered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.db.models.functions import Length
from rapidfuzz.distance import OSA

from .analysis import is_stop, words
from .models import Term
from .query import parse
from .selectors import SearchResult, fruitless_count, search

MIN_WORD = 4  # shorter words are abbreviations (SEH, VIM) or too ambiguous to correct
LONG_WORD = 8  # from this length two edits are still a typo
MAX_WORDS = 12
MAX_CANDIDATES = 20_000


def corrected(text: str, readable: Callable[[str], bool] = lambda word: True) -> str | None:
    """``text`` with its unknown words corrected, or None if there is nothing to correct.

    The vocabulary holds the words of every organisation's documents, so a correction is only
    offered when ``readable(word)`` says the asker can find a document with it: a suggestion
    must never reveal a word that only stands in someone else's private record.
    """
    typed = words(text)[:MAX_WORDS]
    if not typed:
        return None
    known = set(Term.objects.filter(word__in=typed).values_list("word", flat=True))
    changed = False
    out = []
    for word in typed:
        better = None
        if word not in known and len(word) >= MIN_WORD and word.isalpha() and not is_stop(word):
            better = _closest(word)
            if better is not None and not readable(better):
                better = None
        out.append(better or word)
        changed = changed or better is not None
    return " ".join(out) if changed else None


def _closest(word: str) -> str | None:
    limit = 2 if len(word) >= LONG_WORD else 1
    # [a-z0-9] words: every word starting with the prefix sorts below prefix + "{".
    prefix = word[:2]
    candidates = (
        Term.objects.filter(word__gte=prefix, word__lt=prefix + "{")
        .annotate(length=Length("word"))
        .filter(length__gte=len(word) - limit, length__lte=len(word) + limit)
        .values_list("word", "count")[:MAX_CANDIDATES]
    )
    best: tuple[int, int, str] | None = None
    for candidate, count in candidates:
        distance = OSA.distance(word, candidate, score_cutoff=limit)
        if distance <= limit and (best is None or (distance, -count) < best[:2]):
            best = (distance, -count, candidate)
    return best[2] if best else None


def search_forgiving(
    *, text: str, filters: Mapping[str, Sequence[str]] | None = None, **options
) -> tuple[SearchResult, str]:
    """``search``, retried with corrected words when it finds nothing. Returns the result and
    the query it answers when that differs from ``text`` (else ""). A search that still finds
    nothing is counted as a knowledge need, as ``search`` would."""
    result = search(text=text, filters=filters, count_fruitless=False, **options)
    if result.total:
        return result, ""
    viewer = options["viewer"]

    def readable(word: str) -> bool:
        found = search(
            viewer=viewer, text=word, page_size=1, with_facets=False, count_fruitless=False
        )
        return found.total > 0

    better = corrected(text, readable)
    if better:
        retry = search(text=better, filters=filters, count_fruitless=False, **options)
        if retry.total:
            return retry, better
    if not any((filters or {}).values()) and not parse(text).is_empty:
        fruitless_count(text, options.get("asker", ""))
    return result, ""
