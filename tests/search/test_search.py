from __future__ import annotations

import pytest
from django.test import Client

from tests.fold_nav import parse
from tests.signin import sign_in
from zorgwijs.needs.models import UnansweredSearch
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import ANONYMOUS, viewer_for
from zorgwijs.projects.services import project_create, project_delete, project_update
from zorgwijs.search.selectors import search
from zorgwijs.search.services import documents_rebuild
from zorgwijs.vocabulary.services import ConceptData, concept_create

pytestmark = pytest.mark.django_db


def _project(world, title, summary, visibility=Visibility.PUBLIC, organisation=None, **data):
    return project_create(
        actor=None,
        organisation=organisation or world.org_a,
        data={"title": title, "summary": summary, "visibility": visibility, **data},
    )


def _titles(viewer, text, **kwargs):
    return [h.title for h in search(viewer=viewer, text=text, **kwargs).hits]


@pytest.fixture
def corpus(world, themes):
    projects = [
        _project(
            world,
            "Valpreventieprogramma in de wijk",
            "Screening op valrisico thuis.",
            region="Twente",
            sector="vvt",
            status="lopend",
        ),
        _project(
            world,
            "Valpreventie in het verpleeghuis",
            "Minder vallen door beweging.",
            region="Utrecht",
            sector="vvt",
            status="afgerond",
        ),
        _project(
            world,
            "Programma voor nieuwe collega's",
            "Een programma voor inwerken.",
            region="Utrecht",
            sector="ziekenhuis",
        ),
        _project(
            world, "Geheime pilot", "Valpreventie intern.", visibility=Visibility.ORGANISATION
        ),
        _project(
            world,
            "Self-scheduling pilot on the ward",
            "Nurses plan their own shifts.",
            language="en",
        ),
        _project(world, "Veilig incident melden op de SEH", "Meldingen bespreken we wekelijks."),
    ]
    projects[0].themes.set([themes[0]])
    projects[1].themes.set([themes[0]])
    # Search takes its synonyms from the shared vocabulary (the former glossary).
    for pref, alt in (("VIM", "veilig incident melden"), ("zelfroosteren", "self scheduling")):
        concept_create(
            actor=None,
            network=None,
            data=ConceptData(pref={"nl": pref}, alt={"nl": [alt]}),
            check_access=False,
        )
    documents_rebuild()
    return projects


def test_stemming_accents_and_case(corpus):
    assert "Valpreventie in het verpleeghuis" in _titles(ANONYMOUS, "VALPREVENTIË")
    assert "Valpreventie in het verpleeghuis" in _titles(ANONYMOUS, "vallen")


def test_compound_words_find_their_parts_and_back(corpus):
    assert "Valpreventieprogramma in de wijk" in _titles(ANONYMOUS, "valpreventie")
    assert "Valpreventieprogramma in de wijk" in _titles(ANONYMOUS, "programma")


def test_glossary_synonyms_and_english(corpus):
    projects = {"type": ["project"]}
    assert _titles(ANONYMOUS, "VIM", filters=projects) == ["Veilig incident melden op de SEH"]
    assert "Self-scheduling pilot on the ward" in _titles(ANONYMOUS, "zelfroosteren")
    assert "Self-scheduling pilot on the ward" in _titles(ANONYMOUS, "nurses shifts")


def test_title_ranks_above_body(corpus):
    titles = _titles(ANONYMOUS, "programma")
    assert titles.index("Programma voor nieuwe collega's") < 2


def test_results_the_viewer_may_not_see_are_never_counted_or_faceted(world, corpus):
    anonymous = search(viewer=ANONYMOUS, text="valpreventie")
    assert "Geheime pilot" not in [h.title for h in anonymous.hits]
    member = search(viewer=viewer_for(world.employee_a.user), text="valpreventie")
    assert member.total == anonymous.total + 1
    outsider = search(viewer=viewer_for(world.outsider_b.user), text="valpreventie")
    assert outsider.total == anonymous.total
    anonymous_statuses = sum(v.count for v in anonymous.facets["status"])
    assert anonymous_statuses == anonymous.total


def test_facet_filters(corpus):
    result = search(viewer=ANONYMOUS, text="valpreventie", filters={"region": ["Twente"]})
    assert [h.title for h in result.hits] == ["Valpreventieprogramma in de wijk"]
    themed = search(viewer=ANONYMOUS, text="", filters={"theme": ["valpreventie"]})
    assert themed.total == 2


def test_index_follows_create_update_visibility_and_delete(world, corpus):
    project = _project(world, "Zorgrobot in de nacht", "Een robot helpt 's nachts.")
    assert _titles(ANONYMOUS, "zorgrobot") == ["Zorgrobot in de nacht"]
    project_update(actor=None, project=project, data={"title": "Slimme sensoren in de nacht"})
    assert _titles(ANONYMOUS, "zorgrobot") == []
    assert _titles(ANONYMOUS, "sensoren") == ["Slimme sensoren in de nacht"]
    project_update(actor=None, project=project, data={"visibility": Visibility.ORGANISATION})
    assert _titles(ANONYMOUS, "sensoren") == []
    assert _titles(viewer_for(world.employee_a.user), "sensoren") == ["Slimme sensoren in de nacht"]
    project_delete(actor=None, project=project)
    assert _titles(viewer_for(world.employee_a.user), "sensoren") == []


def test_a_failed_save_leaves_the_index_unchanged(world, corpus):
    project = corpus[2]
    with pytest.raises(Exception):  # noqa: B017, PT011 - the service refuses the empty title
        project_update(actor=None, project=project, data={"title": "", "summary": "kapot"})
    assert _titles(ANONYMOUS, "kapot") == []


