"""Session lifetime: idle and absolute timeouts (SessionTimeoutMiddleware)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tests.accounts.conftest import login
from zorgwijs.accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=datetime.UTC)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sign_in_starts_both_clocks(client, member_without_role):
    with time_machine.travel(T0, tick=False):
        login(client, member_without_role.email)
        assert client.session[SESSION_STARTED] == T0.timestamp()
        assert client.session[SESSION_LAST_SEEN] == T0.timestamp()


def test_idle_session_ends(client, member_without_role):
    idle = datetime.timedelta(seconds=settings.SESSION_IDLE_SECONDS)
    with time_machine.travel(T0, tick=False) as clock:
        login(client, member_without_role.email)
        clock.shift(idle - datetime.timedelta(minutes=1))
        assert client.get(reverse("accounts:who_viewed")).status_code == 200  # still active
        clock.shift(idle - datetime.timedelta(minutes=1))
        assert client.get(reverse("accounts:who_viewed")).status_code == 200  # use renews it
        clock.shift(idle + datetime.timedelta(seconds=1))
        response = client.get(reverse("accounts:who_viewed"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert "next=" in response.url
        assert not _signed_in(client)
        page = client.get(response.url)
        assert "Je sessie is verlopen." in page.content.decode()


def test_last_seen_is_written_at_most_once_a_minute(client, member_without_role):
    """A page within the minute leaves the session row alone; after it, the clock moves."""
    from django.contrib.sessions.models import Session

    with time_machine.travel(T0, tick=False) as clock:
        login(client, member_without_role.email)
        client.get(reverse("accounts:who_viewed"))
        stored = Session.objects.get(pk=client.session.session_key).session_data
        clock.shift(datetime.timedelta(seconds=59))
        client.get(reverse("accounts:who_viewed"))
        assert Session.objects.get(pk=client.session.session_key).session_data == stored
        assert client.session[SESSION_LAST_SEEN] == T0.timestamp()
        clock.shift(datetime.timedelta(seconds=2))
        client.get(reverse("accounts:who_viewed"))
        assert client.session[SESSION_LAST_SEEN] == T0.timestamp() + 61


def test_absolute_lifetime_ends_an_active_session(client, member_without_role):
    step = datetime.timedelta(seconds=settings.SESSION_IDLE_SECONDS) / 2
    with time_machine.travel(T0, tick=False) as clock:
        login(client, member_without_role.email)
        elapsed = datetime.timedelta()
        while elapsed + step < datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE):
            clock.shift(step)
            elapsed += step
            assert client.get(reverse("accounts:who_viewed")).status_code == 200, elapsed
        clock.shift(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1) - elapsed)
        response = client.get(reverse("accounts:who_viewed"))
        assert response.status_code == 302
        assert not _signed_in(client)


def test_back_dated_session_timestamps_end_the_session(client, member_without_role):
    login(client, member_without_role.email)
    session = client.session
    session[SESSION_STARTED] -= settings.SESSION_COOKIE_AGE + 1
    session.save()
    assert client.get(reverse("core:home")).status_code == 302
    assert not _signed_in(client)

    login(client, member_without_role.email)
    session = client.session
    session[SESSION_LAST_SEEN] -= settings.SESSION_IDLE_SECONDS + 1
    session.save()
    assert client.get(reverse("core:home")).status_code == 302
    assert not _signed_in(client)


def test_a_new_sign_in_restarts_the_clocks(client, member_without_role):
    with time_machine.travel(T0, tick=False) as clock:
        login(client, member_without_role.email)
        clock.shift(datetime.timedelta(hours=3))
        client.post(reverse("account_logout"))
        login(client, member_without_role.email)
        assert client.session[SESSION_STARTED] == T0.timestamp() + 3 * 3600


def test_expired_session_on_the_api_and_htmx(client, member_without_role):
    login(client, member_without_role.email)
    session = client.session
    session[SESSION_LAST_SEEN] -= settings.SESSION_IDLE_SECONDS + 1
    session.save()
    response = client.get(reverse("accounts:who_viewed"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("account_login"))
    assert not _signed_in(client)
