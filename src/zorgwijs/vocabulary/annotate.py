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
    return tuple(w.casefold() for w in WORD.findall(text))


@dataclass
class Matcher:
    labels: dict[tuple[str, ...], int]
    starts: frozenset[str]
    longest: int

    @classmethod
    def of(cls, pairs) -> Matcher:
        labels: dict[tuple[str, ...], int] = {}
        for concept_id, text in pairs:
            key = _key(text)
            if key:
                labels.setdefault(key, concept_id)
        return cls(
            labels=labels,
            starts=frozenset(k[0] for k in labels),
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
        tokens = [(m.start(), m.end(), m.group().casefold()) for m in WORD.finditer(text)]
        out: list[str] = []
        last = 0
        i = 0
        while i < len(tokens):
            if tokens[i][2] not in found.starts or (tokens[i][0] and text[tokens[i][0] - 1] == "&"):
                i += 1
                continue
            for n in range(min(found.longest, len(tokens) - i), 0, -1):
                concept_id = found.labels.get(tuple(t[2] for t in tokens[i : i + n]))
                if concept_id is None:
                    continue
                if concept_id not in self.seen:
                    self.seen.append(concept_id)
                    start, end = tokens[i][0], tokens[i + n - 1][1]
                    out.append(text[last:start])
                    out.append(
                        f'<a class="zw-concept" href="#begrip-{concept_id}">{text[start:end]}</a>'
                    )
                    last = end
                i += n - 1
                break
            i += 1
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
