"""The catalogue's kinds (Alle plus five) fold behind one disclosure on a phone, like every long
link list; the summary names the kind shown and the current one is marked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.fold_nav import current_link, folded_nav
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "shown"),
    [("", "Alle"), ("?soort=device", "Medisch apparaat"), ("?soort=onbekend", "Alle")],
)
def test_the_kinds_fold_and_name_the_kind_shown(client, world, query, shown):
    sign_in(client, world.admin_a.user)
    url = reverse("competences:catalogue", kwargs={"org_slug": world.org_a.slug}) + query
    nav, details, order = folded_nav(client.get(url).content.decode(), "Soort")
    assert details.find("summary").all_text() == f"Soort: {shown}"
    assert current_link(nav).all_text() == shown
    assert [a.all_text() for a in nav.find_all("a")][:2] == ["Alle", "Medisch apparaat"]
