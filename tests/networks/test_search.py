"""Events in search: public events of a public network for everyone, network events for the
member organisations' people only."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.signin import sign_in
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import ANONYMOUS, viewer_for
from zorgwijs.search.selectors import search


def _titles(viewer, text) -> list[str]:
    return [hit.title for hit in search(viewer=viewer, text=text, count_fruitless=False).hits]


def _create(world, network, title, visibility):
    client = sign_in(Client(), world.admin_a.user)
    url = reverse("networks:event_create", kwargs={"network_slug": network.slug})
    response = client.post(
        url,
        {
            "kind": "workshop",
            "title": title,
            "starts_at": "2031-05-01T10:00",
            "ends_at": "2031-05-01T12:00",
            "visibility": visibility,
            "registration_open": "on",
        },
    )
    assert response.status_code == 302


def test_events_are_found_as_the_pages_show_them(world, network):
    _create(world, network, "Leerklimaatwerkplaats voor iedereen", Visibility.PUBLIC)
    _create(world, network, "Leerklimaatoverleg kernteam", Visibility.NETWORK)
    assert _titles(ANONYMOUS, "leerklimaatwerkplaats") == ["Leerklimaatwerkplaats voor iedereen"]
    assert _titles(ANONYMOUS, "leerklimaatoverleg") == []
    assert _titles(viewer_for(world.outsider_b.user), "leerklimaatoverleg") == []
    assert _titles(viewer_for(world.employee_a.user), "leerklimaatoverleg") == [
        "Leerklimaatoverleg kernteam"
    ]
    # The network closes its home: its public event is no longer public in search either.
    manage = reverse("networks:manage", kwargs={"network_slug": network.slug})
    sign_in(Client(), world.admin_a.user).post(manage, {"profile": "1", "profile-about": "x"})
    assert _titles(ANONYMOUS, "leerklimaatwerkplaats") == []


def test_contributions_enter_search_when_published(world, network):
    import datetime
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from zorgwijs.networks.access import network_access
    from zorgwijs.networks.models import Contribution
    from zorgwijs.networks.services.contributions import contribution_schedule

    piece = Contribution.objects.create(
        network=network,
        kind="column",
        title="Werkplekleren zonder omwegen",
        body="Over werkplekleren.",
        author=world.employee_a.user,
        status="approved",
    )
    editor = world.admin_a.user
    soon = timezone.now() + datetime.timedelta(minutes=5)
    contribution_schedule(
        actor=editor, access=network_access(editor, network), contribution=piece, publish_at=soon
    )
    assert _titles(ANONYMOUS, "werkplekleren") == []  # not yet
    Contribution.objects.filter(pk=piece.pk).update(publish_at=timezone.now())
    call_command("zorgwijs_networks_publish", stdout=StringIO())
    assert _titles(ANONYMOUS, "werkplekleren") == ["Werkplekleren zonder omwegen"]


def test_the_network_is_found_by_its_topics_and_actions_as_its_home_shows_them(world, network):
    client = sign_in(Client(), world.admin_a.user)
    topic = reverse("networks:topic_create", kwargs={"network_slug": network.slug})
    assert client.post(topic, {"title": "Werkplekleren in de ouderenzorg"}).status_code == 302
    hits = [(hit.kind, hit.title) for hit in search(viewer=ANONYMOUS, text="werkplekleren").hits]
    assert hits == [("network", "Leren is altijd")]
    # The network closes its home: outsiders no longer find it, its members' people still do.
    manage = reverse("networks:manage", kwargs={"network_slug": network.slug})
    client.post(manage, {"profile": "1", "profile-about": "x"})
    assert _titles(ANONYMOUS, "werkplekleren") == []
    assert _titles(viewer_for(world.outsider_b.user), "werkplekleren") == []
    assert _titles(viewer_for(world.employee_a.user), "werkplekleren") == ["Leren is altijd"]
