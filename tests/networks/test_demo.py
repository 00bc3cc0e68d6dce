"""The demo's Groningen network: what a coordinator and an individual find there, and loading
twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled

from tests.signin import sign_in
from zorgwijs.accounts.models import User
from zorgwijs.competences.models import RequirementProfile
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

    # The three functions of seed 003 are the network's function profiles; Eemland adopted
    # the werkbegeleider and tightened it.
    profiles = Client().get("/netwerken/leren-is-altijd/functieprofielen/").content.decode()
    for name in ("Praktijkexpert / leercoach", "Werkbegeleider", "Expert leren en ontwikkeling"):
        assert name in profiles
    with scopes_disabled():
        adopted = RequirementProfile.objects.get(
            organisation__slug="thuiszorg-eemland", name="Werkbegeleider"
        )
        assert adopted.adopted_from is not None
        assert set(adopted.profile_items.values_list("level", flat=True)) == {"required"}

    # Seed 004: the closed round is the agenda on the home; this year's round is open.
    from zorgwijs.networks.models import AgendaItem, PriorityRound

    assert PriorityRound.objects.filter(status="closed").count() == 1
    assert PriorityRound.objects.filter(status="open").count() == 1
    assert AgendaItem.objects.filter(position=1).exists()
    assert (
        "Kennisagenda 2026, vastgesteld op"
        in Client().get("/netwerken/leren-is-altijd/").content.decode()
    )
