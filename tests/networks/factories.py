"""Networks with a profile, events and sessions for the networks tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.factories import NetworkFactory
from zorgwijs.networks.models import Event, NetworkProfile, NetworkRole, Session
from zorgwijs.organisations.models import NetworkMembership, Visibility


def make_network(*organisations, public=False, open_to_individuals=False, **kwargs):
    network = NetworkFactory(**kwargs)
    NetworkProfile.objects.create(
        network=network,
        about="Samen leren in de regio.",
        public_home=public,
        open_to_individuals=open_to_individuals,
        terms="Je gaat zorgvuldig om met wat anderen delen." if open_to_individuals else "",
    )
    for organisation in organisations:
        NetworkMembership.objects.create(network=network, organisation=organisation)
    return network


def give_network_role(network, user, role):
    return NetworkRole.objects.create(network=network, user=user, role=role)


def make_event(network, *, capacity=None, days=30, visibility=Visibility.NETWORK, **kwargs):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    values = {
        "kind": "conference",
        "title": "Werkconferentie",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=6),
        "location": "Martiniplaza, Groningen",
        **kwargs,
    }
    return Event.objects.create(network=network, capacity=capacity, visibility=visibility, **values)


def make_session(event, *, capacity=None, **kwargs):
    values = {
        "title": "Workshop leren in de praktijk",
        "leaders": "Ineke de Vries",
        "room": "Zaal 2",
        "starts_at": event.starts_at + datetime.timedelta(hours=1),
        "ends_at": event.starts_at + datetime.timedelta(hours=2),
        **kwargs,
    }
    return Session.objects.create(event=event, capacity=capacity, **values)
