"""The mechanisms that keep search fast on a large index (docs/search.md, "Speed"): one ranking
pass gives page and total, facets come from the best matches (exact for a small result), and
any-word matches on a large index first ask for several words, then fewer."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.search.test_search import corpus  # noqa: F401 - the shared fixture
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import ANONYMOUS, viewer_for
from zorgwijs.projects.services import project_create, project_delete, project_update
from zorgwijs.search import backends, selectors
from zorgwijs.search import query as query_module
from zorgwijs.search.backends import _driving_tokens, _group_matched, idf
from zorgwijs.search.models import Document, Posting
from zorgwijs.search.query import Group, ParsedQuery, parse
from zorgwijs.search.selectors import search

pytestmark = pytest.mark.django_db


def _group(word: str, share: float = 0.0) -> Group:
    return Group(word, ((word,),), rarity=1.0, share=share)


def test_facet_counts_are_exact_for_a_small_result(world, corpus):  # noqa: F811
    member = search(viewer=viewer_for(world.employee_a.user), text="valpreventie")
    statuses = member.facets["status"]
    assert not any(v.approximate for v in statuses)
    assert sum(v.count for v in statuses) == member.total
    themes = {v.value: v.count for v in member.facets["theme"]}
    assert themes == {"valpreventie": 2}


def test_facets_of_a_large_result_are_scaled_from_the_best_and_marked(
    world,
    corpus,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr(selectors, "FACET_SAMPLE", 2)
    member = viewer_for(world.employee_a.user)
    result = search(viewer=member, text="valpreventie")
    assert result.total == 3  # with the organisation's own pilot
    types = result.facets["type"]
    assert [(v.value, v.count, v.approximate) for v in types] == [("project", 3, True)]
    # page 2 lies beyond the sample: still the right total and the same facets
    second = search(viewer=member, text="valpreventie", page=2, page_size=2)
    assert second.total == 3
    assert len(second.hits) == 1
    assert second.facets["type"][0].count == 3


def test_a_page_past_the_end_still_knows_the_total(corpus):  # noqa: F811
    first = search(viewer=ANONYMOUS, text="valpreventie", page_size=2)
    beyond = search(viewer=ANONYMOUS, text="valpreventie", page=9, page_size=2)
    assert beyond.hits == []
    assert beyond.total == first.total == 2


def test_pages_and_total_agree_with_one_long_page(corpus):  # noqa: F811
    text = "valpreventie programma"
    whole = search(viewer=ANONYMOUS, text=text, page_size=100)
    paged = [
        h.document_id
        for page in (1, 2, 3)
        for h in search(viewer=ANONYMOUS, text=text, page=page, page_size=1).hits
    ]
    assert paged == [h.document_id for h in whole.hits][:3]


def test_any_word_on_a_large_index_wants_several_words_first():
    groups = tuple(_group(w) for w in ("aa", "bb", "cc", "dd", "ee"))
    query = query_module._any_word(groups, large_index=True)
    assert query.at_least == 3
    assert len(query.clauses) == 10  # 5 choose 3
    assert query.wider().at_least == 2
    assert query.wider().wider().at_least == 1
    assert query.wider().wider().wider() is None
    small = query_module._any_word(groups, large_index=False)
    assert small.at_least == 1
    assert len(small.clauses) == 5


def test_a_group_matches_when_one_alternative_has_all_its_tokens():
    group = Group("val", (("val",), ("valpreventie", "programma")), rarity=1.0)
    bits = {"val": 1, "valpreventie": 2, "programma": 4}
    assert _group_matched(group, bits) == (
        "(CASE WHEN (r.mask & 1) = 1 OR (r.mask & 6) = 6 THEN 1 ELSE 0 END)"
    )


def test_a_short_loosened_query_keeps_only_its_rare_word_on_a_large_index():
    query = ParsedQuery((_group("thuis", share=0.3), _group("longaanval")), True, large_index=True)
    assert [g.text for g in query.loosened().groups] == ["longaanval"]


def test_on_a_large_index_a_short_query_still_finds_a_one_word_match(
    corpus,  # noqa: F811
    monkeypatch,
):
    """No document has all, three or two of these words: a short query is ranked retrieval
    over any of them, so the one-word match is found and the page says not all words were."""
    monkeypatch.setattr(query_module, "PRUNE_FROM", 1)
    monkeypatch.setattr(query_module, "COMMON_SHARE", 0.5)
    text = "zorgrobots drones hologrammen meldingen"
    parsed = parse(text)
    assert parsed.large_index
    assert not parsed.require_all
    assert parsed.coordinate
    result = search(viewer=ANONYMOUS, text=text)
    assert result.loosened
    assert [h.title for h in result.hits] == ["Veilig incident melden op de SEH"]


def test_the_index_size_follows_this_process_s_writes(world, corpus):  # noqa: F811
    before = query_module.index_size()
    project_create(
        actor=None,
        organisation=world.org_a,
        data={"title": "Zorgrobot", "summary": "Een robot.", "visibility": Visibility.PUBLIC},
    )
    assert query_module.index_size() == before + 1


def test_the_page_marks_approximate_facet_counts(corpus, monkeypatch):  # noqa: F811
    exact = Client().get("/zoeken/", {"q": "valpreventie"}).content.decode()
    assert "(2)" in exact
    assert "≈" not in exact
    monkeypatch.setattr(selectors, "FACET_SAMPLE", 1)
    approximate = Client().get("/zoeken/", {"q": "valpreventie"}).content.decode()
    assert "(≈&nbsp;2)" in approximate


def _postings(project) -> dict[str, int]:
    document = Document.objects.filter(kind="project", object_id=project.pk).first()
    if document is None:
        return {}
    return dict(Posting.objects.filter(document=document).values_list("token", "tf"))


def test_postings_follow_every_write_in_the_same_transaction(world, corpus):  # noqa: F811
    project = project_create(
        actor=None,
        organisation=world.org_a,
        data={"title": "Zorgrobot", "summary": "Een robot, een robot.", "visibility": "public"},
    )
    # title weighs 10, summary 4, body 1
    assert _postings(project)["zorgrobot"] == 10
    assert _postings(project)["robot"] == 4 + 4
    project_update(actor=None, project=project, data={"title": "Sensoren"})
    assert "zorgrobot" not in _postings(project)
    assert _postings(project)["sensoor"] == 10
    project_delete(actor=None, project=project)
    assert not Posting.objects.exclude(document__in=Document.objects.all()).exists()


def test_the_score_is_bm25_over_the_postings(corpus):  # noqa: F811
    """One document matches; its score: idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b·|d|/avg))."""
    hit = search(viewer=ANONYMOUS, text="wekelijks").hits[0]
    document = Document.objects.get(pk=hit.document_id)
    documents = Document.objects.count()
    average = sum(Document.objects.values_list("length", flat=True)) / documents
    tf = 4  # once, in the summary
    k1, b = backends.K1, backends.B
    norm = k1 * (1 - b + b * document.length / average)
    assert hit.score == round(idf(documents, 1) * tf * (k1 + 1) / (tf + norm), 4)


def test_the_rarest_words_drive_the_candidates():
    frequencies = {"zeldzaam": 3, "gewoon": 900, "vaak": 5000, "com": 40, "posiet": 700}
    groups = (
        _group("gewoon"),
        _group("zeldzaam"),
        Group("vaak", (("vaak",), ("com", "posiet")), rarity=1.0),
    )
    assert _driving_tokens(groups, 3, frequencies) == {"zeldzaam"}  # all words: the rarest
    # two of three: every match has one of the two cheapest groups' drivers
    assert _driving_tokens(groups, 2, frequencies) == {"zeldzaam", "gewoon"}
    assert _driving_tokens(groups, 1, frequencies) == {"zeldzaam", "gewoon", "vaak", "com"}


@pytest.mark.parametrize("text", ["valpreventie programma", "veilig incident melden", "vallen"])
def test_candidates_looked_up_or_scanned_rank_the_same(world, corpus, monkeypatch, text):  # noqa: F811
    member = viewer_for(world.employee_a.user)
    monkeypatch.setattr(backends, "SEEK_COST", 0)
    looked_up = search(viewer=member, text=text)
    monkeypatch.setattr(backends, "SEEK_COST", 10**9)
    scanned = search(viewer=member, text=text)
    assert looked_up.total == scanned.total > 0
    assert [(h.document_id, h.score) for h in looked_up.hits] == [
        (h.document_id, h.score) for h in scanned.hits
    ]


def test_on_a_large_index_a_near_empty_all_words_match_widens(corpus, monkeypatch):  # noqa: F811
    """Only one document has both words: the search also takes those with one of them, below
    it, instead of a near-empty page."""
    monkeypatch.setattr(query_module, "PRUNE_FROM", 1)
    monkeypatch.setattr(query_module, "COMMON_SHARE", 0.9)
    parsed = parse("valpreventie wijk")
    assert parsed.large_index and parsed.at_least == 2
    titles = [h.title for h in search(viewer=ANONYMOUS, text="valpreventie wijk").hits]
    assert titles[0] == "Valpreventieprogramma in de wijk"
    assert "Valpreventie in het verpleeghuis" in titles
