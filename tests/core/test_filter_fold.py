"""On a phone a list page's filter form of several fields sits behind one "Filter" disclosure, so
the results come first (issue 18, item 7): every such page uses {% filterfold %}
(core/_filter_fold.html), the <form> is inside the <details> after its <summary>, every label
stays attached to its field, the summary counts the filters that are on, and the results follow
the disclosure. On a laptop the summary is hidden and the form shows (zorgwijs.css)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.fold_nav import Element, parse
from tests.signin import sign_in

pytestmark = pytest.mark.django_db
CSS = Path(__file__).resolve().parents[2] / "src/zorgwijs/static/zorgwijs/zorgwijs.css"


def folded_filter(html: str) -> tuple[Element, Element, list[Element]]:
    """The page's filter disclosure: (details, its form, every element in document order).
    Fails unless the one filter form sits in the <details>, after its <summary>, with every
    field's label pointing at it."""
    root, order = parse(html)
    (details,) = [d for d in root.find_all("details") if "zw-filter-fold" in d.classes()]
    assert details.children[0].tag == "summary"
    (form,) = details.find_all("form")
    assert form.attrs.get("method") == "get"
    fields = [
        e
        for e in form.find_all("input") + form.find_all("select")
        if e.attrs.get("type") not in ("hidden", "submit")
    ]
    assert fields
    labelled = {label.attrs.get("for") for label in form.find_all("label")}
    for field in fields:
        assert field.attrs.get("id") in labelled, field.attrs
    return details, form, order


def _summary(details: Element) -> str:
    return details.find("summary").all_text()


def _subtree(element: Element) -> list[Element]:
    return [element] + [d for child in element.children for d in _subtree(child)]


def _after(order: list[Element], details: Element, text: str) -> None:
    """Inside <main>, the results (an element holding ``text``) follow the whole disclosure."""
    last = max(order.index(e) for e in _subtree(details))
    main = next(e for e in order if e.tag == "main")
    holders = [e for e in _subtree(main) if text in e.text]
    assert holders and max(order.index(e) for e in holders) > last
    assert not [e for e in holders if details in e.ancestors()]


def test_the_knowledge_needs_list_puts_its_four_selects_behind_filter(client, world):
    html = Client().get(reverse("needs:index")).content.decode()
    details, form, order = folded_filter(html)
    assert "open" not in details.attrs
    assert _summary(details) == "Filter"
    names = [s.attrs["name"] for s in form.find_all("select")]
    assert names == ["thema", "regio", "soort", "status"]
    _after(order, details, "Geen vragen of knelpunten met deze keuzes.")


def test_the_summary_counts_the_filters_that_are_on(client, world):
    url = reverse("needs:index")
    details, form, _order = folded_filter(
        Client().get(url, {"status": "open", "soort": "kennisvraag", "regio": ""}).content.decode()
    )
    assert _summary(details) == "Filter (2 actief)"
    assert "open" not in details.attrs  # on a phone the results still come first
    selected = [o for o in form.find_all("option") if "selected" in o.attrs]
    assert {o.attrs["value"] for o in selected} == {"open", "kennisvraag"}


def test_the_incident_list_folds_its_form(world, coordinator):
    client = sign_in(Client(), coordinator.user, mfa=True)
    url = reverse("incidents:list", kwargs={"org_slug": world.org_a.slug})
    details, form, order = folded_filter(client.get(url).content.decode())
    assert {s.attrs["name"] for s in form.find_all("select")} == {
        "status",
        "department",
        "device",
        "severity",
    }
    assert _summary(details) == "Filter"
    _after(order, details, "meldingen")
    details, _form, _order = folded_filter(
        client.get(url, {"severity": "moderate", "status": "in_analysis"}).content.decode()
    )
    assert _summary(details) == "Filter (2 actief)"


def test_the_scenario_library_folds_its_search(world):
    details, form, order = folded_filter(Client().get(reverse("scenarios:index")).content.decode())
    assert [e.attrs["name"] for e in form.find_all("input") + form.find_all("select")] == [
        "q",
        "status",
    ]
    details, _form, _order = folded_filter(
        Client().get(reverse("scenarios:index"), {"q": "reanimatie"}).content.decode()
    )
    assert _summary(details) == "Filter (1 actief)"


