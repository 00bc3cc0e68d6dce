"""Whom can I approach: the people behind comparable projects and experts in the themes,
each with reasons; only listed profiles within reach; a fixed number of queries. Knowledge,
competences, leavers and needs: test_approach.py."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from tests.experts.conftest import make_profile, make_project
from tests.factories import MembershipFactory, UserFactory
from tests.signin import sign_in
from zorgwijs.experts.models import Reach
from zorgwijs.experts.ranking import people_for_description, people_for_project
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import ANONYMOUS, viewer_for

pytestmark = pytest.mark.django_db

DESCRIPTION = (
    "Wij willen valincidenten bij bewoners van het verpleeghuis verminderen met sensoren en "
    "beweegoefeningen; valpreventie is het doel."
)


def _names(people) -> list[str]:
    return [p.profile.user.full_name for p in people]


@pytest.fixture
def scene(world, themes):
    """A comparable project of organisation B with its contact person; experts around it."""
    with scopes_disabled():
        contact = MembershipFactory(
            organisation=world.org_b, user=UserFactory(full_name="Cor Contact", email="cor@b.nl")
        ).user
    project = make_project(
        world,
        themes=[themes["valpreventie"]],
        contacts=[{"name": "Cor Contact", "role": "trekker", "email": "COR@b.nl"}],
    )
    make_project(world, title="Zelfroosteren", summary="Roosters zelf maken.")
    make_profile(contact)
    make_profile(world.admin_a.user, themes=[themes["valpreventie"]], thinks_along=True)
    make_profile(world.colleague_a.user, themes=[themes["dementie"]])  # no overlap
    make_profile(world.manager_a.user, listed=False, themes=[themes["valpreventie"]])
    return project


def test_people_behind_comparable_projects_and_theme_experts_with_reasons(world, scene):
    viewer = viewer_for(world.employee_a.user)
    people = people_for_description(viewer=viewer, description=DESCRIPTION)
    assert _names(people) == ["Cor Contact", world.admin_a.user.full_name]
    cor, admin = people
    assert cor.reasons[0] == f"werkt aan vergelijkbaar project {scene.title}"
    assert admin.reasons == ["expertise: valpreventie", "denkt graag mee"]
    assert world.manager_a.user.full_name not in _names(people), "not listed: never ranked"


def test_the_project_page_names_its_own_people_and_never_the_viewer(world, scene):
    viewer = viewer_for(world.admin_a.user)
    people = people_for_project(viewer=viewer, project=scene)
    assert _names(people) == ["Cor Contact"]
    assert people[0].reasons[0] == "werkt aan dit project"
    page = sign_in(Client(), world.admin_a.user).get(scene.get_absolute_url()).content.decode()
    assert "Wie kan ik benaderen?" in page and "werkt aan dit project" in page
    # The project's own contacts card shows what the project published; the people section
    # never shows an address.
    section = page.split("Wie kan ik benaderen?", 1)[1].split("</section>", 1)[0]
    assert "Cor Contact" in section and "@" not in section
    anonymous = Client().get(scene.get_absolute_url()).content.decode()
    assert "Cor Contact" not in anonymous and "om te zien wie kan meedenken" in anonymous


def test_reach_and_private_projects_limit_who_is_ranked(world, themes):
    private = make_project(
        world,
        world.org_a,
        visibility=Visibility.ORGANISATION,
        title="Interne valpreventie",
        themes=[themes["valpreventie"]],
    )
    make_profile(world.colleague_a.user, reach=Reach.ORGANISATION, projects=[private])
    outsider = viewer_for(world.outsider_b.user)
    assert people_for_description(viewer=outsider, description=DESCRIPTION) == []
    assert people_for_description(viewer=ANONYMOUS, description=DESCRIPTION) == []
    inside = people_for_description(
        viewer=viewer_for(world.employee_a.user), description=DESCRIPTION
    )
    assert _names(inside) == [world.colleague_a.user.full_name]
    assert inside[0].reasons == ["werkt aan vergelijkbaar project Interne valpreventie"]


def test_query_count_does_not_grow_with_the_number_of_people(world, scene, themes):
    viewer = viewer_for(world.employee_a.user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            people_for_description(viewer=viewer, description=DESCRIPTION, limit=50)
        return len(captured.captured_queries)

    queries()  # search caches its glossary and index size on the first call
    before = queries()
    for _ in range(8):
        make_profile(UserFactory(), themes=[themes["valpreventie"]], projects=[scene])
    assert queries() == before


def test_comparable_page_and_api_show_people(world, scene):
    client = sign_in(Client(), world.employee_a.user)
    page = client.get("/projecten/vergelijkbaar/", {"beschrijving": DESCRIPTION}).content.decode()
    assert "Wie kan ik benaderen?" in page and "Cor Contact" in page
    assert "cor@b.nl" not in page.lower()
    api = client.post(
        "/api/v1/experts/for-description",
        {"description": DESCRIPTION},
        content_type="application/json",
    ).json()
    assert [p["profile"]["name"] for p in api][:1] == ["Cor Contact"]
    assert "cor@b.nl" not in str(api).lower()
    for_project = client.get(f"/api/v1/experts/for-project/{scene.pk}").json()
    assert for_project[0]["reasons"][0] == "werkt aan dit project"
    assert (
        Client()
        .post(
            "/api/v1/experts/for-description",
            {"description": DESCRIPTION},
            content_type="application/json",
        )
        .json()
        == []
    )
