"""The search glossary becomes the platform's vocabulary: every entry a concept, its term the
Dutch preferred label, its variants alternative labels, its note the definition. Nothing is
lost: an entry whose term is already a preferred label adds its forms to that concept.

Used by the data migration (with the historical models) and by the demo (with the current
ones), so both move the same way.
"""

from __future__ import annotations

from collections.abc import Iterable


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def import_entries(
    entries: Iterable[tuple[str, Iterable[str], str]],
    *,
    concept_model,
    label_model,
    revision_model,
) -> int:
    """Add each (term, variants, note) to the platform vocabulary; returns concepts made."""
    made = 0
    for term, variants, note in entries:
        term = " ".join(term.split())[:200]
        if not term:
            continue
        pref = label_model.objects.filter(
            network=None, language="nl", kind="pref", normalised=_normalise(term)
        ).first()
        if pref is None:
            concept = concept_model.objects.create(
                network=None, pref_nl=term, definition_nl=note or "", revision_number=1
            )
            label_model.objects.create(
                concept=concept,
                network=None,
                language="nl",
                kind="pref",
                text=term,
                normalised=_normalise(term),
            )
            made += 1
        else:
            concept = pref.concept
        have = set(label_model.objects.filter(concept=concept).values_list("normalised", flat=True))
        for variant in variants:
            text = " ".join(variant.split())[:200]
            if text and _normalise(text) not in have:
                have.add(_normalise(text))
                label_model.objects.create(
                    concept=concept,
                    network=None,
                    language="nl",
                    kind="alt",
                    text=text,
                    normalised=_normalise(text),
                )
        if not revision_model.objects.filter(concept=concept).exists():
            revision_model.objects.create(
                concept=concept,
                number=1,
                data={
                    "labels": {
                        "pref": {"nl": [term]},
                        "alt": {"nl": sorted(have - {_normalise(term)})},
                    },
                    "definition_nl": note or "",
                    "definition_en": "",
                    "source": "",
                    "broader": [],
                    "related": [],
                },
            )
    return made
