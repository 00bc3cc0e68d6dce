"""Vocabulary pages, SKOS export and definitions where a concept is used."""

from __future__ import annotations

import datetime
import json
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.scenarios.conftest import make_scenario
from tests.signin import sign_in
from zorgwijs.vocabulary.annotate import Annotation, Matcher
from zorgwijs.vocabulary.models import Concept
from zorgwijs.vocabulary.services import ConceptData, concept_create

pytestmark = pytest.mark.django_db


def _concept(world, network, pref, **extra) -> Concept:
    return concept_create(
        actor=world.colleague_a.user, network=network, data=ConceptData(pref={"nl": pref}, **extra)
    )


def test_an_editor_adds_a_concept_in_the_browser_and_a_duplicate_is_refused(client, world, network):
    sign_in(client, world.colleague_a.user)
    url = reverse("vocabulary:create")
    form = {
        "network": network.pk,
        "pref_nl": "Briefing",
        "pref_en": "Briefing",
        "alt_nl": "voorbespreking",
        "definition_nl": "Korte afstemming vooraf.",
    }
    response = client.post(url, form)
    concept = Concept.objects.get(pref_nl="Briefing")
    assert response.status_code == 302 and response.url == concept.get_absolute_url()
    again = client.post(url, {**form, "definition_nl": "Mijn tweede definitie"})
    assert again.status_code == 400
    assert "Mijn tweede definitie" in again.content.decode()
    assert Concept.objects.count() == 1


def test_a_member_without_the_editor_role_cannot_add_or_edit(client, world, network):
    concept = _concept(world, network, "Debriefing")
    sign_in(client, world.employee_a.user)
    assert client.get(reverse("vocabulary:create")).status_code == 403
    edit = reverse("vocabulary:edit", kwargs={"concept_id": concept.pk})
    assert client.get(edit).status_code == 403
    sign_in(client, world.outsider_b.user)
    assert client.post(edit, {"pref_nl": "Weg"}).status_code == 403
    concept.refresh_from_db()
    assert concept.pref_nl == "Debriefing"


def test_a_cycle_in_the_form_is_refused_at_the_field(client, world, network):
    parent = _concept(world, network, "Teamwork")
    child = _concept(world, network, "Taakverdeling", broader=[parent])
    sign_in(client, world.colleague_a.user)
    response = client.post(
        reverse("vocabulary:edit", kwargs={"concept_id": parent.pk}),
        {"pref_nl": "Teamwork", "broader": [child.pk]},
    )
    assert response.status_code == 400 and "kring" in response.content.decode()
    assert not parent.broader.exists()


def test_skos_export_in_turtle_and_json_ld(client, world, network):
    parent = _concept(world, network, "Communicatie", definition_nl='Zeggen "wat" je doet.')
    _concept(
        world,
        network,
        "Closed-loop",
        broader=[parent],
        hidden={"nl": ["closed lope"]},
        alt={"en": ["closed-loop communication"]},
    )
    turtle = client.get(reverse("vocabulary:skos_turtle"), {"netwerk": network.slug})
    text = turtle.content.decode()
    assert turtle["Content-Type"].startswith("text/turtle")
    assert 'skos:definition "Zeggen \\"wat\\" je doet."@nl' in text
    assert 'skos:hiddenLabel "closed lope"@nl' in text
    assert 'skos:altLabel "closed-loop communication"@en' in text
    document = json.loads(client.get(reverse("vocabulary:skos_jsonld"), {"netwerk": "crm"}).content)
    nodes = {n["@id"]: n for n in document["@graph"]}
    child = next(
        n for n in nodes.values() if n.get("skos:prefLabel", [{}])[0].get("@value") == "Closed-loop"
    )
    assert child["skos:broader"] == [
        {"@id": next(iter(k for k in nodes if k.endswith(f"/{parent.pk}/")))}
    ]


def test_the_concept_page_lists_what_uses_it_and_stays_flat(client, world, network):
    concept = _concept(world, network, "Situational awareness", definition_nl="Overzicht.")
    make_scenario(world, title="Scenario 0").concepts.add(concept)
    sign_in(client, world.employee_a.user)
    url = concept.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(1, 5):
        scenario = make_scenario(world, title=f"Scenario {n}")
        scenario.concepts.add(concept)
    client.get(url)  # search re-reads the index size once after the index changed
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Scenario 4" in page
    assert len(many) == len(few) and len(many) <= 20


def test_a_scenario_shows_the_definition_where_the_concept_is_used(client, world, network):
    _concept(
        world,
        network,
        "Closed-loop communicatie",
        alt={"nl": ["terugkoppelen"]},
        definition_nl="De ontvanger herhaalt de opdracht.",
    )
    scenario = make_scenario(world, debriefing_questions="Hoe ging het terugkoppelen?")
    sign_in(client, world.employee_a.user)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert 'class="zw-concept" href="#begrip-' in page
    assert "<dfn" in page and "De ontvanger herhaalt de opdracht." in page


