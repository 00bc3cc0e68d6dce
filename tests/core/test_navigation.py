"""The header shows one entry per section; the current section's pages form a second row."""

from __future__ import annotations

import re

from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import MembershipFactory
from tests.signin import sign_in

SLUG = "rivierenland"


def _page(client, user, url_name: str) -> str:
    sign_in(client, user)
    response = client.get(reverse(url_name, kwargs={"org_slug": SLUG}))
    assert response.status_code == 200
    return response.content.decode()


def _links(html: str, css_class: str) -> list[str]:
    return re.findall(rf'class="{css_class}[^"]*" href="[^"]*"[^>]*>([^<]+)</a>', html)


def test_header_has_sections_not_every_page(client, world):
    html = _page(client, world.admin_a.user, "competences:dashboard")
    entries = _links(html, "zw-nav__link")
    assert entries[0] == "Start"
    assert entries.index("Paspoort") < entries.index("Organisatie")
    assert not {"Dashboard", "Catalogus", "Medewerkers"} & set(entries)


def test_current_section_lists_its_pages_and_marks_the_current_one(client, world):
    html = _page(client, world.admin_a.user, "competences:dashboard")
    pages = _links(html, "zw-subnav__link")
    assert pages[0] == "Mijn paspoort"
    assert {"Dashboard", "Catalogus", "Team"} <= set(pages)
    assert "Medewerkers" not in pages  # another section's page
    assert re.search(r'href="[^"]*/paspoort/dashboard/" aria-current="page">Dashboard<', html)
    assert re.search(r'aria-current="true">Paspoort<', html)


def test_pages_follow_the_capabilities(client, world):
    html = _page(client, world.employee_a.user, "competences:my_passport")
    pages = _links(html, "zw-subnav__link")
    assert "Mijn paspoort" in pages
    assert not {"Dashboard", "Catalogus", "Team", "Wie is bekwaam?"} & set(pages)


def test_a_section_with_one_page_has_no_second_row(client, world):
    html = _page(client, world.employee_a.user, "organisations:dashboard")
    assert "zw-subnav" not in html
    assert re.search(r'aria-current="true">Organisatie<', html)


def test_visitors_without_an_account_find_the_vindplaats(client, db):
    html = client.get(reverse("projects:index")).content.decode()
    assert "Vindplaats" in _links(html, "zw-nav__link")
    assert {"Projecten", "Kennisbehoeften", "Kenniskaart"} <= set(_links(html, "zw-subnav__link"))
    assert "Onze projecten" not in html and "Platform" not in _links(html, "zw-nav__link")


def test_members_also_see_their_organisations_vindplaats_pages(client, world):
    html = _page(client, world.employee_a.user, "projects_org:org_list")
    assert {"Projecten", "Onze projecten"} <= set(_links(html, "zw-subnav__link"))


def test_only_platform_admins_see_the_platform_section(client, world, platform_admin):
    html = _page(client, world.admin_a.user, "organisations:dashboard")
    assert "Platform" not in _links(html, "zw-nav__link")
    sign_in(client, platform_admin)
    html = client.get(reverse("platform:applications")).content.decode()
    assert "Platform" in _links(html, "zw-nav__link")
    assert {"Aanmeldingen", "Netwerken"} <= set(_links(html, "zw-subnav__link"))


def test_people_pages_are_in_the_vindplaats_for_signed_in_people_only(client, world):
    anonymous = client.get(reverse("projects:index")).content.decode()
    assert "Mensen" not in _links(anonymous, "zw-subnav__link")
    html = _page(client, world.employee_a.user, "projects_org:org_list")
    assert {"Mensen", "Contactverzoeken"} <= set(_links(html, "zw-subnav__link"))


def test_outside_the_organisation_the_menu_keeps_it_and_marks_the_part_of_the_site(
    client, world, django_assert_max_num_queries
):
    from tests.knowledge.factories import make_space

    with scopes_disabled():
        space = make_space(world.org_a)
    sign_in(client, world.employee_a.user)  # remembers organisation A at sign-in
    html = client.get(reverse("knowledge:space", kwargs={"space_slug": space.slug})).content
    entries = _links(html.decode(), "zw-nav__link")
    assert {"Paspoort", "Kennis", "Vindplaats"} <= set(entries)
    assert re.search(r'aria-current="true">Kennis<', html.decode())
    assert "/o/rivierenland/kennis/" in html.decode()


def test_the_menu_follows_the_organisation_last_opened(client, world):
    with scopes_disabled():
        MembershipFactory(organisation=world.org_b, user=world.employee_a.user)
    sign_in(client, world.employee_a.user)
    client.get(reverse("organisations:dashboard", kwargs={"org_slug": world.org_b.slug}))
    html = client.get(reverse("projects:index")).content.decode()
    assert f"/o/{world.org_b.slug}/projecten/" in html
    assert "/o/rivierenland/" not in html


def test_a_visitor_without_an_account_gets_no_organisation_menu(client, world):
    html = client.get(reverse("projects:index")).content.decode()
    assert "/o/" not in html


def test_the_rendered_menu_follows_page_language_and_capabilities(client, world):
    """The menu's markup is kept per menu and language (core.navigation.menu_fragment)."""
    dashboard = _page(client, world.admin_a.user, "competences:dashboard")
    team = client.get(reverse("competences:team", kwargs={"org_slug": SLUG})).content.decode()
    assert re.search(r'aria-current="page">Dashboard<', dashboard)
    assert re.search(r'aria-current="page">Team<', team)
    assert not re.search(r'aria-current="page">Dashboard<', team)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("competences:dashboard", kwargs={"org_slug": SLUG}))
    assert "Passport" in _links(english.content.decode(), "zw-nav__link")

    employee = _page(client, world.employee_a.user, "competences:my_passport")
    assert "Team" not in _links(employee, "zw-subnav__link")
