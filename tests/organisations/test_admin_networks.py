"""Networks on the platform screens: only platform admins; contact persons are org admins."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import NetworkFactory, UserFactory
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.networks.models import FormerMember
from zorgwijs.organisations.models import Network, NetworkMembership


@pytest.fixture
def staff(client, db):
    user = UserFactory(full_name="Pim Platform", is_platform_admin=True)
    client.user = user
    # Platform admins must have a second factor; without one the enrolment page takes over.
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    sign_in(client, user)
    return client


@pytest.mark.django_db
def test_only_platform_admins(client, world):
    network = NetworkFactory()
    urls = [reverse("platform:networks"), reverse("platform:network", args=[network.pk])]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    for person in (world.admin_a.user, world.employee_a.user, world.outsider_b.user):
        sign_in(client, person)
        for url in urls:
            assert client.get(url).status_code == 403
        assert (
            client.post(
                urls[0], {"new-name": "X", "new-slug": "x", "new-kind": "regional"}
            ).status_code
            == 403
        )
    assert Network.objects.count() == 1


@pytest.mark.django_db
def test_create_network_add_members_set_contact_remove(staff, world, django_assert_max_num_queries):
    response = staff.post(
        reverse("platform:networks"),
        {
            "new-name": "Zorgnetwerk Rivierenland",
            "new-slug": "rivierenland-netwerk",
            "new-kind": "regional",
            "new-region": "Gelderland-Zuid",
        },
    )
    network = Network.objects.get(slug="rivierenland-netwerk")
    assert response.status_code == 302
    detail = reverse("platform:network", args=[network.pk])
    for org in (world.org_a, world.org_b):
        assert staff.post(detail, {"add-organisation": org.pk}).status_code == 302
    assert NetworkMembership.objects.filter(network=network).count() == 2

    with django_assert_max_num_queries(15):
        page = staff.get(detail)
    html = page.content.decode()
    # The platform admin sees the organisations' names and their admins, nobody else.
    assert "Rivierenland Ziekenhuis" in html and "Anna Beheer" in html
    assert "Eva Medewerker" not in html and "Mark Leiding" not in html

    membership = NetworkMembership.objects.get(network=network, organisation=world.org_a)
    contact_url = reverse("platform:network_contact", args=[network.pk, membership.pk])
    # Not an admin of organisation A: refused.
    staff.post(contact_url, {f"c{membership.pk}-contact_person": world.employee_a.user_id})
    membership.refresh_from_db()
    assert membership.contact_person_id is None
    staff.post(contact_url, {f"c{membership.pk}-contact_person": world.admin_a.user_id})
    membership.refresh_from_db()
    assert membership.contact_person_id == world.admin_a.user_id

    remove = reverse("platform:network_member_remove", args=[network.pk, membership.pk])
    assert staff.post(remove).status_code == 302
    assert not NetworkMembership.objects.filter(pk=membership.pk).exists()
    # The coordinators' services, one piece of code: the ended membership is kept among the
    # former members, and the platform's page lists it.
    former = FormerMember.objects.get(network=network)
    assert (former.organisation, former.ended_by) == (world.org_a, staff.user)
    assert "Oud-leden" in staff.get(detail).content.decode()
    actions = set(AuditEntry.objects.filter(kind="change").values_list("action", flat=True))
    assert {
        "organisations.network.created",
        "networks.membership.added",
        "networks.membership.contact_set",
        "networks.membership.ended",
    } <= actions
    ended = AuditEntry.objects.get(action="networks.membership.ended")
    assert ended.organisation_id == world.org_a.pk
    assert ended.data["joined_on"] == membership.joined_on.isoformat()


@pytest.mark.django_db
def test_membership_of_other_network_is_404(staff, world):
    one, other = NetworkFactory(), NetworkFactory()
    with scopes_disabled():
        membership = NetworkMembership.objects.create(network=other, organisation=world.org_a)
    url = reverse("platform:network_member_remove", args=[one.pk, membership.pk])
    assert staff.post(url).status_code == 404
    assert NetworkMembership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_adding_same_organisation_twice_is_a_field_error(staff, world):
    network = NetworkFactory()
    NetworkMembership.objects.create(network=network, organisation=world.org_a)
    response = staff.post(
        reverse("platform:network", args=[network.pk]), {"add-organisation": world.org_a.pk}
    )
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
