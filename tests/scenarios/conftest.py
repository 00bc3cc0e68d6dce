"""A CRM network of three hospitals: the world's A and B plus C, each with a trainer."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, UserFactory
from zorgwijs.organisations.models import Membership, NetworkMembership, Organisation, Visibility
from zorgwijs.scenarios.models import Scenario
from zorgwijs.scenarios.services import run_record, scenario_create


@dataclass
class Crm:
    org_c: Organisation
    trainer_b: Membership
    trainer_c: Membership


@pytest.fixture
def crm(world) -> Crm:
    with scopes_disabled():
        network = NetworkFactory(name="Platform CRM in de zorg", slug="crm")
        org_c = OrganisationFactory(name="Zuiderziekenhuis", slug="zuiderziekenhuis")
        for org in (world.org_a, world.org_b, org_c):
            NetworkMembership.objects.create(network=network, organisation=org)
        trainer_c = MembershipFactory(
            organisation=org_c, user=UserFactory(full_name="Cor Trainer", email="cor@zuid.test")
        )
        world.outsider_b.user.email = "olaf@noord.test"
        world.outsider_b.user.save()
    return Crm(org_c=org_c, trainer_b=world.outsider_b, trainer_c=trainer_c)


def make_scenario(world, visibility: str = Visibility.NETWORK, **data) -> Scenario:
    return scenario_create(
        actor=world.employee_a.user,
        organisation=world.org_a,
        data={
            "title": data.pop("title", "Postpartum bloeding op de verloskamer"),
            "summary": "Een fluxus na een vaginale baring; het team moet opschalen.",
            "phases": "Fase 1: bloedverlies 500 ml.\nTrigger: 1000 ml.\nVerwacht: hulp roepen.",
            "crm_skills": ["communicatie", "leiderschap"],
            "visibility": visibility,
            **data,
        },
    )


def ran(world, scenario: Scenario) -> None:
    run_record(
        actor=world.employee_a.user,
        scenario=scenario,
        organisation=world.org_a,
        held_on=timezone.localdate(),
        group_size=6,
        what_worked="De briefing per rol.",
    )
