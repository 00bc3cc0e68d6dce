"""Playwright (sync API) on Debian's Chromium against pytest-django's live server.

Playwright's own browser download cannot work here, so we launch /usr/bin/chromium. Each
xdist worker starts one browser for the session; every test gets fresh contexts. Static files
come from the finders (pytest-django's live server wraps itself in StaticFilesHandler), so CSS
and JavaScript load exactly as in production minus the hashed names.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.signin import sign_in

# The live server listens on 127.0.0.1 only (pytest-django's default is "localhost").
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

VIEWPORTS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
PROJECT_DIR = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_DIR / "test-artifacts" / "screenshots"
AXE = PROJECT_DIR / "src" / "zorgwijs" / "static" / "vendor" / "axe" / "axe.min.js"


def session_cookie(user, live_server, *, mfa: bool = False) -> dict:
    """A session cookie for ``user`` (made by tests.signin.sign_in), for a browser context."""
    client = sign_in(Client(), user, mfa=mfa)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


@pytest.fixture
def new_context(browser, live_server):
    """``new_context(user=None, viewport="laptop", bypass_csp=False, mfa=False)``: a browser
    context, signed in as ``user`` when given; all are closed after the test."""
    contexts = []

    def make(user=None, *, viewport: str = "laptop", bypass_csp: bool = False, mfa: bool = False):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport], bypass_csp=bypass_csp, locale="nl-NL"
        )
        context.set_default_timeout(60_000)  # generous: CI machines may be busy
        if user is not None:
            context.add_cookies([session_cookie(user, live_server, mfa=mfa)])
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def _page_as(new_context, user, *, mfa=False):
    return new_context(user, mfa=mfa).new_page()


@pytest.fixture
def anonymous_page(new_context):
    return new_context().new_page()


@pytest.fixture
def admin_page(new_context, world):
    return _page_as(new_context, world.admin_a.user, mfa=True)


@pytest.fixture
def manager_page(new_context, world):
    return _page_as(new_context, world.manager_a.user, mfa=True)


@pytest.fixture
def employee_page(new_context, world):
    return _page_as(new_context, world.employee_a.user)


@pytest.fixture
def outsider_page(new_context, world):
    return _page_as(new_context, world.outsider_b.user)


@pytest.fixture
def platform_admin_page(new_context, platform_admin):
    return _page_as(new_context, platform_admin, mfa=True)


def screenshot_name(template: str) -> str:
    """``/o/<org_slug>/mensen/`` -> ``o-org_slug-mensen``; ``/`` -> ``home``."""
    name = re.sub(r"[^A-Za-z0-9_.]+", "-", template).strip("-")
    return name or "home"


@pytest.fixture
def mfa_user(world):
    """Admin A with a real TOTP device and recovery codes, for allauth's two-factor pages."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = world.admin_a.user
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    return user


def open_page(
    visit, new_context, live_server, *, viewport: str, bypass_csp: bool = False, watch=None
):
    """Open a planned visit in a fresh context; returns the Playwright page."""
    context = new_context(visit.user, viewport=viewport, bypass_csp=bypass_csp, mfa=True)
    if watch is not None:
        watch(context)
    page = context.new_page()
    response = page.goto(live_server.url + visit.path, wait_until="load")
    status = response.status if response is not None else None
    assert status is not None and (status < 400 or status == visit.status), (
        f"{visit.path} as {visit.actor}: HTTP {status}"
    )
    return page
