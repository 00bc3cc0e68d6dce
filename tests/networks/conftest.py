import pytest
from django_scopes import scopes_disabled

from tests.networks.factories import give_network_role, make_event, make_network, make_session
from zorgwijs.networks.models import Convenant, RoleKind, Topic
from zorgwijs.organisations.models import NetworkMembership, Visibility


@pytest.fixture
def network(world):
    """Organisation A's public network, open to individuals: admin A is its coordinator and
    A's contact person; B is not a member."""
    with scopes_disabled():
        network = make_network(
            world.org_a,
            public=True,
            open_to_individuals=True,
            name="Leren is altijd",
            slug="leren-is-altijd",
        )
        NetworkMembership.objects.filter(network=network).update(contact_person=world.admin_a.user)
        give_network_role(network, world.admin_a.user, RoleKind.COORDINATOR)
        Convenant.objects.create(
            network=network, title="Convenant Leren is altijd", signed_on="2018-07-09"
        )
        Topic.objects.create(network=network, number=1, title="Leren in de praktijk")
    return network


@pytest.fixture
def event(network):
    event = make_event(network, capacity=2, visibility=Visibility.PUBLIC)
    make_session(event, capacity=1)
    return event


@pytest.fixture
def participant(network):
    """Someone without a member organisation who joined the network."""
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(full_name="Ilse Individu", email="ilse@example.net")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    give_network_role(network, user, RoleKind.PARTICIPANT)
    return user
