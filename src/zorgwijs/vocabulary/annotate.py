"""Show a definition where a concept is used: the first mention of each concept in a page
becomes a link to its definition in a list of concepts under the page (``<dfn>``), so the
definition is one keypress away for everyone, not only on hover.

Matching works on words, like an Aho-Corasick automaton over the labels' word sequences: a
dictionary of label → concept, tried only where a word can start a label, longest first.
A 100 KB page with 5,000 concepts takes a few milliseconds (benchmarks/scenarios.py).
Only text is touched: not inside tags, links, headings, code or an existing ``<dfn>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from itertools import islice

from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from .models import Concept, ConceptLabel

TAG = re.compile(r"(<[^>]*>)")
WORD = re.compile(r"\w+(?:-\w+)*")
SKIP = frozenset(
    {
        "a",
        "code",
        "pre",
        "dfn",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "script",
        "style",
        "button",
        "label",
        "summary",
        "textarea",
        "select",
        "option",
    }
)
TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")


def _key(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in WORD.findall(text))


def _trie_pattern(words: set[str]) -> str:
    """One regular expression for many words, shaped as their trie: the regex engine then
    follows one branch per character instead of trying every word (Aho-Corasick's idea)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [
            re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return pattern(trie)


@dataclass
class Matcher:
    labels: dict[tuple[str, ...], int]
    starts: re.Pattern[str]
    longest: int

    @classmethod
    def of(cls, pairs) -> Matcher:
        labels: dict[tuple[str, ...], int] = {}
        for concept_id, text in pairs:
            key = _key(text)
            if key:
                labels.setdefault(key, concept_id)
        first_words = {k[0] for k in labels}
        body = _trie_pattern(first_words) if first_words else "(?!)"
        # Word boundaries on lower-cased text keep the engine fast (a lookbehind or
        # IGNORECASE costs ten times as much); a start inside a hyphenated word or an entity
        # name is skipped in ``_text``.
        return cls(
            labels=labels,
            starts=re.compile(rf"\b(?:{body})\b"),
            longest=max((len(k) for k in labels), default=0),
        )


_CACHE: dict[tuple, Matcher] = {}


def matcher() -> Matcher:
    """Every label of every concept, rebuilt when the vocabulary changes."""
    from .selectors import synonyms_state

    state = synonyms_state()
    if state not in _CACHE:
        _CACHE.clear()
        _CACHE[state] = Matcher.of(ConceptLabel.objects.values_list("concept_id", "text"))
    return _CACHE[state]


@dataclass
class Annotation:
    seen: list[int] = field(default_factory=list)

    def _text(self, text: str, found: Matcher) -> str:
        out: list[str] = []
        last = 0
        lowered = text.lower()
        if len(lowered) != len(text):  # a rare letter whose lower case is longer: skip it
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        for start in found.starts.finditer(lowered):
            at = start.start()
            if at < last or (at and text[at - 1] in "-&"):
                continue  # inside a label linked just before, a hyphenated word or an entity
            words = list(islice(WORD.finditer(lowered, at), found.longest))
            for n in range(len(words), 0, -1):
                concept_id = found.labels.get(tuple(w.group().lower() for w in words[:n]))
                if concept_id is None:
                    continue
                if concept_id not in self.seen:
                    self.seen.append(concept_id)
                    begin, end = words[0].start(), words[n - 1].end()
                    out.append(text[last:begin])
                    out.append(
                        f'<a class="zw-concept" href="#begrip-{concept_id}">{text[begin:end]}</a>'
                    )
                    last = end
                break
        out.append(text[last:])
        return "".join(out)

    def html(self, html: str, found: Matcher) -> SafeString:
        """``html`` (already safe) with the first mention of each concept linked."""
        parts = TAG.split(html)
        skipping: list[str] = []
        for index, part in enumerate(parts):
            if index % 2:  # a tag
                match = TAG_NAME.match(part)
                name = match.group(1).lower() if match else ""
                if name in SKIP and not part.endswith("/>"):
                    if part.startswith("</"):
                        if name in skipping:
                            skipping.remove(name)
                    else:
                        skipping.append(name)
            elif part and not skipping:
                parts[index] = self._text(part, found)
        # Input was safe HTML; only our own <a> with an integer id was added around its text.
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703

    def concepts(self) -> list[Concept]:
        """The concepts met, in the order they first appear (one query)."""
        by_id = Concept.objects.in_bulk(self.seen)
        return [by_id[c] for c in self.seen if c in by_id]


def annotate_texts(texts: list[str]) -> tuple[list[SafeString], list[Concept]]:
    """Plain texts (a scenario's sections) as paragraphs, with concepts linked."""
    found = matcher()
    annotation = Annotation()
    shown = [annotation.html(linebreaks(escape(t)), found) for t in texts]
    return shown, annotation.concepts()


def annotate_html(html: str) -> tuple[SafeString, list[Concept]]:
    annotation = Annotation()
    shown = annotation.html(html, matcher())
    return shown, annotation.concepts()
