from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests.factories import NetworkFactory, give_role
from zorgwijs.organisations.models import Network, NetworkMembership, Role


@pytest.fixture
def network(world) -> Network:
    """The CRM network with organisations A and B; A's editor maintains its vocabulary."""
    with scopes_disabled():
        crm = NetworkFactory(name="Platform CRM in de zorg", slug="crm")
        for org in (world.org_a, world.org_b):
            NetworkMembership.objects.create(network=crm, organisation=org)
        give_role(world.colleague_a, Role.EDITOR)
    return crm
