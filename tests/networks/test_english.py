"""The network pages in English for someone who chose English."""

from __future__ import annotations

from django.test import Client

from tests.signin import sign_in


def test_home_and_event_in_english(world, network, event):
    user = world.employee_a.user
    user.language = "en"
    user.save(update_fields=["language"])
    client = sign_in(Client(), user)
    home = client.get(f"/netwerken/{network.slug}/").content.decode()
    assert "Topics and actions" in home and "signed on 9 July 2018" in home
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Programme" in page and "Register" in page
