"""Coordinators manage the network's member organisations: add one with its contact person,
change the contact person, end a membership (kept among the former members). People of the
network who do not coordinate it, and outsiders, cannot; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import MembershipFactory, UserFactory, give_role
from tests.networks.factories import give_network_role, make_event
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.networks.access import network_access
from zorgwijs.networks.models import FormerMember, NetworkRole, RoleKind, Signatory
from zorgwijs.organisations.models import NetworkMembership, Role, Visibility

MEMBER_ACTIONS = (
    "networks.membership.added",
    "networks.membership.ended",
    "networks.membership.contact_set",
)


@pytest.fixture
def admin_b(world):
    """An administrator of B (not a member of the network): B's contact person to be."""
    with scopes_disabled():
        membership = MembershipFactory(
            organisation=world.org_b, user=UserFactory(full_name="Bea Beheer")
        )
        give_role(membership, Role.ADMIN)
    return membership.user


@pytest.fixture
def member_b(world, network):
    """B as member of the network, since 2019, with its signature under the convenant."""
    membership = NetworkMembership.objects.create(
        network=network, organisation=world.org_b, joined_on="2019-03-01"
    )
    Signatory.objects.create(
        convenant=network.convenant,
        organisation=world.org_b,
        organisation_name=world.org_b.name,
        signed_by="Bestuurder B",
    )
    return membership


def _url(name: str, network, **kwargs) -> str:
    return reverse(f"networks:{name}", kwargs={"network_slug": network.slug, **kwargs})


def _state(network):
    return (
        sorted(
            NetworkMembership.objects.filter(network=network).values_list(
                "organisation_id", "contact_person_id"
            )
        ),
        FormerMember.objects.count(),
        AuditEntry.objects.filter(action__in=MEMBER_ACTIONS).count(),
    )


def test_coordinator_adds_an_organisation_with_its_contact_person(world, network, admin_b):
    event = make_event(network, visibility=Visibility.NETWORK)
    outsider = world.outsider_b.user
    event_url = _url("event", network, event_id=event.pk)
    assert sign_in(Client(), outsider).get(event_url).status_code == 404
    client = sign_in(Client(), world.admin_a.user)  # coordinator
    page = client.get(_url("member_add", network)).content.decode()
    assert f'<option value="{world.org_b.pk}">' in page
    assert f'<option value="{world.org_a.pk}">' not in page  # a member already
    response = client.post(
        _url("member_add", network),
        {"organisation": world.org_b.pk, "contact_email": admin_b.email.upper()},
    )
    assert response.status_code == 302 and response["Location"] == _url("manage", network)
    membership = NetworkMembership.objects.get(network=network, organisation=world.org_b)
    assert membership.contact_person == admin_b
    entry = AuditEntry.objects.get(action="networks.membership.added")
    assert entry.organisation_id == world.org_b.pk and entry.subject_user_id == admin_b.pk
    assert entry.actor_id == world.admin_a.user_id and entry.data == {"network": network.pk}
    # B's people are people of the network now.
    assert network_access(outsider, network).is_org_member
    assert sign_in(Client(), outsider).get(event_url).status_code == 200
    manage = client.get(_url("manage", network)).content.decode()
    assert "platformbeheer" not in manage and _url("member_add", network) in manage


def test_the_contact_person_is_optional_when_adding(world, network):
    client = sign_in(Client(), world.admin_a.user)
    response = client.post(_url("member_add", network), {"organisation": world.org_b.pk})
    assert response.status_code == 302
    assert NetworkMembership.objects.get(organisation=world.org_b).contact_person is None


def test_bad_input_when_adding_is_refused_at_the_field_and_nothing_changes(world, network, admin_b):
    client = sign_in(Client(), world.admin_a.user)
    before = _state(network)
    add = _url("member_add", network)
    cases = [
        ({"organisation": world.org_a.pk}, "organisation", "al lid van dit netwerk"),
        ({"organisation": "999999"}, "organisation", "Kies een organisatie uit de lijst."),
        ({"organisation": "99999999999999999999"}, "organisation", "uit de lijst"),
        ({"organisation": "geen"}, "organisation", "uit de lijst"),
        ({}, "organisation", "uit de lijst"),
        # Not an administrator of B: an administrator of A, a person of B, no account.
        (
            {"organisation": world.org_b.pk, "contact_email": world.admin_a.user.email},
            "contact_email",
            "Noorderzorg heeft geen beheerder met dit e-mailadres.",
        ),
        (
            {"organisation": world.org_b.pk, "contact_email": world.outsider_b.user.email},
            "contact_email",
            "Noorderzorg heeft geen beheerder met dit e-mailadres.",
        ),
        (
            {"organisation": world.org_b.pk, "contact_email": "niemand@example.org"},
            "contact_email",
            "Noorderzorg heeft geen beheerder met dit e-mailadres.",
        ),
        (
            {"organisation": world.org_b.pk, "contact_email": "geen adres"},
            "contact_email",
            "",
        ),
    ]
    for data, field, message in cases:
        response = client.post(add, data)
        page = response.content.decode()
        assert response.status_code == 400, data
        assert f'id="id_{field}-error"' in page, data
        assert message in page, data
    assert _state(network) == before


