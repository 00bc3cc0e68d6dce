from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from zorgwijs.search.analysis import detect_language, document_tokens, fold, words
from zorgwijs.search.backends import _group_matched
from zorgwijs.search.query import Group, ParsedQuery
from zorgwijs.search.vocabulary import Vocabulary


def test_fold_lowercases_and_removes_accents():
    assert fold("Patiëntveiligheid CAFÉ") == "patientveiligheid cafe"
    assert words("COPD-exacerbatie, 2x!") == ["copd", "exacerbatie", "2x"]


def test_compounds_split_where_the_parts_are_more_common_than_the_whole():
    vocabulary = Vocabulary(
        {
            "valpreventie": 5,
            "programma": 9,
            "ziekenhuis": 50,
            "zieken": 2,
            "huis": 3,
            "veiligheid": 4,
            "beleid": 6,
        }
    )
    assert vocabulary.split("valpreventieprogramma") == ("valpreventie", "programma")
    assert vocabulary.split("veiligheidsbeleid") == ("veiligheid", "beleid")
    assert vocabulary.split("ziekenhuis") == ()  # the whole word is more common
    assert vocabulary.split("kort") == ()


def test_document_tokens_hold_stems_and_compound_parts():
    vocabulary = Vocabulary({"valpreventie": 5, "programma": 9})
    tokens = document_tokens("Het valpreventieprogramma", vocabulary)
    assert tokens == ["valpreventieprogramma", "valpreventie", "programma"]


def test_language_detection():
    assert detect_language("The nurses plan their own shifts on the ward") == "en"
    assert detect_language("De verpleegkundigen plannen zelf hun diensten op de afdeling") == "nl"


@given(
    st.lists(
        st.lists(st.lists(st.text(), min_size=1, max_size=3), min_size=1, max_size=3),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_backend_expressions_contain_no_syntax_from_input(raw, require_all):
    """Whatever the tokens were made of, the SQL text of the match condition holds only our
    own fragments and integers: the tokens themselves are bound parameters."""
    groups = tuple(
        Group("g", tuple(tuple(t for w in alt for t in words(w)) or ("x",) for alt in group))
        for group in raw
    )
    query = ParsedQuery(groups, require_all)
    tokens = list(dict.fromkeys(t for g in query.groups for alt in g.alternatives for t in alt))
    bits = {token: 1 << i for i, token in enumerate(tokens)}
    for group in groups:
        assert re.fullmatch(r"[A-Z0-9 ()&=.rmask]*", _group_matched(group, bits))
