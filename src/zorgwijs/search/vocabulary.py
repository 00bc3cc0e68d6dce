"""Compound splitting with a vocabulary learned from the indexed corpus.

Dutch glues nouns together (valpreventie + programma). A word is split where both parts are
words the corpus uses on their own and, together, more often than the whole (Koehn & Knight's
frequency rule): ``ziekenhuis`` stays whole, ``valpreventieprogramma`` is split.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

MIN_WORD = 8
MIN_HEAD = 3
MIN_TAIL = 4
MIN_COUNT = 1
LINKING = ("s",)  # veiligheid-s-beleid


def _candidates(word: str) -> set[str]:
    found: set[str] = set()
    for i in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
        head, tail = word[:i], word[i:]
        found.update((head, tail))
        if head.endswith(LINKING) and len(head) > MIN_HEAD:
            found.add(head[:-1])
    return found


class Vocabulary:
    def __init__(self, counts: dict[str, int] | None = None):
        self.counts = counts or {}
        self._splits: dict[str, tuple[str, ...]] = {}
        # (word, language) → its indexed tokens (analysis.document_tokens), for this vocabulary.
        self.tokens: dict[tuple[str, str], tuple[str, ...]] = {}

    @classmethod
    def for_words(cls, words: Iterable[str]) -> Vocabulary:
        """Only the part of the stored vocabulary that can split ``words`` (one query)."""
        from .models import Term

        needed: set[str] = set()
        for word in words:
            if len(word) >= MIN_WORD:
                needed.add(word)
                needed |= _candidates(word)
                needed |= {
                    w for p in _candidates(word) if len(p) >= MIN_WORD for w in _candidates(p)
                }
        counts: dict[str, int] = {}
        needed_list = sorted(needed)
        for start in range(0, len(needed_list), 900):  # SQLite's bound-parameter limit
            chunk = needed_list[start : start + 900]
            counts.update(Term.objects.filter(word__in=chunk).values_list("word", "count"))
        return cls(counts)

    def count(self, word: str) -> int:
        return self.counts.get(word, 0)

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a compound word, or ``()`` if it is not one."""
        if word not in self._splits:
            self._splits[word] = self._split(word, depth=0)
        return self._splits[word]

    def _split(self, word: str, depth: int) -> tuple[str, ...]:
        if len(word) < MIN_WORD or depth > 2:
            return ()
        best, best_score = None, float(self.count(word))
        for i in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
            head, tail = word[:i], word[i:]
            for h in (head, head[:-1] if head.endswith(LINKING) and len(head) > MIN_HEAD else ""):
                ch, ct = self.count(h), self.count(tail)
                if h and ch >= MIN_COUNT and ct >= MIN_COUNT:
                    score = math.sqrt(ch * ct)
                    if score > best_score:
                        best, best_score = (h, tail), score
        if best is None:
            return ()
        parts: list[str] = []
        for part in best:
            parts.extend(self._split(part, depth + 1) or (part,))
        return tuple(parts)