def test_annotation_links_only_the_first_mention_and_leaves_headings_and_links_alone():
    found = Matcher.of([(1, "SBAR"), (2, "closed-loop communicatie"), (3, "loop")])
    html = (
        "<h2>SBAR</h2><p>Gebruik SBAR en daarna SBAR. <a href='/x'>closed-loop communicatie</a>"
        " en Closed-loop  communicatie &amp; loop.</p>"
    )
    annotation = Annotation()
    out = annotation.html(html, found)
    assert out.startswith("<h2>SBAR</h2>")
    assert out.count('href="#begrip-1"') == 1 and out.count('href="#begrip-2"') == 1
    assert "<a href='/x'>closed-loop communicatie</a>" in out
    assert annotation.seen == [1, 2, 3]


def test_annotating_a_large_page_with_many_concepts_is_quick(world, network):
    words = [f"term{n}" for n in range(5000)]
    found = Matcher.of((n, f"{w} begrip") for n, w in enumerate(words))
    text = " ".join(
        f"<p>Een zin met {words[n % 5000]} begrip en gewone woorden.</p>" for n in range(2000)
    )
    assert len(text) > 100_000
    started = time.perf_counter()
    Annotation().html(text, found)
    assert time.perf_counter() - started < 0.5  # the budget is 50 ms; generous on a loaded CI


def test_the_api_lists_concepts_and_exports_skos(client, world, network):
    parent = _concept(world, network, "Teamwork", definition_nl="Samen werken.")
    _concept(world, network, "Taakverdeling", broader=[parent], hidden={"nl": ["taakverdeeling"]})
    listed = client.get("/api/v1/concepts", {"network": network.slug}).json()
    assert [c["labels"]["pref"]["nl"] for c in listed] == ["Taakverdeling", "Teamwork"]
    assert listed[0]["broader"] == [parent.pk] and listed[1]["narrower"] == [listed[0]["id"]]
    assert listed[0]["labels"]["hidden"] == {"nl": ["taakverdeeling"]}
    jsonld = client.get("/api/v1/concepts/skos", {"network": network.slug}).json()
    assert jsonld["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    labels = [n["skos:prefLabel"][0]["@value"] for n in jsonld["@graph"] if "skos:prefLabel" in n]
    assert sorted(labels) == ["Taakverdeling", "Teamwork"]
    assert client.get("/api/v1/concepts", {"network": "bestaat-niet"}).status_code == 404


def test_a_knowledge_page_shows_the_definition_where_a_concept_is_used(client, world, network):
    from tests.knowledge.factories import make_page, make_space
    from zorgwijs.organisations.models import Visibility

    _concept(world, network, "SBAR", definition_nl="Situatie, achtergrond, beoordeling, advies.")
    space = make_space(world.org_a, visibility=Visibility.PUBLIC)
    page = make_page(space, world.admin_a.user, body="## SBAR\n\nBel de arts met SBAR.")
    url = reverse("knowledge:page", kwargs={"space_slug": space.slug, "page_id": page.pk})
    html = client.get(url).content.decode()
    assert html.count('class="zw-concept"') == 1  # the text, not the heading
    assert "Situatie, achtergrond, beoordeling, advies." in html and "<dfn" in html


def test_the_concept_page_lists_the_pages_that_use_it_as_far_as_the_reader_may_read(
    client, world, network
):
    from tests.knowledge.factories import make_page, make_space
    from zorgwijs.knowledge.services.pages import page_validate
    from zorgwijs.organisations.models import Visibility

    concept = _concept(world, network, "Closed-loop communicatie", alt={"nl": ["terugkoppelen"]})
    public = make_space(world.org_a, visibility=Visibility.PUBLIC)
    private = make_space(world.org_b, slug="noord", visibility=Visibility.ORGANISATION)
    for space, editor, title, body in (
        (public, world.admin_a.user, "Overdracht", "Altijd terugkoppelen."),
        (public, world.admin_a.user, "Koffie", "Niets over communicatie."),
        (private, world.outsider_b.user, "Geheim B", "Closed-loop communicatie bij B."),
    ):
        page = make_page(space, editor, title=title, body=body)
        page.refresh_from_db()
        page_validate(
            actor=editor,
            page=page,
            revision=page.current_revision,
            review_due=timezone.localdate() + datetime.timedelta(days=90),
        )
    url = concept.get_absolute_url()
    anonymous = client.get(url).content.decode()
    assert "Overdracht" in anonymous  # found through the alternative label
    assert "Koffie" not in anonymous and "Geheim B" not in anonymous
    sign_in(client, world.outsider_b.user)
    assert "Geheim B" in client.get(url).content.decode()


def test_a_hidden_label_finds_the_concept_but_is_never_shown(client, world, network):
    from zorgwijs.organisations.visibility import ANONYMOUS
    from zorgwijs.search.selectors import search

    concept = _concept(
        world,
        network,
        "Situational awareness",
        alt={"nl": ["situatiebewustzijn"]},
        hidden={"nl": ["situatiebewustzein"]},
        definition_nl="Weten wat er om je heen gebeurt.",
    )
    listed = client.get(reverse("vocabulary:index"), {"q": "bewustzein"}).content.decode()
    assert concept.get_absolute_url() in listed and "situatiebewustzein" not in listed
    page = client.get(concept.get_absolute_url()).content.decode()
    assert "situatiebewustzijn" in page and "situatiebewustzein" not in page
    hits = search(viewer=ANONYMOUS, text="situatiebewustzein", count_fruitless=False).hits
    assert [h.object_id for h in hits if h.kind == "concept"] == [concept.pk]
    assert all("situatiebewustzein" not in h.snippet for h in hits)
