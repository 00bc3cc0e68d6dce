"""Space settings by editors (visibility, partners, members, linked items) and moving pages
within the tree without cycles."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import NetworkFactory
from tests.knowledge.factories import make_page
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.models import CompetenceItem, ItemKind
from zorgwijs.knowledge.models import Page, Space, SpaceMembership, SpaceRole
from zorgwijs.organisations.models import NetworkMembership, Visibility

pytestmark = pytest.mark.django_db


def _url(name, space, **kwargs):
    return reverse(f"knowledge:{name}", kwargs={"space_slug": space.slug, **kwargs})


def _data(space, **changes):
    data = {
        "name": space.name,
        "description": space.description,
        "kind": space.kind,
        "visibility": space.visibility,
        "open_to_requests": "on",
    }
    data.update(changes)
    return data


@pytest.fixture
def network(world):
    with scopes_disabled():
        network = NetworkFactory(name="Infuusnetwerk", slug="infuus")
        NetworkMembership.objects.create(network=network, organisation=world.org_a)
        NetworkMembership.objects.create(network=network, organisation=world.org_b)
    return network


def test_only_editors_open_settings(space, member_client, editor_client, outsider_client):
    url = _url("space_settings", space)
    assert editor_client.get(url).status_code == 200
    assert member_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404
    assert Client().get(url).status_code in {302, 404}


def test_editor_changes_name_items_and_departments(space, world, editor_client):
    with scopes_disabled():
        item = CompetenceItem.objects.create(
            organisation=world.org_a, kind=ItemKind.TRAINING, name="Volumat bediening"
        )
        department = world.org_a.departments.first()
    data = _data(space, name="Volumat pomp", description="Alles over de pomp", kind="topic")
    data["member_departments"] = [department.pk]
    data["competence_items"] = [item.pk]
    response = editor_client.post(_url("space_settings", space), data)
    assert response.status_code == 302
    space.refresh_from_db()
    assert (space.name, space.kind) == ("Volumat pomp", "topic")
    with scopes_disabled():
        assert list(space.member_departments.all()) == [department]
        assert list(space.competence_items.all()) == [item]
    assert AuditEntry.objects.filter(action="knowledge.space.updated").exists()


def test_bad_input_is_refused_at_the_field(space, editor_client, network):
    response = editor_client.post(_url("space_settings", space), _data(space, name="  "))
    assert response.status_code == 400
    # A network space without a network nor partners has nobody to share with.
    response = editor_client.post(_url("space_settings", space), _data(space, visibility="network"))
    assert response.status_code == 400
    assert "netwerk" in response.content.decode()
    space.refresh_from_db()
    assert space.visibility == Visibility.ORGANISATION


def test_opening_and_closing_visibility_takes_effect_at_once(
    space, world, network, editor_client, outsider_client
):
    url = _url("space", space)
    assert outsider_client.get(url).status_code == 404
    response = editor_client.post(
        _url("space_settings", space), _data(space, visibility="network", network=network.pk)
    )
    assert response.status_code == 302
    assert outsider_client.get(url).status_code == 200
    editor_client.post(_url("space_settings", space), _data(space, visibility="organisation"))
    space.refresh_from_db()
    assert space.network is None
    assert outsider_client.get(url).status_code == 404
    entry = AuditEntry.objects.filter(action="knowledge.space.updated").order_by("pk").last()
    assert entry.data["visibility_before"] == "network"


def test_partner_organisation_group(space, world, network, editor_client, outsider_client):
    data = _data(space, visibility="network", partner_organisations=[world.org_b.pk])
    r = editor_client.post(_url("space_settings", space), data)
    assert r.status_code == 302
    assert list(Space.objects.get(pk=space.pk).partner_organisations.all()) == [world.org_b]
    assert outsider_client.get(_url("space", space)).status_code == 200


def test_editor_makes_someone_editor(space, world, editor_client):
    membership = SpaceMembership.objects.create(space=space, user=world.colleague_a.user)
    editor_client.post(
        _url("members", space), {"action": "role", "member": membership.pk, "role": "editor"}
    )
    membership.refresh_from_db()
    assert membership.role == SpaceRole.EDITOR
    colleague = sign_in(Client(), world.colleague_a.user)
    assert colleague.get(_url("space_settings", space)).status_code == 200


def test_move_page_without_cycles(space, world, page, editor_client, member_client):
    with scopes_disabled():
        child = make_page(space, world.admin_a.user, title="Lijn vullen", parent=page)
        grandchild = make_page(space, world.admin_a.user, title="Ontluchten", parent=child)
        other = make_page(space, world.admin_a.user, title="Alarmen")
    url = _url("page_move", space, page_id=page.pk)
    assert member_client.get(url).status_code == 403
    form = editor_client.get(url).content.decode()
    assert "Alarmen" in form and "Ontluchten" not in form  # no own subpages offered
    response = editor_client.post(url, {"parent": grandchild.pk})
    assert response.status_code == 400
    assert Page.objects.get(pk=page.pk).parent is None
    assert editor_client.post(url, {"parent": other.pk}).status_code == 302
    assert Page.objects.get(pk=page.pk).parent == other
    assert Page.objects.get(pk=grandchild.pk).parent == child  # subpages come along
    assert editor_client.post(url, {"parent": ""}).status_code == 302
    assert Page.objects.get(pk=page.pk).parent is None
    assert AuditEntry.objects.filter(action="knowledge.page.moved").count() == 2


def test_move_under_a_page_of_another_space_is_404(space, world, page, editor_client):
    from tests.knowledge.factories import make_space

    with scopes_disabled():
        elsewhere = make_page(make_space(world.org_a, slug="elders"), world.admin_a.user)
    response = editor_client.post(
        _url("page_move", space, page_id=page.pk), {"parent": elsewhere.pk}
    )
    assert response.status_code == 400


def test_item_page_links_to_the_space_only_for_readers(space, world, member_client):

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
    url = reverse(
        "competences:history",
        kwargs={
            "org_slug": world.org_a.slug,
            "membership_id": world.employee_a.pk,
            "item_id": pump.pk,
        },
    )
    assert f'href="/kennis/{space.slug}/"' not in member_client.get(url).content.decode()
    space.competence_items.add(pump)
    assert f'href="/kennis/{space.slug}/"' in member_client.get(url).content.decode()
    # A private space of another organisation linked to the item is not shown.
    space.visibility = Visibility.ORGANISATION
    space.owner_organisation = world.org_b
    space.save()
    assert f'href="/kennis/{space.slug}/"' not in member_client.get(url).content.decode()


def test_a_network_space_without_owner_cannot_become_organisation_only(world, network):
    from tests.knowledge.factories import make_space

    with scopes_disabled():
        shared = make_space(network=network, slug="netwerk", visibility=Visibility.NETWORK)
    SpaceMembership.objects.create(space=shared, user=world.outsider_b.user, role=SpaceRole.EDITOR)
    client = sign_in(Client(), world.outsider_b.user)
    url = _url("space_settings", shared)
    assert client.get(url).status_code == 200
    response = client.post(url, _data(shared, visibility="organisation", network=network.pk))
    assert response.status_code == 400
    response = client.post(url, _data(shared, visibility="public", network=network.pk))
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.visibility == Visibility.PUBLIC and shared.network == network
