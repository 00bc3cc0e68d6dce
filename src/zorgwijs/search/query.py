"""From what a person typed to a boolean query over analysed tokens, for either backend.

A query is a list of groups (one per word or glossary phrase); a group matches when one of its
alternatives matches; an alternative is a set of tokens that must all occur (a compound's parts,
a multi-word synonym). Tokens are ``[a-z0-9]+`` only, so no operator, quote or bracket typed by
a person can ever reach the database's query syntax.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass, replace
from itertools import combinations

from django.db.models import Avg, Count

from .analysis import fold, is_stop, stem, stems, words
from .models import Document, Term
from .postings import document_frequencies_forget
from .vocabulary import Vocabulary

MAX_QUERY_CHARS = 4000
MAX_GROUPS_ALL = 4  # up to this many words: ranked retrieval over all of them (coordination)
MAX_GROUPS = 12  # a pasted description keeps its most telling words
PRUNE_FROM = 2000  # documents
SIZE_TTL = 60.0  # seconds an index size count is reused (it only tunes word pruning)
COMMON_SHARE = 0.08  # in any-word matches, words in more of the documents than this are left out
PAIRS_FROM = 3  # groups: from this many, an any-word match on a large index first wants two
MAX_PAIR_GROUPS = 6  # the rarest groups that make up those combinations (20 at most)
TRIPLES_FROM = 5  # groups: from this many, the first try wants three of them
ONE_OFF_DAMPING = 0.5  # a longer text's word in at most one document counts half (_telling)

Alternative = tuple[str, ...]


@dataclass(frozen=True)
class Group:
    text: str
    alternatives: tuple[Alternative, ...]
    rarity: float = 0.0
    share: float = 0.0  # share of the indexed documents that contain the word


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[Group, ...]
    require_all: bool
    # An any-word match on a large index first asks for two or three of the groups (then
    # fewer): a document with one of twelve words is rarely among the best, yet costs a score.
    at_least: int = 1
    large_index: bool = False
    # Ranked retrieval over every word: a document that has more of the query's groups scores
    # higher (``backends.coordination``), so missing one word never empties the page.
    coordinate: bool = False
    # Groups that add to the score and to the coordination but do not make a document match:
    # on a large index, the common words of a short query (a match on them alone would make
    # the database score most of the index and is rarely among the best anyway).
    scored_only: tuple[Group, ...] = ()

    @property
    def tokens(self) -> set[str]:
        return {t for g in (*self.groups, *self.scored_only) for alt in g.alternatives for t in alt}

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def clauses(self) -> tuple[tuple[Group, ...], ...]:
        """The match as OR of ANDs: all groups, or any ``at_least`` of them."""
        if self.require_all:
            return (self.groups,)
        return tuple(combinations(self.groups, min(self.at_least, len(self.groups))))

    def loosened(self) -> ParsedQuery:
        return _any_word(_informative(self.groups), self.large_index)

    def wider(self) -> ParsedQuery | None:
        """The next, looser match when this one finds nothing (None: nothing looser)."""
        if self.require_all and len(self.groups) > 1:
            return self.loosened()
        if self.at_least > 1:
            return replace(self, at_least=self.at_least - 1)
        return None


def _any_word(groups: tuple[Group, ...], large_index: bool) -> ParsedQuery:
    if large_index and len(groups) >= PAIRS_FROM:
        rarest = tuple(sorted(groups, key=lambda g: -g.rarity)[:MAX_PAIR_GROUPS])
        at_least = 3 if len(rarest) >= TRIPLES_FROM else 2
        return ParsedQuery(rarest, False, at_least=at_least, large_index=True)
    return ParsedQuery(groups, False, large_index=large_index)


def _phrase_tokens(phrase: str, vocabulary: Vocabulary, typed: bool) -> tuple[Alternative, ...]:
    """A phrase's alternatives. Only what the person typed is split into compound parts: the
    parts of a glossary synonym (druk + plekken) would find too much that is unrelated."""
    content = [w for w in words(phrase) if not is_stop(w, "en")]
    if not content:
        return ()
    alternatives = [tuple(stem(w, lang) for w in content) for lang in ("nl", "en")]
    if len(content) == 1 and typed:
        word = content[0]
        alternatives.extend((s,) for s in stems(word))
        parts = vocabulary.split(word)
        if parts:
            alternatives.append(tuple(stem(p) for p in parts))
    return tuple(dict.fromkeys(alternatives))


# A form of a synonym set: (language of the label, its text).
Form = tuple[str, str]
# Glossary key → the sets it is a label of: (language of that label, every form of the set).
GlossaryIndex = dict[tuple[str, ...], list[tuple[str, list[Form]]]]

_GLOSSARY_CACHE: dict[tuple, GlossaryIndex] = {}


def synonym_source() -> tuple[tuple, list[list[Form]] | None]:
    """Where search gets its synonyms: the shared vocabulary's concepts, each a set of forms
    that find each other (labels of every kind and language, with their language). Returns a
    state that changes with the vocabulary and, only when asked to load, the sets."""
    from zorgwijs.vocabulary.selectors import synonym_sets_by_language, synonyms_state

    state = synonyms_state()
    if state in _GLOSSARY_CACHE:
        return state, None
    return state, synonym_sets_by_language()


def _glossary_keys(text: str, language: str) -> list[tuple[str, ...]]:
    """How a label is looked up: by its content words (stop words left out, as in a query),
    and an English label also by their English stems, so "nurses" finds the label "nurse".
    Dutch labels match exactly, as before: Dutch inflections are already one stem in the index,
    and stemming the labels would widen Dutch queries with every label sharing a stem."""
    content = [w for w in words(text) if not is_stop(w, "en")]
    if not content:
        return []
    keys = [("", *content)]
    if language == "en":
        keys.append(_english_key(content))
    return keys


def _english_key(content: list[str]) -> tuple[str, ...]:
    return ("en", *(stem(w, "en") for w in content))


def _glossary() -> GlossaryIndex:
    """Every label of every synonym set → the set (``_glossary_keys``). Cached per process
    until the vocabulary changes (one small query tells)."""
    state, sets = synonym_source()
    if sets is not None:
        index: GlossaryIndex = {}
        for forms in sets:
            for language, text in forms:
                for key in _glossary_keys(text, language):
                    entries = index.setdefault(key, [])
                    if (language, forms) not in entries:
                        entries.append((language, forms))
        _GLOSSARY_CACHE.clear()
        _GLOSSARY_CACHE[state] = index
    return _GLOSSARY_CACHE[state]


def _forms(found: list[tuple[str, list[Form]]]) -> list[str]:
    """What a matched label brings into the query: an English label crosses over to every
    label of its concept (the Dutch ones above all: most records are Dutch); any other label
    brings the concept's labels except the English ones, so a Dutch query is not widened with
    English words."""
    out: list[str] = []
    for language, forms in found:
        out.extend(text for lang, text in forms if language == "en" or lang != "en")
    return out


def _match_phrases(tokens: list[str], glossary: GlossaryIndex) -> list[tuple[str, list[str]]]:
    """Split the query words into glossary phrases (longest first) and single words. A phrase
    keeps what was typed as its first form."""
    longest = max((len(k) - 1 for k in glossary), default=1)
    out, i = [], 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            typed = tokens[i : i + size]
            found = glossary.get(("", *typed)) or glossary.get(_english_key(typed), [])
            if found:
                phrase = " ".join(typed)
                out.append((phrase, list(dict.fromkeys([phrase, *_forms(found)]))))
                i += size
                break
        else:
            out.append((tokens[i], [tokens[i]]))
            i += 1
    return out


def _informative(groups: tuple[Group, ...]) -> tuple[Group, ...]:
    """For an any-word match, leave out words that occur in a large share of the documents:
    they hardly change the ranking but make the database score most of the index."""
    kept = tuple(g for g in groups if g.share <= COMMON_SHARE)
    if len(kept) >= 2 or (kept and len(groups) <= MAX_GROUPS_ALL):  # a short query: its rare word
        return kept
    return tuple(sorted(groups, key=lambda g: -g.rarity)[:2])


def _telling(said: int, containing: int, documents: int) -> float:
    """How much a word of a longer text says about it: (1 + ln tf) · idf, where a word the
    index has in one document or none counts as less telling (it can find little that is
    comparable), like a word in many."""
    idf = math.log((documents + 1) / (max(containing, 1) + 0.5))
    damp = ONE_OFF_DAMPING if containing <= 1 else 1.0
    return (1 + math.log(said)) * idf * damp


def _rarity(text: str, counts: dict[str, int]) -> float:
    return 1.0 / (1 + counts.get(text, 0))


class _IndexSize:
    """Shared by the process's threads; a race only means one more count."""

    value: int = 0
    average_length: float = 0.0
    counted_at: float = -SIZE_TTL


