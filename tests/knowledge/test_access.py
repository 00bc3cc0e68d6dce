"""Who sees a space: organisation, network, group of organisations, public, invitation."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory
from tests.knowledge.factories import make_space
from tests.signin import sign_in
from zorgwijs.knowledge.models import MembershipStatus, SpaceMembership, SpaceRole
from zorgwijs.organisations.models import NetworkMembership, Visibility

pytestmark = pytest.mark.django_db


def _status(client, space) -> int:
    return client.get(reverse("knowledge:space", kwargs={"space_slug": space.slug})).status_code


def test_organisation_space_is_for_its_members_only(space, member_client, outsider_client):
    assert _status(member_client, space) == 200
    assert _status(outsider_client, space) == 404
    assert _status(Client(), space) == 404


def test_network_space_reaches_the_network_and_nobody_else(world, outsider_client):
    with scopes_disabled():
        network = NetworkFactory(name="CMT-netwerk", slug="cmt")
        NetworkMembership.objects.create(network=network, organisation=world.org_a)
        space = make_space(network=network, slug="cmt", visibility=Visibility.NETWORK)
        third = MembershipFactory(organisation=OrganisationFactory(slug="derde"))
    assert _status(sign_in(Client(), world.employee_a.user), space) == 200
    assert _status(sign_in(Client(), third.user), space) == 404
    assert _status(outsider_client, space) == 404
    with scopes_disabled():
        NetworkMembership.objects.create(network=network, organisation=world.org_b)
    assert _status(outsider_client, space) == 200


def test_a_group_of_organisations_shares_a_space(world, outsider_client):
    with scopes_disabled():
        space = make_space(world.org_a, slug="groep", visibility=Visibility.NETWORK)
    assert _status(outsider_client, space) == 404
    space.partner_organisations.add(world.org_b)
    assert _status(outsider_client, space) == 200


def test_public_space_is_readable_without_an_account_but_not_writable(world):
    with scopes_disabled():
        space = make_space(world.org_a, slug="openbaar", visibility=Visibility.PUBLIC)
    anonymous = Client()
    assert _status(anonymous, space) == 200
    new_question = reverse("knowledge:question_new", kwargs={"space_slug": space.slug})
    assert anonymous.get(new_question).status_code == 302  # to the login page


def test_public_space_membership_by_organisation_department_or_request(world, outsider_client):
    with scopes_disabled():
        space = make_space(world.org_a, slug="openbaar", visibility=Visibility.PUBLIC)
    url = reverse("knowledge:question_new", kwargs={"space_slug": space.slug})
    assert sign_in(Client(), world.employee_a.user).get(url).status_code == 200  # owner org
    assert outsider_client.get(url).status_code == 403
    join = reverse("knowledge:space_join", kwargs={"space_slug": space.slug})
    outsider_client.post(join)
    membership = SpaceMembership.objects.get(space=space, user=world.outsider_b.user)
    assert membership.status == MembershipStatus.REQUESTED
    assert outsider_client.get(url).status_code == 403  # a request is not membership yet
    membership.status = MembershipStatus.ACTIVE
    membership.save()
    assert outsider_client.get(url).status_code == 200


def test_an_invitation_opens_an_organisation_space_to_an_outsider(space, world, outsider_client):
    SpaceMembership.objects.create(
        space=space, user=world.outsider_b.user, status=MembershipStatus.INVITED
    )
    assert _status(outsider_client, space) == 200


def test_only_editors_create_pages(space, world, member_client, editor_client):
    url = reverse("knowledge:page_new", kwargs={"space_slug": space.slug})
    assert member_client.get(url).status_code == 403
    assert editor_client.get(url).status_code == 200
    SpaceMembership.objects.create(space=space, user=world.employee_a.user, role=SpaceRole.EDITOR)
    assert member_client.get(url).status_code == 200


def test_space_lists_show_only_visible_spaces(space, world, outsider_client, member_client):
    with scopes_disabled():
        make_space(world.org_b, slug="noord", name="Beademing Noorderzorg")
    index = reverse("knowledge:index")
    assert space.name in member_client.get(index).content.decode()
    assert "Beademing Noorderzorg" not in member_client.get(index).content.decode()
    assert space.name not in outsider_client.get(index).content.decode()
    org_list = reverse("knowledge_org:spaces", kwargs={"org_slug": world.org_a.slug})
    assert space.name in member_client.get(org_list).content.decode()


def test_space_created_by_an_editor_links_competence_items(world, editor_client):
    from tests.competences.factories import DeviceFactory

    with scopes_disabled():
        pump = DeviceFactory(organisation=world.org_a, name="Volumat Agilia")
        foreign = DeviceFactory(organisation=world.org_b, name="Buitenpomp")
    url = reverse("knowledge_org:space_create", kwargs={"org_slug": world.org_a.slug})
    response = editor_client.post(
        url,
        {
            "name": "Infuuspomp Agilia",
            "kind": "device",
            "visibility": "organisation",
            "competence_items": [foreign.pk],
        },
    )
    assert response.status_code == 400  # another organisation's item is not a choice
    response = editor_client.post(
        url,
        {
            "name": "Infuuspomp Agilia",
            "kind": "device",
            "visibility": "organisation",
            "competence_items": [pump.pk],
        },
    )
    assert response.status_code == 302
    detail = editor_client.get(response["Location"]).content.decode()
    assert "Volumat Agilia" in detail


def test_an_employee_cannot_create_a_space(world, member_client):
    url = reverse("knowledge_org:space_create", kwargs={"org_slug": world.org_a.slug})
    assert member_client.get(url).status_code == 403


def test_the_passport_links_an_item_to_its_space(space, world, member_client):
    from tests.competences.factories import DeviceFactory
    from zorgwijs.competences.services import qualification_register

    with scopes_disabled():
        pump = DeviceFactory(organisation=world.org_a, name="Volumat Agilia")
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=pump,
            occurred_on=timezone.localdate(),
            evidence_kind="practical",
        )
    url = reverse("competences:my_passport", kwargs={"org_slug": world.org_a.slug})
    assert "kennisruimte" not in member_client.get(url).content.decode()
    space.competence_items.add(pump)
    html = member_client.get(url).content.decode()
    assert f'href="/kennis/{space.slug}/"' in html


def test_editors_invite_approve_and_remove_members(world, editor_client, outsider_client):
    with scopes_disabled():
        space = make_space(world.org_a, slug="openbaar", visibility=Visibility.PUBLIC)
    members = reverse("knowledge:members", kwargs={"space_slug": space.slug})
    ask = reverse("knowledge:question_new", kwargs={"space_slug": space.slug})
    join = reverse("knowledge:space_join", kwargs={"space_slug": space.slug})
    outsider_client.post(join)
    request = SpaceMembership.objects.get(user=world.outsider_b.user)
    editor_client.post(members, {"action": "approve", "member": request.pk})
    assert outsider_client.get(ask).status_code == 200
    editor_client.post(members, {"action": "remove", "member": request.pk})
    assert outsider_client.get(ask).status_code == 403

    response = editor_client.post(
        members, {"action": "invite", "email": "niemand@example.org", "role": "member"}
    )
    assert response.status_code == 400
    assert "Er is geen account" in response.content.decode()
    editor_client.post(
        members, {"action": "invite", "email": world.outsider_b.user.email, "role": "editor"}
    )
    invitation = SpaceMembership.objects.get(user=world.outsider_b.user)
    assert invitation.status == MembershipStatus.INVITED
    assert outsider_client.get(ask).status_code == 403  # not before accepting
    outsider_client.post(join)
    invitation.refresh_from_db()
    assert invitation.status == MembershipStatus.ACTIVE
    new_page = reverse("knowledge:page_new", kwargs={"space_slug": space.slug})
    assert outsider_client.get(new_page).status_code == 200  # invited as editor


def test_members_page_is_for_editors(space, member_client, outsider_client):
    url = reverse("knowledge:members", kwargs={"space_slug": space.slug})
    assert member_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404


def test_a_network_space_needs_one_of_the_organisations_networks(
    world, editor_client, outsider_client
):
    with scopes_disabled():
        own = NetworkFactory(name="CMT", slug="cmt")
        NetworkMembership.objects.create(network=own, organisation=world.org_a)
        NetworkMembership.objects.create(network=own, organisation=world.org_b)
        foreign = NetworkFactory(name="Elders", slug="elders")
    url = reverse("knowledge_org:space_create", kwargs={"org_slug": world.org_a.slug})
    data = {"name": "Gedeelde tips", "kind": "topic", "visibility": "network"}
    assert editor_client.post(url, data).status_code == 400  # which network?
    assert editor_client.post(url, {**data, "network": foreign.pk}).status_code == 400
    response = editor_client.post(url, {**data, "network": own.pk})
    assert response.status_code == 302
    assert outsider_client.get(response["Location"]).status_code == 200
