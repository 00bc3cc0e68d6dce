"""Published blueprints and route templates are found by those who may see them, and their
search result pages answer 404 to everyone else."""

from __future__ import annotations

from django.test import Client
from django_scopes import scopes_disabled

from tests.factories import NetworkFactory, OrganisationFactory
from tests.signin import sign_in
from zorgwijs.learning.search_index import TEMPLATE_OFFSET
from zorgwijs.learning.services.blueprints import blueprint_share
from zorgwijs.organisations.models import NetworkMembership
from zorgwijs.organisations.visibility import viewer_for
from zorgwijs.search.selectors import search

from .factories import outline


def _found(user, text: str) -> set[tuple[str, int]]:
    result = search(viewer=viewer_for(user), text=text, count_fruitless=False)
    return {(hit.kind, hit.object_id) for hit in result.hits}


def test_a_blueprint_is_found_by_its_organisation_and_once_shared_by_the_network(world):
    plan = outline(world.org_a, world.admin_a.user, name="Interventiemedewerker cathlab")
    mine = ("learning", plan.blueprint.pk)
    assert mine in _found(world.employee_a.user, "interventiemedewerker")
    assert mine not in _found(world.outsider_b.user, "interventiemedewerker")
    assert (
        sign_in(Client(), world.outsider_b.user)
        .get(f"/leren/blauwdrukken/{plan.blueprint.pk}/")
        .status_code
        == 404
    )
    with scopes_disabled():
        network = NetworkFactory(name="Regio", slug="regio")
        partner = OrganisationFactory(name="Partner", slug="partner")
        for org in (world.org_a, world.org_b, partner):
            NetworkMembership.objects.create(network=network, organisation=org)
        template = blueprint_share(
            actor=world.admin_a.user,
            organisation=world.org_a,
            blueprint=plan.blueprint,
            network=network,
        )
    shared = ("learning", template.pk)
    assert shared in _found(world.outsider_b.user, "interventiemedewerker")
    page = sign_in(Client(), world.outsider_b.user).get(f"/leren/blauwdrukken/{template.pk}/")
    assert page.status_code == 200 and "Assisteert bij een PCI" in page.content.decode()
    assert template.pk < TEMPLATE_OFFSET