_index_size = _IndexSize()


def index_stats() -> tuple[int, float]:
    """How many documents the index holds and their average length in tokens. They decide
    which words are too common to score and scale BM25 (idf, length normalisation), where a
    minute's drift changes nothing that matters, so they are counted at most once a minute per
    process (PostgreSQL counts by scanning the whole table, ~25 ms at 50,000 documents); this
    process's own index writes recount them."""
    now = time.monotonic()
    if now - _index_size.counted_at >= SIZE_TTL:
        stats = Document.objects.aggregate(n=Count("id"), length=Avg("length"))
        _index_size.value = stats["n"]
        _index_size.average_length = float(stats["length"] or 0.0)
        _index_size.counted_at = now
    return _index_size.value, _index_size.average_length


def index_size() -> int:
    return index_stats()[0]


def index_size_forget() -> None:
    """Recount on the next search (after an index write, see services)."""
    _index_size.counted_at = -SIZE_TTL
    document_frequencies_forget()


def parse(text: str) -> ParsedQuery:
    query_words = [w for w in words((text or "")[:MAX_QUERY_CHARS]) if not is_stop(w, "en")]
    if not query_words:
        return ParsedQuery((), True)
    glossary = _glossary()
    phrases = _match_phrases(query_words, glossary)
    all_words = {w for _, forms in phrases for f in forms for w in words(f)}
    vocabulary = Vocabulary.for_words(all_words)
    documents = max(1, index_size())
    counts = dict(
        Term.objects.filter(word__in=list(set(query_words))[:900]).values_list("word", "count")
    )
    groups: dict[str, Group] = {}
    for phrase, forms in phrases:
        alternatives = tuple(
            dict.fromkeys(
                a
                for f in forms
                for a in _phrase_tokens(
                    f, vocabulary, typed=tuple(words(f)) == tuple(phrase.split())
                )
            )
        )
        if alternatives and phrase not in groups:
            # Only a large index is slow to score; a small one keeps every word.
            share = counts.get(phrase, 0) / documents if documents >= PRUNE_FROM else 0.0
            groups[phrase] = Group(phrase, alternatives, _rarity(phrase, counts), share)
    chosen = list(groups.values())
    if len(chosen) > MAX_GROUPS_ALL:
        # A longer text: rank its words by what characterises it — how often the text says a
        # word and how telling the word is in the index — not by rarity alone, which favours
        # place names and one-off words that find nothing comparable.
        said = Counter(p for p, _ in phrases)
        chosen = [
            replace(g, rarity=_telling(said[g.text], counts.get(g.text, 0), documents))
            for g in chosen
        ]
    if len(chosen) > MAX_GROUPS:
        chosen = sorted(chosen, key=lambda g: -g.rarity)[:MAX_GROUPS]
    large_index = documents >= PRUNE_FROM
    if len(chosen) <= MAX_GROUPS_ALL:
        return _short(tuple(chosen), large_index)
    return _any_word(_informative(tuple(chosen)), large_index)


def _short(groups: tuple[Group, ...], large_index: bool) -> ParsedQuery:
    """A query of a few words: any word matches, more words rank higher. On a large index the
    common words only score (a document needs one of the rarer words to match)."""
    matching = _informative(groups) if large_index else groups
    scored_only = tuple(g for g in groups if g not in matching)
    return ParsedQuery(
        matching,
        require_all=False,
        # A large index first asks for all the rarer words (cheap: the rarest word's documents
        # are the candidates) and widens one word at a time while that finds too few.
        at_least=len(matching) if large_index else 1,
        large_index=large_index,
        coordinate=True,
        scored_only=scored_only,
    )


def normalised(text: str) -> str:
    """The query as it is counted when it finds nothing: folded words, no personal layout."""
    return " ".join(words(fold(text or "")))[:200]
