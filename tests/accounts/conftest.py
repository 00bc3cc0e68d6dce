"""Fixtures for sign-in tests: a clean cache (rate limits, used TOTP codes) and helpers."""

from __future__ import annotations

import os
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import PASSWORD

# The live server must listen on 127.0.0.1 (not "localhost", which may resolve elsewhere).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture(autouse=True)
def _clean_cache():
    # Rate-limit counters and "used TOTP code" markers live in the cache; with the database
    # cache they survive transactional tests, so every test starts from an empty cache.
    cache.clear()
    yield
    cache.clear()


def login(client, email: str, password: str = PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture
def mfa_world(world):
    """Organisation A requires two factors for managers, coordinators and admins (the default)."""
    with scopes_disabled():
        world.org_a.require_mfa_for_sensitive_roles = True
        world.org_a.save()
    return world
