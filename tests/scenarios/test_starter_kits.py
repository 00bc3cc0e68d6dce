"""Starter kits: a network's editors make a network space a kit; a member organisation copies
it into its own space, in the same structure, keeping "based on kit X, version Y"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import give_role
from tests.knowledge.factories import make_page, make_space
from tests.signin import sign_in
from zorgwijs.knowledge.models import Page, Space
from zorgwijs.organisations.models import Network, Role, Visibility
from zorgwijs.scenarios.models import StarterKit, StarterKitCopy

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(world, crm):
    """A network space of the CRM network with a page and a sub-page."""
    with scopes_disabled():
        network = Network.objects.get(slug="crm")
        space = make_space(
            None,
            slug="crm-starten",
            name="CRM starten",
            network=network,
            visibility=Visibility.NETWORK,
        )
        first = make_page(space, world.admin_a.user, title="1. Kernteam", body="Wie trekt het?")
        make_page(space, world.admin_a.user, title="1a. Rollen", body="Eigenaar.", parent=first)
        make_page(space, world.admin_a.user, title="2. Trainers", body="De standaard.")
    return space


def mark(client, space):
    return client.post(reverse("scenarios:kit_mark", kwargs={"space_slug": space.slug}))


def test_a_network_editor_marks_a_kit_and_a_member_copies_it(world, crm, guide):
    admin = sign_in(Client(), world.admin_a.user)
    # Before it is a kit, the space's page offers its editors to make it one (this page was a
    # 500 for them: the template read the section's "copy" as the dict's copy method).
    space_url = reverse("knowledge:space", kwargs={"space_slug": guide.slug})
    assert "Maak er een startpakket van" in admin.get(space_url).content.decode()
    assert mark(admin, guide).status_code == 302
    with scopes_disabled():
        kit = StarterKit.objects.get(space=guide)
        give_role(crm.trainer_b, Role.ADMIN)  # manages knowledge spaces at B
    space_page = admin.get(reverse("knowledge:space", kwargs={"space_slug": guide.slug}))
    assert "startpakket" in space_page.content.decode()
    b = sign_in(Client(), crm.trainer_b.user, mfa=True)
    url = reverse("scenarios:kit_copy", kwargs={"kit_id": kit.pk})
    assert b.get(url).status_code == 200
    response = b.post(url, {"organisation": world.org_b.pk, "name": "CRM bij Noorderzorg"})
    assert response.status_code == 302
    with scopes_disabled():
        copy = StarterKitCopy.objects.get()
        space = copy.space
        assert (copy.kit, copy.version, copy.organisation) == (kit, 1, world.org_b)
        assert space.owner_organisation == world.org_b
        assert space.visibility == Visibility.ORGANISATION
        pages = {p.title: p for p in Page.objects.filter(space=space)}
        assert set(pages) == {"1. Kernteam", "1a. Rollen", "2. Trainers"}
        assert pages["1a. Rollen"].parent == pages["1. Kernteam"]
        assert pages["2. Trainers"].current_revision.body == "De standaard."
    copied = b.get(reverse("knowledge:space", kwargs={"space_slug": space.slug})).content
    assert "Gebaseerd op startpakket" in copied.decode() and "versie 1" in copied.decode()
    # The kit moves on: the copy says so.
    admin.post(reverse("scenarios:kit_release", kwargs={"kit_id": kit.pk}))
    copied = b.get(reverse("knowledge:space", kwargs={"space_slug": space.slug})).content
    assert "nu bij versie 2" in copied.decode()
    # The API: B sees the kit, its pages in the kit's structure and its own copy, now behind.
    from tests.api.conftest import ApiClient, make_token
    from tests.factories import MembershipFactory, OrganisationFactory

    api = ApiClient(make_token(crm.trainer_b.user))
    (listed,) = api.get("/starter-kits").json()
    assert (listed["id"], listed["version"], listed["network"]) == (kit.pk, 2, "crm")
    assert [(c["space_slug"], c["version"], c["behind"]) for c in listed["copies"]] == [
        (space.slug, 1, True)
    ]
    detail = api.get(f"/starter-kits/{kit.pk}").json()
    titles = [p["title"] for p in detail["pages"]]
    assert titles.index("1. Kernteam") < titles.index("1a. Rollen")
    assert set(titles) == {"1. Kernteam", "1a. Rollen", "2. Trainers"}
    # A's admin sees the kit without B's copy; outside the network and anonymous: nothing.
    assert ApiClient(make_token(world.admin_a.user)).get("/starter-kits").json()[0]["copies"] == []
    with scopes_disabled():
        stranger = MembershipFactory(organisation=OrganisationFactory(slug="elders"))
    for caller in (ApiClient(make_token(stranger.user)), ApiClient(None)):
        assert caller.get("/starter-kits").json() == []
        assert caller.get(f"/starter-kits/{kit.pk}").status_code == 404
    assert api.get("/starter-kits/99999999999999999999").status_code == 422


def test_only_network_editors_mark_and_only_network_spaces(world, crm, guide):
    employee = sign_in(Client(), world.colleague_a.user)
    response = mark(employee, guide)
    assert response.status_code == 400
    assert "redactie" in response.content.decode()
    with scopes_disabled():
        own = make_space(world.org_a, slug="eigen", visibility=Visibility.ORGANISATION)
    response = mark(sign_in(Client(), world.admin_a.user), own)
    assert response.status_code == 400
    with scopes_disabled():
        assert not StarterKit.objects.exists()
    assert (
        sign_in(Client(), world.admin_a.user)
        .get(reverse("scenarios:kit_mark", kwargs={"space_slug": guide.slug}))
        .status_code
        == 405
    )


def test_copying_is_refused_without_rights_and_hidden_outside_the_network(world, crm, guide):
    mark(sign_in(Client(), world.admin_a.user), guide)
    with scopes_disabled():
        kit = StarterKit.objects.get()
    url = reverse("scenarios:kit_copy", kwargs={"kit_id": kit.pk})
    employee = sign_in(Client(), world.colleague_a.user)
    response = employee.post(url, {"organisation": world.org_a.pk, "name": "Kopie"})
    assert response.status_code == 400
    response = sign_in(Client(), world.admin_a.user).post(
        url, {"organisation": world.org_b.pk, "name": "Kopie"}
    )
    assert response.status_code == 400  # not admin A's organisation
    with scopes_disabled():
        assert not StarterKitCopy.objects.exists()
        assert not Space.objects.filter(name="Kopie").exists()
        Network.objects.get(slug="crm").memberships.filter(organisation=crm.org_c).delete()
    outsider = sign_in(Client(), crm.trainer_c.user)
    assert outsider.get(url).status_code == 404
    assert outsider.get(reverse("scenarios:kits")).status_code == 200
    assert (
        sign_in(Client(), world.admin_a.user)
        .get(reverse("scenarios:kit_copy", kwargs={"kit_id": 999999}))
        .status_code
        == 404
    )
