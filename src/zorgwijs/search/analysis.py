"""Text analysis shared by both backends: the database only ever sees analysed tokens.

lower-case → fold accents → words → drop stop words → snowball stem (Dutch, or English for
English text) → add the parts of compound words (``valpreventieprogramma`` → ``valpreventie`` +
``programma``) found with a vocabulary learned from the indexed corpus (see ``vocabulary.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

import Stemmer

WORD = re.compile(r"[a-z0-9]+")
MAX_WORD = 40  # longer "words" are pasted junk (hashes, URLs); they never match anything
MAX_TEXT = 200_000
MIN_COMPOUND = 8  # vocabulary.MIN_WORD: a shorter word is never split

STOP_NL = frozenset(
    (  # noqa: SIM905 - a word list reads best as text
        "aan al alle als alsof ben bij binnen dan dat de deze die dit doen doet door dus "
        "een eens elk en er erg geen had heb hebben heeft het hier hij hoe hun ik in is "
        "je jij jou jouw kan kun kunnen maar me meer men met mij mijn moet na naar niet "
        "nog nu of om omdat ons ook op over te ten ter tot u uit uw van veel voor waar "
        "wanneer want was wat we wel welke werd wie wij wil worden wordt zal ze zelf zich "
        "zij zijn zo zoals zonder zou zouden "
    ).split()
)
STOP_EN = frozenset(
    (  # noqa: SIM905 - a word list reads best as text
        "a about an and are as at be been but by can could do does for from has have how "
        "i if in into is it its my of on or our so that the their them there these they "
        "this to was we what when where which who why will with would you your "
    ).split()
)


@lru_cache(maxsize=4)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english" if language == "en" else "dutch")


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _combining_bmp() -> re.Pattern[str]:
    """Every combining mark of the Basic Multilingual Plane, as one character class."""
    codes = [c for c in range(0x80, 0x10000) if unicodedata.combining(chr(c))]
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]+")


def fold(text: str) -> str:
    """Lower-case without accents: ``Patiëntveiligheid`` → ``patientveiligheid``. Most text is
    ASCII and only lower-cased; other text is decomposed and its combining marks removed in
    C (one regular expression), not a Python step per character (indexing folds every text
    twice)."""
    text = (text or "")[:MAX_TEXT].lower()
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    if text.isascii():
        return text
    text = _combining_bmp().sub("", text)
    if _BEYOND_BMP.search(text):  # marks beyond the BMP (rare): the slow, complete way
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(fold(text)) if len(w) <= MAX_WORD]


def is_stop(word: str, language: str = "nl") -> bool:
    return word in STOP_NL or (language == "en" and word in STOP_EN)


def stem(word: str, language: str = "nl") -> str:
    return _stemmer(language).stemWord(word)


@lru_cache(maxsize=100_000)
def stems(word: str) -> tuple[str, ...]:
    """A query word's stems in both languages: a query does not say which language it is in."""
    return tuple(dict.fromkeys((stem(word, "nl"), stem(word, "en"))))


def _word_tokens(word: str, vocabulary, language: str) -> tuple[str, ...]:
    if is_stop(word, language):
        return ()
    tokens = [stem(word, language)]
    if language != "en" and len(word) >= MIN_COMPOUND:
        tokens.extend(stem(part) for part in vocabulary.split(word) if not is_stop(part))
    return tuple(tokens)


def document_tokens(text: str, vocabulary, language: str = "nl") -> list[str]:
    """The tokens indexed for a field: each word's stem, then the stems of its compound parts.
    A corpus repeats its words, so each word's tokens are worked out once per vocabulary
    (``vocabulary.tokens``: its splits depend on the vocabulary)."""
    memo = getattr(vocabulary, "tokens", None)
    if memo is None:
        return [t for word in words(text) for t in _word_tokens(word, vocabulary, language)]
    out: list[str] = []
    for word in words(text):
        tokens = memo.get((word, language))
        if tokens is None:
            tokens = memo[(word, language)] = _word_tokens(word, vocabulary, language)
        out.extend(tokens)
    return out


def detect_language(text: str) -> str:
    """English or Dutch, by which language's stop words the text uses more (records do not
    always say which language they are in)."""
    sample = words(text[:3000])
    english = sum(1 for w in sample if w in STOP_EN and w not in STOP_NL)
    dutch = sum(1 for w in sample if w in STOP_NL and w not in STOP_EN)
    return "en" if english > dutch else "nl"


def iter_words(texts: Iterable[str]) -> Iterator[str]:
    for text in texts:
        yield from words(text)
