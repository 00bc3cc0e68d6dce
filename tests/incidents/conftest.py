"""Incident fixtures: a coordinator and a VIM committee member next to the world's actors."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.signin import sign_in


@pytest.fixture
def pump(world):
    with scopes_disabled():
        return DeviceFactory(organisation=world.org_a, name="Infuuspomp Agilia")


@pytest.fixture
def as_(client):
    """``as_(membership)``: a test client signed in (with a second factor) as that person."""
    from django.test import Client

    def make(membership):
        return sign_in(Client(), membership.user, mfa=True)

    return make


def report_data(world, pump=None, **overrides) -> dict[str, str]:
    when = timezone.localtime() - datetime.timedelta(hours=2)
    data = {
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
        "location": "Behandelkamer 2",
        "department": str(world.cathlab.pk),
        "category": "device",
        "device": str(pump.pk) if pump else "",
        "device_details": "SN 4471-B, software 2.3",
        "what_happened": "De infuuspomp gaf geen alarm bij een afgeknikte lijn.",
        "outcome": "near_miss",
        "severity": "none",
        "immediate_action": "Lijn rechtgelegd, pomp uit gebruik genomen.",
        "prevention_idea": "Alarmtest bij elke start.",
    }
    data.update(overrides)
    return data
