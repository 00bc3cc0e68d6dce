"""The demo's Groningen network: what a coordinator and an individual find there, and loading
twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tests.signin import sign_in
from zorgwijs.accounts.models import User
from zorgwijs.networks.models import (
    Action,
    Contribution,
    Event,
    Poster,
    Registration,
    Topic,
)


@pytest.mark.django_db
def test_demo_network_loads_once_and_shows_its_year(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("zorgwijs_demo", stdout=StringIO())
    counts = (Topic.objects.count(), Action.objects.count(), Registration.objects.count())
    assert counts[0] == 6 and counts[1] >= 6
    assert Action.objects.filter(projects__isnull=False).exists()
    assert set(Registration.objects.values_list("status", flat=True)) == {"confirmed", "waiting"}
    assert Poster.objects.filter(award="Posterprijs").count() == 1
    states = set(Contribution.objects.values_list("status", flat=True))
    assert states == {"scheduled", "in_review", "draft"}
    call_command("zorgwijs_demo", stdout=StringIO())
    assert (Topic.objects.count(), Action.objects.count(), Registration.objects.count()) == counts

    home = Client().get("/netwerken/leren-is-altijd/").content.decode()
    assert "9 juli 2018" in home and "Anders leren" in home
    conference = Event.objects.get(title="Werkconferentie Leren is altijd")
    participant = sign_in(Client(), User.objects.get(email="ilse.individu@leren.demo"))
    page = participant.get(conference.get_absolute_url()).content.decode()
    assert "Je bent aangemeld" in page
    assert (
        "beheer@hunzedal.demo"
        not in participant.get("/netwerken/leren-is-altijd/").content.decode()
    )
