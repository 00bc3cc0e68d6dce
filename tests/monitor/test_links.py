"""Indicators linked to the network's topics and actions: coordinators keep the links, the
monitor shows them per indicator, and a topic's page shows the trend of what it addresses."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.monitor.conftest import SECRET
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.monitor.models import IndicatorLink
from zorgwijs.networks.models import Action, NetworkRole, RoleKind, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(region):
    with scopes_disabled():
        keep = Topic.objects.create(
            network=region.network, number=1, title="Huidige professionals behouden"
        )
        buddy = Action.objects.create(topic=keep, title="Buddy voor starters", status="running")
        exit_talk = Action.objects.create(topic=keep, title="Exitgesprekken", status="planned")
        learn = Topic.objects.create(network=region.network, number=2, title="Leren en opleiden")
    return keep, buddy, exit_talk, learn


def _url(name: str, world, **kwargs) -> str:
    return reverse(
        f"monitor:{name}",
        kwargs={"org_slug": world.orgs[0].slug, "network_slug": world.network.slug, **kwargs},
    )


def test_a_coordinator_links_an_indicator_and_the_monitor_shows_it(region, topics, world):
    keep, buddy, _exit, learn = topics
    client = sign_in(Client(), region.coordinator.user)
    page = client.get(_url("links", region))
    assert page.status_code == 200
    assert "Buddy voor starters" in page.content.decode()
    response = client.post(
        _url("links", region),
        {"outflow": [f"action:{buddy.pk}"], "headcount": [f"topic:{learn.pk}"]},
    )
    assert response.status_code == 302
    with scopes_disabled():
        links = {(link.indicator, link.topic_id) for link in IndicatorLink.objects.all()}
        assert links == {("outflow", keep.pk), ("headcount", learn.pk)}
        assert list(IndicatorLink.objects.get(indicator="outflow").actions.all()) == [buddy]
    assert AuditEntry.objects.filter(action="monitor.links.updated").count() == 1

    adviser = sign_in(Client(), region.adviser.user)
    monitor = adviser.get(_url("network", region) + "?indicator=outflow").content.decode()
    assert "Thema 1: Huidige professionals behouden" in monitor
    assert "Buddy voor starters" in monitor
    assert "Exitgesprekken" not in monitor
    assert "Indicatoren koppelen" not in monitor  # not a coordinator

    topic_page = adviser.get(_url("topic", region, topic_id=keep.pk))
    assert topic_page.status_code == 200
    text = topic_page.content.decode()
    assert "Uitstroom" in text and "Buddy voor starters" in text
    assert "2024 K1" in text  # the published quarter's trend
    assert str(SECRET) not in text
    # The topic page leads back to the indicator in the monitor and to the topic at home.
    assert f'{_url("network", region)}?indicator=outflow"' in text
    home = reverse("networks:home", kwargs={"network_slug": region.network.slug})
    assert f'{home}#thema-{keep.pk}"' in text

    # The network's home page links each linked topic into the reader's own monitor.
    home_page = adviser.get(home).content.decode()
    assert f'id="thema-{keep.pk}"' in home_page
    assert f'href="{_url("topic", region, topic_id=keep.pk)}"' in home_page
    assert f'href="{_url("network", region)}?indicator=outflow"' in home_page
    assert f'href="{_url("network", region)}?indicator=headcount"' in home_page
    # Not for someone of a member organisation who may not read the monitor.
    employee_home = sign_in(Client(), world.employee_a.user).get(home)
    assert employee_home.status_code == 200
    assert "hr-monitor" not in employee_home.content.decode()


def test_the_topic_page_shows_published_cells_only(region, topics):
    keep, *_rest = topics
    with scopes_disabled():
        IndicatorLink.objects.create(network=region.network, indicator="headcount", topic=keep)
    page = sign_in(Client(), region.adviser_b.user).get(
        reverse(
            "monitor:topic",
            kwargs={
                "org_slug": region.orgs[1].slug,
                "network_slug": region.network.slug,
                "topic_id": keep.pk,
            },
        )
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Aantal medewerkers" in text
    assert str(SECRET) not in text  # region totals are rounded, never A's own figure


def test_only_coordinators_keep_the_links(region, topics):
    _keep, buddy, *_ = topics
    adviser = sign_in(Client(), region.adviser.user)
    assert adviser.get(_url("links", region)).status_code == 403
    assert (
        adviser.post(_url("links", region), {"outflow": [f"action:{buddy.pk}"]}).status_code == 403
    )
    assert not IndicatorLink.objects.exists()


def test_a_network_coordinator_role_may_keep_the_links(region, topics):
    with scopes_disabled():
        NetworkRole.objects.create(
            network=region.network, user=region.adviser.user, role=RoleKind.COORDINATOR
        )
    client = sign_in(Client(), region.adviser.user)
    assert client.get(_url("links", region)).status_code == 200


def test_another_network_s_topic_or_action_is_refused_at_the_field(region, topics, world):
    from tests.factories import NetworkFactory

    with scopes_disabled():
        other = NetworkFactory(slug="elders")
        foreign = Topic.objects.create(network=other, number=1, title="Elders")
        foreign_action = Action.objects.create(topic=foreign, title="Elders actie")
    client = sign_in(Client(), region.coordinator.user)
    for value in (f"topic:{foreign.pk}", f"action:{foreign_action.pk}", "topic:x", "banaan"):
        response = client.post(_url("links", region), {"outflow": [value]})
        assert response.status_code == 400, value
        assert "Uitstroom" in response.content.decode()
    assert not IndicatorLink.objects.exists()


def test_a_topic_of_another_network_is_404(region, topics):
    from tests.factories import NetworkFactory

    with scopes_disabled():
        other = NetworkFactory(slug="elders")
        foreign = Topic.objects.create(network=other, number=1, title="Elders")
    client = sign_in(Client(), region.adviser.user)
    assert client.get(_url("topic", region, topic_id=foreign.pk)).status_code == 404
    assert client.get(_url("topic", region, topic_id=10**12)).status_code == 404
