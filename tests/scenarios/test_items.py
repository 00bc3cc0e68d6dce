"""A scenario trains competence items; the item's page lists the scenarios that train it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.scenarios.conftest import make_scenario
from tests.signin import sign_in
from zorgwijs.organisations.models import Visibility
from zorgwijs.scenarios.models import Scenario
from zorgwijs.scenarios.services import scenario_fork

pytestmark = pytest.mark.django_db


@pytest.fixture
def pumps(world):
    with scopes_disabled():
        return (
            DeviceFactory(organisation=world.org_a, name="Infuuspomp Agilia"),
            DeviceFactory(organisation=world.org_b, name="Pomp van Noorderzorg"),
        )


def form_data(**extra) -> dict:
    return {
        "title": "Vrije loop",
        "summary": "De klem gaat te vroeg open.",
        "visibility": Visibility.NETWORK,
        **extra,
    }


def test_a_scenario_trains_own_items_and_the_item_page_lists_it(world, crm, pumps, coordinator):
    own, _other = pumps
    client = sign_in(Client(), world.employee_a.user)
    url = reverse("scenarios_org:create", kwargs={"org_slug": world.org_a.slug})
    response = client.post(url, form_data(competence_items=[own.pk]))
    assert response.status_code == 302
    scenario = Scenario.objects.get(title="Vrije loop")
    assert list(scenario.competence_items.all()) == [own]
    assert scenario.versions.get(number=1).data["competence_items"] == ["Infuuspomp Agilia"]
    assert "Infuuspomp Agilia" in client.get(scenario.get_absolute_url()).content.decode()
    item_page = sign_in(Client(), coordinator.user, mfa=True).get(
        reverse("competences:item_edit", kwargs={"org_slug": world.org_a.slug, "item_id": own.pk})
    )
    assert "Vrije loop" in item_page.content.decode()


def test_another_organisations_item_is_refused_at_the_field(world, crm, pumps):
    _own, other = pumps
    client = sign_in(Client(), world.employee_a.user)
    url = reverse("scenarios_org:create", kwargs={"org_slug": world.org_a.slug})
    response = client.post(url, form_data(competence_items=[other.pk]))
    assert response.status_code == 400
    assert response.context["form"].errors["competence_items"]
    assert not Scenario.objects.filter(title="Vrije loop").exists()


def test_a_fork_leaves_the_original_organisations_items_behind(world, crm, pumps):
    own, _other = pumps
    scenario = make_scenario(world, competence_items=[own])
    fork = scenario_fork(actor=crm.trainer_b.user, source=scenario, organisation=world.org_b)
    assert list(fork.competence_items.all()) == []
