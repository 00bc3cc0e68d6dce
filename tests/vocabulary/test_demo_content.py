"""The demo's CRM vocabulary (issue 14, item 9): 40 concepts, each in Dutch and English."""

from __future__ import annotations

from zorgwijs.vocabulary.demo_content import CONCEPTS
from zorgwijs.vocabulary.models import normalise


def test_the_crm_vocabulary_holds_forty_concepts_in_dutch_and_english():
    assert len(CONCEPTS) == 40
    seen: set[str] = set()
    for nl, en, _synonyms, definition_nl, definition_en, broader in CONCEPTS:
        assert nl.strip() and en.strip(), nl
        assert definition_nl.strip() and definition_en.strip(), nl
        # A broader concept comes earlier (the demo creates them in order), no duplicates.
        assert not broader or broader in seen, nl
        assert normalise(nl) not in {normalise(s) for s in seen}, nl
        seen.add(nl)