def test_the_team_matrix_folds_its_five_filters(client, world):
    sign_in(client, world.manager_a.user, mfa=True)
    url = reverse("competences:team", kwargs={"org_slug": world.org_a.slug})
    details, form, order = folded_filter(client.get(url).content.decode())
    names = [e.attrs["name"] for e in form.find_all("select") + form.find_all("input")]
    assert names == ["afdeling", "soort", "risico", "status", "problemen"]
    _after(order, details, "IGJ-export voor deze selectie")
    details, _form, _order = folded_filter(
        client.get(url, {"problemen": "1", "soort": ""}).content.decode()
    )
    assert _summary(details) == "Filter (1 actief)"


def test_the_people_admin_list_counts_only_what_differs_from_its_default(client, world):
    sign_in(client, world.admin_a.user, mfa=True)
    url = reverse("organisations:admin_members", kwargs={"org_slug": world.org_a.slug})
    details, form, order = folded_filter(client.get(url).content.decode())
    assert {e.attrs["name"] for e in form.find_all("input") + form.find_all("select")} == {
        "q",
        "afdeling",
        "functie",
        "status",
    }
    _after(order, details, "gevonden")
    # "In dienst" is what the list shows without a choice: not a filter that is on.
    page = client.get(url, {"status": "actief", "q": ""}).content.decode()
    assert _summary(folded_filter(page)[0]) == "Filter"
    page = client.get(url, {"status": "alle", "q": "jan"}).content.decode()
    assert _summary(folded_filter(page)[0]) == "Filter (2 actief)"


def test_the_audit_log_folds_its_form_and_opens_it_on_an_error(client, world):
    sign_in(client, world.admin_a.user, mfa=True)
    url = reverse("organisations:audit:log", kwargs={"org_slug": world.org_a.slug})
    details, form, order = folded_filter(client.get(url).content.decode())
    assert len(form.find_all("input")) == 5
    assert "open" not in details.attrs
    _after(order, details, "Exporteer als CSV")
    response = client.get(url, {"van": "2026-05-02", "tot": "2026-05-01"})
    assert response.status_code == 400
    details, form, _order = folded_filter(response.content.decode())
    assert "open" in details.attrs  # the message at "Tot en met" must be seen
    assert "De einddatum ligt voor de begindatum." in form.all_text()
    assert _summary(details) == "Filter (2 actief)"


def test_every_filter_form_of_several_fields_above_a_list_uses_the_disclosure():
    src = Path(__file__).resolve().parents[2] / "src/zorgwijs"
    folded = {
        "needs/templates/needs/index.html",
        "incidents/templates/incidents/list.html",
        "competences/templates/competences/team.html",
        "audit/templates/audit/log.html",
        "organisations/templates/organisations/admin/members.html",
        "scenarios/templates/scenarios/index.html",
    }
    for path in folded:
        text = (src / path).read_text()
        assert text.count("{% filterfold ") == 1 and "{% endfilterfold %}" in text, path
        before, _, after = text.partition("{% filterfold ")
        assert 'class="zw-filter' not in before, path


def test_on_a_laptop_the_summary_is_hidden_and_the_form_shows():
    css = CSS.read_text()
    assert ".zw-filter-fold > .zw-filter-fold__summary { display: none; }" in css
    assert (
        ".zw-filter-fold::details-content { content-visibility: visible; display: contents; }"
        in (css)
    )


def test_on_a_phone_afmelden_stays_on_the_line_of_the_persons_links():
    css = CSS.read_text()
    assert (
        ".zw-header__tools > .zw-current-org, .zw-header__tools > .zw-switcher"
        " { flex-basis: 100%; }" in css
    )
    assert (
        ".zw-header__tools .utrecht-button--subtle { padding-inline: .25rem; white-space: nowrap; }"
        in css
    )
