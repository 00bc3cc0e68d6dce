"""On a phone a long sub-navigation folds behind one disclosure, so the page's content comes
first (issue 18, item 7): the section's pages sit inside a <details> with a <summary> that names
the section, the current page keeps aria-current="page", and <main> follows. On a laptop the
same list shows as a row of tabs (zorgwijs.css hides the summary from 64rem)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.fold_nav import current_link, folded_nav, parse
from tests.projects.test_projects import _project
from tests.signin import sign_in

pytestmark = pytest.mark.django_db
CSS = Path(__file__).resolve().parents[2] / "src/zorgwijs/static/zorgwijs/zorgwijs.css"


def _main_follows(nav, order) -> None:
    main = next(e for e in order if e.tag == "main")
    last_of_nav = max(order.index(e) for e in [nav, *nav.find_all("a")])
    assert order.index(main) > last_of_nav
    assert nav not in main.ancestors()


def test_a_visitor_on_a_phone_gets_the_vindplaats_pages_behind_one_disclosure(world):
    _project(world)
    html = Client().get(reverse("projects:index")).content.decode()
    nav, details, order = folded_nav(html, "Vindplaats")
    assert details.find("summary").all_text() == "Vindplaats: alle onderdelen"
    assert "zw-subnav" in nav.classes()
    assert len(nav.find_all("a")) > 4
    current = current_link(nav)
    assert (current.all_text(), current.attrs["href"]) == ("Projecten", "/projecten/")
    _main_follows(nav, order)
    main = next(e for e in order if e.tag == "main")
    assert "Zelfroosteren op de IC" in main.all_text()  # the first project, inside <main>


def test_a_member_sees_the_page_they_are_on_marked_inside_the_disclosure(client, world):
    sign_in(client, world.employee_a.user)
    url = reverse("projects_org:org_list", kwargs={"org_slug": world.org_a.slug})
    nav, _details, order = folded_nav(client.get(url).content.decode(), "Vindplaats")
    assert current_link(nav).all_text() == "Onze projecten"
    assert {"Mensen", "Contactverzoeken"} <= {a.all_text() for a in nav.find_all("a")}
    _main_follows(nav, order)


def test_every_long_section_uses_the_same_disclosure(client, world):
    sign_in(client, world.admin_a.user)
    url = reverse("competences:dashboard", kwargs={"org_slug": world.org_a.slug})
    nav, details, order = folded_nav(client.get(url).content.decode(), "Paspoort")
    assert details.find("summary").all_text() == "Paspoort: alle onderdelen"
    assert current_link(nav).all_text() == "Dashboard"
    _main_follows(nav, order)


def test_the_account_pages_fold_the_same_way(client, world):
    sign_in(client, world.employee_a.user)
    nav, details, order = folded_nav(
        client.get(reverse("accounts:tokens")).content.decode(), "Mijn account"
    )
    assert details.find("summary").all_text() == "Mijn account: alle onderdelen"
    assert "zw-subnav" in nav.classes()
    assert current_link(nav).all_text() == "Toegangstokens"
    _main_follows(nav, order)


def test_a_short_section_stays_a_row_of_tabs(client, platform_admin):
    sign_in(client, platform_admin, mfa=True)
    root, _order = parse(client.get(reverse("platform:applications")).content.decode())
    nav = root.find("nav", **{"aria-label": "Platform"})
    assert 1 < len(nav.find_all("a")) <= 4
    assert not nav.find_all("details")
    assert current_link(nav).all_text() == "Aanmeldingen"


def test_the_summary_speaks_english_too(world):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("projects:index")).content.decode()
    summary = parse(html)[0].find("summary", **{"class": "zw-fold__summary"})
    assert summary.all_text().endswith(": all pages")


def test_the_disclosure_only_folds_below_laptop_width():
    css = CSS.read_text()
    laptop = r"@media \(min-width: 64rem\) \{\s*@supports selector\(::details-content\)"
    wide = re.search(laptop, css)
    assert wide, "the laptop rule that shows the links as a row is gone"
    rule = css[wide.end() : css.index("}\n}", wide.end())]
    assert ".zw-fold > .zw-fold__summary { display: none; }" in rule
    assert ".zw-fold::details-content { content-visibility: visible; display: contents; }" in rule
