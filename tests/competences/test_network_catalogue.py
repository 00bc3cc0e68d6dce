"""Sharing catalogue items in a network, adopting them and tightening (never loosening)."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, give_role
from tests.signin import sign_in
from zorgwijs.competences.models import CompetenceItem
from zorgwijs.organisations.models import NetworkMembership, Role

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"


@pytest.fixture
def region(world):
    """Organisation A and a neighbour in one network; the neighbour shares its pump rule."""
    with scopes_disabled():
        network = NetworkFactory(name="Zorgnetwerk Rivierenland")
        neighbour = OrganisationFactory(name="Buurziekenhuis", slug="buur")
        for organisation in (world.org_a, neighbour):
            NetworkMembership.objects.create(network=network, organisation=organisation)
        coordinator = MembershipFactory(organisation=neighbour)
        give_role(coordinator, Role.COORDINATOR)
        own = DeviceFactory(
            organisation=neighbour,
            name="Infuuspomp Volumat",
            validity_months=24,
            evidence_kinds=["elearning", "practical"],
        )
    return network, neighbour, coordinator, own


def _url(name, slug=SLUG, **kwargs):
    return reverse(f"competences:{name}", kwargs={"org_slug": slug, **kwargs})


def _share(client, region):
    network, neighbour, coordinator, own = region
    sign_in(client, coordinator.user)
    return client.post(_url("item_share", neighbour.slug, item_id=own.pk), {"network": network.pk})


def _template(region) -> CompetenceItem:
    with scopes_disabled():
        return CompetenceItem.objects.get(network=region[0])


def test_sharing_makes_a_network_template_tied_to_the_original(client, region):
    assert _share(client, region).status_code == 302
    template = _template(region)
    with scopes_disabled():
        region[3].refresh_from_db()
    assert template.organisation is None and template.name == "Infuuspomp Volumat"
    assert region[3].adopted_from == template
    assert _share(client, region).status_code == 404  # a tied item cannot be shared again


def test_members_see_and_adopt_the_template(client, world, region):
    _share(client, region)
    sign_in(client, world.admin_a.user)
    page = client.get(_url("catalogue")).content.decode()
    assert "Gedeeld in je netwerken" in page and "Infuuspomp Volumat" in page
    response = client.post(_url("template_adopt", template_id=_template(region).pk))
    assert response.status_code == 302
    with scopes_disabled():
        adopted = CompetenceItem.objects.get(organisation=world.org_a, name="Infuuspomp Volumat")
    assert adopted.adopted_from == _template(region) and adopted.validity_months == 24
    again = client.post(_url("template_adopt", template_id=_template(region).pk), follow=True)
    assert "al overgenomen" in again.content.decode()
    with scopes_disabled():
        assert CompetenceItem.objects.filter(organisation=world.org_a).count() == 1


def test_an_adopted_item_can_be_tightened_not_loosened(client, world, region):
    _share(client, region)
    sign_in(client, world.admin_a.user)
    client.post(_url("template_adopt", template_id=_template(region).pk))
    with scopes_disabled():
        adopted = CompetenceItem.objects.get(organisation=world.org_a)
    form = {
        "kind": "device",
        "name": adopted.name,
        "risk_profile": "high",
        "warning_days": 60,
        "evidence_kinds": ["elearning", "practical"],
        "is_active": "on",
    }
    looser = client.post(_url("item_edit", item_id=adopted.pk), {**form, "validity_months": 36})
    assert looser.status_code == 400
    assert "Mag niet langer geldig zijn dan de gedeelde afspraak" in looser.content.decode()
    stricter = client.post(_url("item_edit", item_id=adopted.pk), {**form, "validity_months": 12})
    assert stricter.status_code == 302
    with scopes_disabled():
        adopted.refresh_from_db()
    assert adopted.validity_months == 12


def test_outsiders_cannot_adopt_a_template_of_a_network_they_are_not_in(client, world, region):
    _share(client, region)
    with scopes_disabled():
        stranger = OrganisationFactory(slug="vreemd")
        admin = MembershipFactory(organisation=stranger)
        give_role(admin, Role.ADMIN)
    sign_in(client, admin.user)
    response = client.post(_url("template_adopt", "vreemd", template_id=_template(region).pk))
    assert response.status_code == 404
    assert "Infuuspomp Volumat" not in client.get(_url("catalogue", "vreemd")).content.decode()
    with scopes_disabled():
        assert not CompetenceItem.objects.filter(organisation=stranger).exists()