def test_coordinator_ends_a_membership_and_it_is_kept_for_history(world, network, member_b):
    outsider = world.outsider_b.user
    # A person of B who edits for the network keeps that role: it is theirs.
    give_network_role(network, outsider, RoleKind.EDITOR)
    client = sign_in(Client(), world.admin_a.user)
    end = _url("member_end", network, network_membership_id=member_b.pk)
    page = client.get(end)
    assert page.status_code == 200 and "Noorderzorg" in page.content.decode()
    assert NetworkMembership.objects.filter(pk=member_b.pk).exists()  # a GET changes nothing
    response = client.post(end)
    assert response.status_code == 302 and response["Location"] == _url("manage", network)
    assert not NetworkMembership.objects.filter(pk=member_b.pk).exists()
    former = FormerMember.objects.get(network=network)
    assert former.organisation == world.org_b and former.organisation_name == "Noorderzorg"
    assert str(former.joined_on) == "2019-03-01" and former.ended_by == world.admin_a.user
    entry = AuditEntry.objects.get(action="networks.membership.ended")
    assert entry.organisation_id == world.org_b.pk and entry.data["joined_on"] == "2019-03-01"
    # The convenant's record of who signed stays as it was.
    signatory = Signatory.objects.get(convenant=network.convenant, organisation_name="Noorderzorg")
    assert signatory.organisation == world.org_b and signatory.signed_by == "Bestuurder B"
    assert NetworkRole.objects.filter(user=outsider, role=RoleKind.EDITOR).exists()
    manage = client.get(_url("manage", network)).content.decode()
    assert "Oud-leden" in manage and "Noorderzorg: lid van" in manage
    # Ending it again finds nothing.
    assert client.post(end).status_code == 404
    assert FormerMember.objects.count() == 1


def test_an_ended_member_no_longer_sees_network_only_content(world, network, member_b):
    event = make_event(network, visibility=Visibility.NETWORK)
    person = UserFactory(full_name="Bert Buiten")
    with scopes_disabled():
        MembershipFactory(organisation=world.org_b, user=person)
    event_url = _url("event", network, event_id=event.pk)
    assert sign_in(Client(), person).get(event_url).status_code == 200
    sign_in(Client(), world.admin_a.user).post(
        _url("member_end", network, network_membership_id=member_b.pk)
    )
    access = network_access(person, network)
    assert not access.is_network_person and not access.sees_contacts
    assert sign_in(Client(), person).get(event_url).status_code == 404
    home = sign_in(Client(), person).get(_url("home", network)).content.decode()
    assert "Anna Beheer" not in home  # A's contact person is no longer shown to B's people


def test_an_organisation_rejoins_and_its_earlier_membership_stays(world, network, member_b):
    client = sign_in(Client(), world.admin_a.user)
    client.post(_url("member_end", network, network_membership_id=member_b.pk))
    response = client.post(_url("member_add", network), {"organisation": world.org_b.pk})
    assert response.status_code == 302
    assert NetworkMembership.objects.filter(network=network, organisation=world.org_b).exists()
    assert FormerMember.objects.filter(network=network, organisation=world.org_b).count() == 1


def test_coordinator_changes_the_contact_person(world, network):
    membership = NetworkMembership.objects.get(network=network, organisation=world.org_a)
    other_admin = UserFactory(full_name="Ada Andere")
    with scopes_disabled():
        give_role(MembershipFactory(organisation=world.org_a, user=other_admin), Role.ADMIN)
    client = sign_in(Client(), world.admin_a.user)
    url = _url("member_contact", network, network_membership_id=membership.pk)
    field = f"c{membership.pk}-contact_person"
    response = client.post(url, {field: other_admin.pk})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.contact_person == other_admin
    entry = AuditEntry.objects.get(action="networks.membership.contact_set")
    assert entry.subject_user_id == other_admin.pk
    assert entry.data["previous"] == world.admin_a.user_id
    # Someone who is no administrator of A is refused; nothing changes.
    response = client.post(url, {field: world.employee_a.user_id}, follow=True)
    assert "Kies een beheerder van deze organisatie." in response.content.decode()
    membership.refresh_from_db()
    assert membership.contact_person == other_admin
    assert AuditEntry.objects.filter(action="networks.membership.contact_set").count() == 1


