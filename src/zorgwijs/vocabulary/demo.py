"""Demo vocabulary: the platform's (the former search glossary) and the CRM network's."""

from __future__ import annotations

from zorgwijs.accounts.models import User
from zorgwijs.organisations.models import Network
from zorgwijs.search.glossary_seed import GLOSSARY

from .demo_content import CONCEPTS, SOURCE
from .glossary import import_entries
from .models import Concept, ConceptLabel, ConceptRevision
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
