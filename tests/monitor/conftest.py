from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django_scopes import scopes_disabled

from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    give_role,
)
from zorgwijs.monitor.models import Submission
from zorgwijs.monitor.services import submission_create
from zorgwijs.organisations.models import Membership, Network, NetworkMembership, Organisation, Role

# Organisation A's distinctive exact headcount: a leak if it appears anywhere for others.
SECRET = 1237

# Quarters that have ended, whatever day the tests run.
Q1 = datetime.date(2024, 1, 1)
Q2 = datetime.date(2024, 4, 1)


def row(sector: str = "ziekenhuis", group: str = "", **values) -> dict:
    base = {"sector": sector, "function_group": group, "headcount": 100, "fte": 70}
    base.update(values)
    return base


def submit(
    org: Organisation, rows: list[dict], *, quarter=Q1, reason: str = "", actor=None
) -> Submission:
    with scopes_disabled():
        return submission_create(
            actor=actor,
            organisation=org,
            period_kind="quarter",
            period_start=quarter,
            rows=rows,
            reason=reason,
        )


def submit_in_window(
    network: Network, submissions: list[tuple[Organisation, list[dict], datetime.date]]
) -> None:
    """Figures sent while their quarters' submission windows are still open, then published at
    once (as when the window closes)."""
    import time_machine

    from zorgwijs.monitor.services import releases_refresh

    for org, rows, quarter in submissions:
        with time_machine.travel(quarter + datetime.timedelta(days=100)):
            submit(org, rows, quarter=quarter)
    with scopes_disabled():
        releases_refresh(network)


@dataclass
class MonitorWorld:
    network: Network
    orgs: list[Organisation]  # orgs[0] is organisation A of the world fixture
    adviser: Membership  # HR adviser of A
    adviser_b: Membership  # HR adviser of another member
    coordinator: Membership  # contact person of A in the network


@pytest.fixture
def monitor_world(world) -> MonitorWorld:
    with scopes_disabled():
        network = NetworkFactory(name="Netwerk Noord", slug="netwerk-noord")
        orgs = [world.org_a] + [
            OrganisationFactory(name=f"Zorg {i}", slug=f"zorg-{i}") for i in range(1, 6)
        ]
        adviser = MembershipFactory(
            organisation=world.org_a, user=UserFactory(full_name="Hanna HR")
        )
        give_role(adviser, Role.HR_ADVISER)
        adviser_b = MembershipFactory(organisation=orgs[1], user=UserFactory(full_name="Bert HR"))
        give_role(adviser_b, Role.HR_ADVISER)
        coordinator = MembershipFactory(
            organisation=world.org_a, user=UserFactory(full_name="Cora Netwerk")
        )
        give_role(coordinator, Role.HR_ADVISER)
        for org in orgs:
            NetworkMembership.objects.create(
                network=network,
                organisation=org,
                contact_person=coordinator.user if org == world.org_a else None,
            )
    return MonitorWorld(network, orgs, adviser, adviser_b, coordinator)


@pytest.fixture
def region(monitor_world):
    """Q1 published: A (the secret), four others; GGZ alone in its sector (hidden)."""
    others = [(o, [row(headcount=200 + 10 * i)], Q1) for i, o in enumerate(monitor_world.orgs[1:5])]
    submit_in_window(
        monitor_world.network,
        [
            (monitor_world.orgs[0], [row(headcount=SECRET, fte=900)], Q1),
            *others,
            (monitor_world.orgs[5], [row("ggz", headcount=77)], Q1),
        ],
    )
    return monitor_world