def test_nobody_but_a_coordinator_manages_members(world, network, member_b, admin_b, participant):
    membership_a = NetworkMembership.objects.get(network=network, organisation=world.org_a)
    editor = world.colleague_a.user
    give_network_role(network, editor, RoleKind.EDITOR)
    before = _state(network)
    people = {
        "person of a member organisation": world.employee_a.user,
        "editor": editor,
        "participant": participant,
        "administrator of a member organisation": admin_b,  # B is a member: not coordinator
        "person of another organisation": UserFactory(full_name="Nico Niemand"),
    }
    posts = [
        (_url("member_add", network), {"organisation": world.org_b.pk}),
        (_url("member_end", network, network_membership_id=member_b.pk), {}),
        (_url("member_end", network, network_membership_id=membership_a.pk), {}),
        (
            _url("member_contact", network, network_membership_id=membership_a.pk),
            {f"c{membership_a.pk}-contact_person": world.admin_a.user_id},
        ),
    ]
    for who, user in people.items():
        client = sign_in(Client(), user)
        assert client.get(_url("member_add", network)).status_code == 404, who
        end = _url("member_end", network, network_membership_id=member_b.pk)
        assert client.get(end).status_code == 404, who
        for url, data in posts:
            assert client.post(url, data).status_code == 404, (who, url)
    for url, data in posts:
        response = Client().post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _state(network) == before


def test_a_membership_of_another_network_is_not_found(world, network):
    from tests.networks.factories import make_network

    other = make_network(world.org_a, world.org_b, slug="ander-netwerk")
    foreign = NetworkMembership.objects.get(network=other, organisation=world.org_b)
    client = sign_in(Client(), world.admin_a.user)  # coordinates `network`, not `other`
    assert (
        client.post(_url("member_end", network, network_membership_id=foreign.pk)).status_code
        == 404
    )
    assert (
        client.post(_url("member_end", other, network_membership_id=foreign.pk)).status_code == 404
    )
    assert NetworkMembership.objects.filter(pk=foreign.pk).exists()


def test_ending_the_coordinators_own_organisation_keeps_the_coordinator(world, network):
    """Coordinating is a person's role, not their organisation's: the network keeps its
    coordinator (and so someone who can add members again) when their organisation leaves."""
    own = NetworkMembership.objects.get(network=network, organisation=world.org_a)
    client = sign_in(Client(), world.admin_a.user)
    assert client.post(_url("member_end", network, network_membership_id=own.pk)).status_code == 302
    access = network_access(world.admin_a.user, network)
    assert access.is_coordinator and not access.is_org_member
    assert client.get(_url("manage", network)).status_code == 200
    assert (
        client.post(_url("member_add", network), {"organisation": world.org_a.pk}).status_code
        == 302
    )


# --- The API: the same services, the same refusals -------------------------------------------


def _api(client, method, url, body=None):
    import json

    return client.generic(
        method, url, json.dumps(body) if body is not None else "", content_type="application/json"
    )


def _members_api(network, *rest) -> str:
    return "/".join([f"/api/v1/networks/{network.slug}/members", *map(str, rest)])


def test_the_api_lists_members_with_contacts_only_for_the_network(world, network, participant):
    url = _members_api(network)
    coordinator = sign_in(Client(), world.admin_a.user).get(url).json()
    assert coordinator == [
        {
            "id": NetworkMembership.objects.get(network=network).pk,
            "organisation": world.org_a.name,
            "organisation_slug": world.org_a.slug,
            "joined_on": NetworkMembership.objects.get(network=network).joined_on.isoformat(),
            "contact_name": world.admin_a.user.full_name,
            "contact_email": world.admin_a.user.email,
        }
    ]
    # As on the home page: the public and participants see the members, not their contacts.
    for client in (
        Client(),
        sign_in(Client(), participant),
        sign_in(Client(), world.outsider_b.user),
    ):
        body = client.get(url).json()
        assert [m["organisation"] for m in body] == [world.org_a.name]
        assert body[0]["contact_name"] is None and body[0]["contact_email"] is None
    employee = sign_in(Client(), world.employee_a.user).get(url).json()
    assert employee[0]["contact_email"] == world.admin_a.user.email


