"""The isolation walk is only as good as what it notices: plant leaks and make sure it does."""

from __future__ import annotations

import pytest

from tests.isolation.test_isolation import check_view_outside_organisations
from tests.isolation.urlwalk import MARKERS, all_routes

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaky_urls(settings):
    settings.ROOT_URLCONF = "tests.isolation.leak_urls"
    return {r.template: r for r in all_routes()}


def test_a_public_view_listing_private_project_titles_is_reported(
    leaky_urls, world, platform_admin
):
    found = check_view_outside_organisations(leaky_urls["/lek/projecten/"], world, platform_admin)
    reported = "\n".join(found.problems)
    for actor in ("anonymous", "outsider (org B)", "leaver of org A"):
        assert f"{actor} GET sees private content" in reported, reported
    assert MARKERS["project"] in reported
    with pytest.raises(pytest.fail.Exception):
        found.assert_clean()


def test_a_view_honouring_a_leavers_old_space_place_is_reported(leaky_urls, world, platform_admin):
    found = check_view_outside_organisations(
        leaky_urls["/lek/mijn-ruimtes/"], world, platform_admin
    )
    reported = "\n".join(found.problems)
    assert "leaver of org A GET sees private content" in reported, reported
    assert MARKERS["space"] in reported
    assert "outsider (org B) GET sees" not in reported  # only the leaver ever had a place


def test_the_real_views_pass_the_same_check(world, platform_admin):
    """The planted views are the only difference: the project's own public index is clean."""
    routes = {r.template: r for r in all_routes()}
    check_view_outside_organisations(routes["/projecten/"], world, platform_admin).assert_clean()
