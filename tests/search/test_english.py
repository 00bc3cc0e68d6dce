"""English labels of the vocabulary's concepts are cross-language synonyms: an English query
word (in any inflection) finds the concept's Dutch labels; a Dutch word is not widened with
the English labels."""

from __future__ import annotations

import pytest

from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import ANONYMOUS
from zorgwijs.projects.services import project_create
from zorgwijs.search.query import parse
from zorgwijs.search.selectors import search
from zorgwijs.vocabulary.services import ConceptData, concept_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurses(world):
    concept_create(
        actor=None,
        network=None,
        data=ConceptData(
            pref={"nl": "verpleegkundige", "en": "nurse"},
            alt={"nl": ["verpleegkundigen"], "en": ["staff retention", "hospital at home"]},
        ),
        check_access=False,
    )
    for title, summary in (
        ("Verpleegkundigen behouden", "Een programma voor de verpleegkundige op de afdeling."),
        ("Wondzorg thuis", "Betere wondzorg in de wijk."),
    ):
        project_create(
            actor=None,
            organisation=world.org_a,
            data={"title": title, "summary": summary, "visibility": Visibility.PUBLIC},
        )


def _titles(text: str) -> list[str]:
    return [h.title for h in search(viewer=ANONYMOUS, text=text, count_fruitless=False).hits]


def test_an_english_word_in_any_inflection_finds_the_dutch_records(nurses):
    for query in ("nurse", "Nurses", "nursing staff retention", "hospital at home"):
        assert "Verpleegkundigen behouden" in _titles(query), query
    assert "Wondzorg thuis" not in _titles("nurses")


def test_a_dutch_word_is_not_widened_with_english_labels(nurses):
    tokens = parse("verpleegkundige").tokens
    assert "verpleegkund" in tokens and "nurs" not in tokens
    assert "nurs" in parse("nurses").tokens  # what was typed stays part of the query
