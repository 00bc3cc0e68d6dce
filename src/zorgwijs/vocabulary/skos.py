"""The vocabulary as SKOS: JSON-LD and Turtle, written from the same list of statements.

A concept's URI is its page; a network's vocabulary (or the platform's) is a
``skos:ConceptScheme``. Only SKOS core properties are used, so any SKOS tool reads it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Concept, LabelKind

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROPERTY: dict[str, str] = {
    LabelKind.PREFERRED: "prefLabel",
    LabelKind.ALTERNATIVE: "altLabel",
    LabelKind.HIDDEN: "hiddenLabel",
}


@dataclass(frozen=True)
class Statement:
    subject: str
    predicate: str  # a prefixed name: skos:prefLabel
    obj: str
    language: str | None = None  # a literal with a language tag
    literal: bool = False


def statements(
    concepts: QuerySet[Concept], scheme_uri: str, scheme_title: str, uri: Callable[[int], str]
) -> list[Statement]:
    rows = [
        Statement(scheme_uri, "rdf:type", "skos:ConceptScheme"),
        Statement(scheme_uri, "dct:title", scheme_title, "nl", literal=True),
    ]
    concepts = concepts.prefetch_related("labels", "broader", "narrower", "related")
    for concept in concepts:
        me = uri(concept.pk)
        rows += [
            Statement(me, "rdf:type", "skos:Concept"),
            Statement(me, "skos:inScheme", scheme_uri),
        ]
        for label in concept.labels.all():
            rows.append(
                Statement(me, f"skos:{PROPERTY[label.kind]}", label.text, label.language, True)
            )
        for language in ("nl", "en"):
            text = getattr(concept, f"definition_{language}")
            if text:
                rows.append(Statement(me, "skos:definition", text, language, True))
        if concept.source:
            rows.append(Statement(me, "dct:source", concept.source, None, True))
        for other in concept.broader.all():
            rows.append(Statement(me, "skos:broader", uri(other.pk)))
        for other in concept.narrower.all():
            rows.append(Statement(me, "skos:narrower", uri(other.pk)))
        for other in concept.related.all():
            rows.append(Statement(me, "skos:related", uri(other.pk)))
        if not concept.broader.all():
            rows.append(Statement(me, "skos:topConceptOf", scheme_uri))
    return rows


def _turtle_literal(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _iri(value: str) -> str:
    if value.startswith(("skos:", "dct:", "rdf:")):
        return value
    # Our URIs are absolute URLs of our own pages: no character that needs escaping in <…>.
    return f"<{value}>"


def turtle(rows: Iterable[Statement]) -> str:
    lines = [
        f"@prefix skos: <{SKOS}> .",
        f"@prefix dct: <{DCT}> .",
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
        "",
    ]
    for row in rows:
        if row.literal:
            obj = _turtle_literal(row.obj) + (f"@{row.language}" if row.language else "")
        else:
            obj = _iri(row.obj)
        predicate = "a" if row.predicate == "rdf:type" else row.predicate
        lines.append(f"{_iri(row.subject)} {predicate} {obj} .")
    return "\n".join(lines) + "\n"


def json_ld(rows: Iterable[Statement]) -> str:
    nodes: dict[str, dict] = {}
    for row in rows:
        node = nodes.setdefault(row.subject, {"@id": row.subject})
        if row.predicate == "rdf:type":
            node.setdefault("@type", []).append(row.obj)
            continue
        if row.literal:
            value: dict = {"@value": row.obj}
            if row.language:
                value["@language"] = row.language
        else:
            value = {"@id": row.obj}
        node.setdefault(row.predicate, []).append(value)
    document = {
        "@context": {"skos": SKOS, "dct": DCT},
        "@graph": list(nodes.values()),
    }
    return json.dumps(document, ensure_ascii=False, indent=1)
