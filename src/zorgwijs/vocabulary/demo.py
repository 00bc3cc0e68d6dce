"""Demo vocabulary: the platform's (the former search glossary) and the CRM network's."""

from __future__ import annotations

from zorgwijs.accounts.models import User
from zorgwijs.organisations.models import Network
from zorgwijs.search.glossary_seed import ENGLISH, GLOSSARY

from .demo_content import CONCEPTS, SOURCE
from .glossary import import_entries
from .models import Concept, ConceptLabel, ConceptRevision, normalise
from .search_index import concept_index
from .services import ConceptData, concept_create


def vocabulary_demo_load(network: Network, editor: User) -> None:
    """Idempotent: concepts that exist (by Dutch preferred label) are left alone."""
    import_entries(
        GLOSSARY,
        concept_model=Concept,
        label_model=ConceptLabel,
        revision_model=ConceptRevision,
    )
    english_labels_add(ENGLISH)
    for concept in Concept.objects.filter(network=None).prefetch_related("labels"):
        concept_index(concept)
    made: dict[str, Concept] = {c.pref_nl: c for c in Concept.objects.filter(network=network)}
    for nl, en, synonyms, definition_nl, definition_en, broader in CONCEPTS:
        if nl in made:
            continue
        made[nl] = concept_create(
            actor=editor,
            network=network,
            data=ConceptData(
                pref={"nl": nl, "en": en},
                alt={"nl": list(synonyms)},
                definition_nl=definition_nl,
                definition_en=definition_en,
                source=SOURCE,
                broader=[made[broader]] if broader else [],
            ),
            check_access=False,
        )


def english_labels_add(entries) -> None:
    """Give the platform's concepts their English labels (``glossary_seed.ENGLISH``): the
    first becomes the English preferred label when the concept has none, the others
    alternative labels; a term that is no concept yet becomes one, with its further Dutch
    labels. Idempotent: a label the concept has is not added again."""
    for term, english, dutch in entries:
        pref = ConceptLabel.objects.filter(
            network=None, language="nl", kind="pref", normalised=normalise(term)
        ).first()
        if pref is None:
            concept = Concept.objects.create(network=None, pref_nl=term, revision_number=1)
            ConceptLabel.objects.create(
                concept=concept,
                network=None,
                language="nl",
                kind="pref",
                text=term,
                normalised=normalise(term),
            )
        else:
            concept = pref.concept
        have = set(
            ConceptLabel.objects.filter(concept=concept).values_list("language", "normalised")
        )
        taken = set(
            ConceptLabel.objects.filter(network=None, language="en", kind="pref").values_list(
                "normalised", flat=True
            )
        )
        labels = [("en", text) for text in english] + [("nl", text) for text in dutch]
        for language, text in labels:
            if (language, normalise(text)) in have:
                continue
            kind = "alt"
            if language == "en" and not concept.pref_en and normalise(text) not in taken:
                kind = "pref"
                concept.pref_en = text
                concept.save(update_fields=["pref_en"])
            have.add((language, normalise(text)))
            ConceptLabel.objects.create(
                concept=concept,
                network=None,
                language=language,
                kind=kind,
                text=text,
                normalised=normalise(text),
            )
        if not ConceptRevision.objects.filter(concept=concept).exists():
            ConceptRevision.objects.create(
                concept=concept,
                number=1,
                data={
                    "labels": {
                        "pref": {"nl": [term], "en": [concept.pref_en] if concept.pref_en else []},
                        "alt": {
                            "nl": list(dutch),
                            "en": [t for t in english if t != concept.pref_en],
                        },
                    },
                    "definition_nl": "",
                    "definition_en": "",
                    "source": "",
                    "broader": [],
                    "related": [],
                },
            )
