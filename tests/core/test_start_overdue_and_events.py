"""Start pages: an editor sees the knowledge pages past their review date; a visitor sees the
upcoming public events of the networks."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.knowledge.factories import make_page, make_space
from tests.signin import sign_in
from zorgwijs.knowledge.models import Page

pytestmark = pytest.mark.django_db


def _overdue(space, author, title: str, days: int) -> Page:
    with scopes_disabled():
        page = make_page(space, author, title=title)
        Page.objects.filter(pk=page.pk).update(
            validated_revision=page.current_revision,
            review_due=timezone.localdate() - datetime.timedelta(days=days),
        )
    return page


def _home(user, *, mfa: bool = False) -> tuple[str, int]:
    client = sign_in(Client(), user, mfa=mfa)
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_an_editor_sees_overdue_pages_and_a_reader_does_not(world):
    with scopes_disabled():
        space = make_space(world.org_a)
    page = _overdue(space, world.admin_a.user, "Infuuspomp ontluchten", 10)
    with scopes_disabled():
        make_page(space, world.admin_a.user, title="Nog niet aan de beurt")
    body, _queries = _home(world.admin_a.user, mfa=True)
    assert "1 pagina moet opnieuw gecontroleerd worden" in body
    assert "Infuuspomp ontluchten" in body
    assert f"/kennis/{space.slug}/pagina/{page.pk}/" in body
    assert "Nog niet aan de beurt" not in body
    reader, _queries = _home(world.employee_a.user)
    assert "opnieuw gecontroleerd" not in reader


def test_the_panel_costs_the_same_for_one_or_many_overdue_pages(world):
    with scopes_disabled():
        space = make_space(world.org_a)
    _overdue(space, world.admin_a.user, "Eerste", 3)
    _body, one = _home(world.admin_a.user, mfa=True)
    for i in range(8):
        _overdue(space, world.admin_a.user, f"Pagina {i}", 20 + i)
    with scopes_disabled():
        other = make_space(world.org_a, name="Tweede ruimte", slug="tweede-ruimte")
    _overdue(other, world.admin_a.user, "Elders", 40)
    body, many = _home(world.admin_a.user, mfa=True)
    assert many == one
    assert "10 pagina&#x27;s moeten opnieuw gecontroleerd worden" in body or (
        "10 pagina's moeten opnieuw gecontroleerd worden" in body
    )
    assert body.index("Elders") < body.index("Pagina 7")  # the longest overdue first
    assert "Eerste" not in body  # five at most


def test_a_visitor_sees_the_next_public_events_of_open_networks(client):
    from tests.factories import NetworkFactory
    from zorgwijs.networks.models import Event, NetworkProfile

    now = timezone.now()
    with scopes_disabled():
        open_network = NetworkFactory(name="Leren is altijd", slug="leren")
        NetworkProfile.objects.create(network=open_network, public_home=True)
        closed = NetworkFactory(name="Dicht netwerk", slug="dicht")

        def event(network, title, days, visibility="public"):
            start = now + datetime.timedelta(days=days)
            return Event.objects.create(
                network=network,
                kind="meeting",
                title=title,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                visibility=visibility,
                location="Groningen",
            )

        coming = event(open_network, "Werkconferentie behoud", 10)
        event(open_network, "Alleen voor leden", 5, visibility="network")
        event(open_network, "Al geweest", -5)
        event(closed, "Dicht en openbaar", 3)
    body = client.get(reverse("core:home")).content.decode()
    assert "Binnenkort in de netwerken" in body
    assert "Werkconferentie behoud" in body and coming.get_absolute_url() in body
    for hidden in ("Alleen voor leden", "Al geweest", "Dicht en openbaar"):
        assert hidden not in body
    assert client.get(coming.get_absolute_url()).status_code == 200  # the link opens


def test_a_visitor_without_events_sees_no_empty_panel(client):
    body = client.get(reverse("core:home")).content.decode()
    assert "Binnenkort in de netwerken" not in body
