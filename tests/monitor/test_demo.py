"""The demo: 26 members of the Groningen network, five years of quarterly figures, made the same
way every time, with cells that must be suppressed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django_scopes import scopes_disabled

from tests.factories import NetworkFactory, OrganisationFactory
from zorgwijs.monitor.demo import NETWORK, QUARTERS, monitor_demo_load
from zorgwijs.monitor.models import FigureRow, Release, Submission
from zorgwijs.organisations.models import NetworkMembership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2027, 1, 10),  # the last quarter's submission window is still open
        datetime.date(2027, 2, 20),  # and closed
    ],
)
def test_the_demo_fills_the_groningen_network_once(day):
    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False), scopes_disabled():
        network = NetworkFactory(slug=NETWORK, name="Leren is altijd — regio Groningen")
        NetworkMembership.objects.create(
            network=network, organisation=OrganisationFactory(slug="zorgacademie-midden")
        )
        monitor_demo_load()
        assert NetworkMembership.objects.filter(network=network).count() == 26
        releases = list(Release.objects.filter(network=network).order_by("quarter"))
        assert len(releases) == QUARTERS, "five years of published figures"
        first = {tuple(c[:4]): c[4] for c in releases[0].cells}
        counts = (Submission.objects.count(), FigureRow.objects.count())
        monitor_demo_load()
        assert (Submission.objects.count(), FigureRow.objects.count()) == counts
    for release in releases:
        cells = {tuple(c[:4]): c[4] for c in release.cells}
        assert cells[("headcount", "sector", "jeugdzorg", "")] is None  # two organisations
        assert cells[("headcount", "sector", "ggz", "")] is None  # one dominates
        assert cells[("headcount", "total", "", "")] is not None
    assert first[("headcount", "sector", "ziekenhuis", "")] is not None
    # Seeded: the region's first headcount is the same on every load.
    assert first[("headcount", "total", "", "")] == 16065