def test_the_api_adds_sets_the_contact_and_ends_through_the_pages_services(world, network, admin_b):
    api = sign_in(Client(), world.admin_a.user)
    added = _api(
        api,
        "POST",
        _members_api(network),
        {"organisation_slug": world.org_b.slug, "contact_email": admin_b.email},
    )
    assert added.status_code == 201, added.content
    membership = NetworkMembership.objects.get(network=network, organisation=world.org_b)
    assert added.json()["id"] == membership.pk and added.json()["contact_email"] == admin_b.email
    assert AuditEntry.objects.filter(action="networks.membership.added").count() == 1
    contact = _members_api(network, membership.pk, "contact")
    cleared = _api(api, "PUT", contact, {"contact_email": None})
    assert cleared.status_code == 200 and cleared.json()["contact_name"] is None
    set_again = _api(api, "PUT", contact, {"contact_email": admin_b.email.upper()})
    assert set_again.status_code == 200 and set_again.json()["contact_name"] == "Bea Beheer"
    assert AuditEntry.objects.filter(action="networks.membership.contact_set").count() == 2
    ended = _api(api, "DELETE", _members_api(network, membership.pk))
    assert ended.status_code == 200
    assert ended.json()["organisation"] == world.org_b.name
    former = FormerMember.objects.get(network=network)
    assert former.organisation == world.org_b and former.ended_by == world.admin_a.user
    assert not NetworkMembership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action="networks.membership.ended").count() == 1
    assert _api(api, "DELETE", _members_api(network, membership.pk)).status_code == 404


def test_the_api_refuses_bad_input_at_the_field_and_changes_nothing(world, network, admin_b):
    api = sign_in(Client(), world.admin_a.user)
    before = _state(network)
    url = _members_api(network)
    for body, status, field, message in (
        ({"organisation_slug": world.org_a.slug}, 409, "organisation_slug", "al lid"),
        ({"organisation_slug": "bestaat-niet"}, 400, "organisation_slug", "Kies een organisatie"),
        (
            {"organisation_slug": world.org_b.slug, "contact_email": world.admin_a.user.email},
            400,
            "contact_email",
            "geen beheerder met dit e-mailadres",
        ),
        (
            {"organisation_slug": world.org_b.slug, "contact_email": "niemand@example.org"},
            400,
            "contact_email",
            "geen beheerder met dit e-mailadres",
        ),
    ):
        response = _api(api, "POST", url, body)
        assert response.status_code == status, (body, response.content)
        assert message in " ".join(response.json()["errors"][field]), body
    for body in ({}, {"organisation_slug": 5}, {"organisation_slug": "b", "extra": 1}):
        assert _api(api, "POST", url, body).status_code == 422
    membership = NetworkMembership.objects.get(network=network)
    contact = _members_api(network, membership.pk, "contact")
    for email in (world.employee_a.user.email, admin_b.email, "niemand@example.org"):
        # Not an administrator of A (B's administrator, an employee, no account): one answer.
        response = _api(api, "PUT", contact, {"contact_email": email})
        assert response.status_code == 400
        assert response.json()["errors"] == {
            "contact_email": ["Kies een beheerder van deze organisatie."]
        }
    assert _api(api, "PUT", contact, {}).status_code == 422
    assert _state(network) == before


def test_only_coordinators_manage_members_through_the_api(
    world, network, member_b, admin_b, participant
):
    before = _state(network)
    add = {"organisation_slug": world.outsider_b.organisation.slug}
    end = _members_api(network, member_b.pk)
    contact = _members_api(network, member_b.pk, "contact")
    assert _api(Client(), "POST", _members_api(network), add).status_code == 401
    assert _api(Client(), "DELETE", end).status_code == 401
    for user in (world.employee_a.user, admin_b, participant, world.outsider_b.user):
        client = sign_in(Client(), user)
        assert _api(client, "POST", _members_api(network), add).status_code == 404
        assert _api(client, "PUT", contact, {"contact_email": None}).status_code == 404
        assert _api(client, "DELETE", end).status_code == 404
    # A session caller without the CSRF token changes nothing either.
    csrf = sign_in(Client(enforce_csrf_checks=True), world.admin_a.user)
    assert _api(csrf, "DELETE", end).status_code == 403
    assert _state(network) == before
