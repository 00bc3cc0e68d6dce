"""Typo tolerance: a search that finds nothing is retried with corrected words, never with a
word the asker could not find themselves."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.search.test_search import _project
from zorgwijs.needs.models import UnansweredSearch
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import ANONYMOUS, viewer_for
from zorgwijs.search.spelling import corrected, search_forgiving

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(world, themes):
    _project(world, "Valpreventie in het verpleeghuis", "Minder vallen door beweging.")
    _project(world, "Decubitus voorkomen", "Wisselligging en huidinspectie.")
    _project(
        world,
        "Zorgrobotica intern",
        "Een robotarm helpt bij tilmomenten.",
        visibility=Visibility.ORGANISATION,
    )


def test_a_typo_is_corrected_and_the_answer_says_so(corpus):
    result, answered = search_forgiving(viewer=ANONYMOUS, text="valpreventei")
    assert answered == "valpreventie"
    assert [h.title for h in result.hits] == ["Valpreventie in het verpleeghuis"]
    result, answered = search_forgiving(viewer=ANONYMOUS, text="decubitsu")  # swapped letters
    assert answered == "decubitus" and result.total == 1


def test_known_words_short_words_and_nonsense_are_left_alone(corpus):
    assert corrected("valpreventie") is None
    assert corrected("vim") is None
    assert corrected("qqqqqqq") is None
    result, answered = search_forgiving(viewer=ANONYMOUS, text="qqqqqqq")
    assert result.total == 0 and answered == ""
    assert UnansweredSearch.objects.get().query == "qqqqqqq"  # still a knowledge need


def test_a_correction_never_reveals_a_word_of_a_private_record(corpus, world):
    result, answered = search_forgiving(viewer=ANONYMOUS, text="zorgrobotika")
    assert result.total == 0 and answered == ""
    member = viewer_for(world.employee_a.user)
    result, answered = search_forgiving(viewer=member, text="zorgrobotika")
    assert answered == "zorgrobotica" and result.total == 1


def test_page_and_api_answer_the_corrected_query(corpus):
    page = Client().get("/zoeken/", {"q": "valpreventei"}).content.decode()
    assert "Niets gevonden voor „valpreventei”" in page and "<strong>valpreventie</strong>" in page
    body = Client().get("/api/v1/search", {"q": "valpreventei"}).json()
    assert body["corrected_query"] == "valpreventie" and body["total"] == 1
    assert Client().get("/api/v1/search", {"q": "valpreventie"}).json()["corrected_query"] is None