def test_highlighting_marks_matched_words_and_escapes_the_rest(world, corpus):
    _project(world, "Escape <script>", "Valpreventie <b>vet</b> & meer.")
    hit = next(
        h
        for h in search(viewer=ANONYMOUS, text="valpreventie").hits
        if h.title == "Escape <script>"
    )
    assert "<mark>Valpreventie</mark>" in hit.snippet
    assert "&lt;b&gt;" in hit.snippet and "<b>" not in hit.snippet


def test_questions_loosen_to_any_word(corpus):
    result = search(
        viewer=ANONYMOUS, text="Hoe voorkom je dat bewoners vallen in het verpleeghuis?"
    )
    assert result.hits and result.hits[0].title == "Valpreventie in het verpleeghuis"


def test_fruitless_searches_are_counted_without_who_asked(corpus):
    search(viewer=ANONYMOUS, text="Robotica  in de KEUKEN")
    search(viewer=ANONYMOUS, text="robotica in de keuken")
    search(viewer=ANONYMOUS, text="valpreventie")  # found something: not a need
    entry = UnansweredSearch.objects.get()
    assert entry.query == "robotica in de keuken" and entry.count == 2


def test_paging(world, corpus):
    for n in range(12):
        _project(world, f"Leerafdeling {n}", "Studenten leren samen.")
    first = search(viewer=ANONYMOUS, text="leerafdeling", page_size=10)
    second = search(viewer=ANONYMOUS, text="leerafdeling", page=2, page_size=10)
    assert first.total == 12 and len(first.hits) == 10 and len(second.hits) == 2
    assert not {h.title for h in first.hits} & {h.title for h in second.hits}


TORTURE = [
    "",
    " ",
    '"',
    "'",
    '"unterminated',
    'valpreventie"',
    "a AND",
    "OR",
    "NOT NOT",
    "NEAR(a b)",
    "title:valpreventie",
    "val*",
    "^val",
    "(((",
    ")",
    "a - b",
    "'; DROP TABLE search_document; --",
    "\\",
    "%",
    "_",
    "{}",
    "[]",
    "<script>alert(1)</script>",
    "😀🚑💉",
    "x" * 10_000,
    "valpreventie " * 900,
    "ß ĳ Ø ﬁ",
    "\x00",
    "１２３",
    "0",
    "--",
    "&&||!",
    ":*",
    "a:b:c",
    "select * from auth_user",
    "😀 valpreventie",
    "ziekenhuis" * 100,
]


@pytest.mark.parametrize("text", TORTURE, ids=range(len(TORTURE)))
def test_bad_input_never_errors(text, corpus):
    result = search(viewer=ANONYMOUS, text=text, page=3)
    assert result.total >= 0
    response = Client().get("/zoeken/", {"q": text, "pagina": "x", "region": "'"})
    assert response.status_code == 200


def test_search_page_shows_results_facets_and_empty_state(world, corpus):
    body = Client().get("/zoeken/", {"q": "valpreventie"}).content.decode()
    assert "<mark>" in body and "Twente" in body and "Geheime pilot" not in body
    empty = Client().get("/zoeken/", {"q": "qwertyuiop"}).content.decode()
    assert "Niets gevonden" in empty
    member = sign_in(Client(), world.employee_a.user).get("/zoeken/", {"q": "valpreventie"})
    assert "Geheime pilot" in member.content.decode()


def test_the_facets_sit_in_the_shared_filter_disclosure_after_which_the_results_follow(corpus):
    """Like the other list pages' filters ({% filterfold %}): closed, so on a phone the results
    come first; its summary counts the facets that are on, one per facet however many values."""
    root, order = parse(Client().get("/zoeken/", {"q": "valpreventie"}).content.decode())
    (details,) = [d for d in root.find_all("details") if "zw-filter-fold" in d.classes()]
    assert details.children[0].tag == "summary" and "open" not in details.attrs
    assert details.find("summary").all_text() == "Filter"
    facets = [s for s in details.find_all("section") if "zw-vp-facet" in s.classes()]
    assert facets and all(f.find_all("a") for f in facets)
    results = next(e for e in order if "zw-vp-results" in e.classes())
    assert order.index(results) > order.index(details)
    assert not [d for d in root.find_all("details") if "zw-vp-filter" in d.classes()]
    chosen = {"q": "valpreventie", "region": ["Twente", "Utrecht"], "theme": "valpreventie"}
    root, _order = parse(Client().get("/zoeken/", chosen).content.decode())
    (details,) = [d for d in root.find_all("details") if "zw-filter-fold" in d.classes()]
    assert details.find("summary").all_text() == "Filter (2 actief)"


def test_synonyms_are_kept_in_the_platform_vocabulary_by_platform_admins(world, platform_admin):
    """The old glossary screens are gone: a platform admin adds a concept to the platform's
    vocabulary, and search expands the query with its synonyms at once."""
    assert Client().get("/platform/woordenlijst/").status_code == 404
    refused = sign_in(Client(), world.employee_a.user).get("/begrippen/nieuw/")
    assert refused.status_code == 403
    admin = sign_in(Client(), platform_admin, mfa=True)
    empty = admin.post("/begrippen/nieuw/", {"network": "", "pref_nl": " "})
    assert empty.status_code == 400
    created = admin.post(
        "/begrippen/nieuw/",
        {"network": "", "pref_nl": "Zelfroosteren", "alt_nl": "roosterautonomie\n"},
    )
    assert created.status_code == 302, created.content.decode()[:500]
    from zorgwijs.vocabulary.selectors import synonym_sets

    sets = [{form.casefold() for form in forms} for forms in synonym_sets()]
    assert any({"zelfroosteren", "roosterautonomie"} <= forms for forms in sets)
