"""Playwright (sync API) on Debian's Chromium against pytest-django's live server.

Playwright's own browser download cannot work here, so we launch /usr/bin/chromium. Each
xdist worker starts one browser for the session; every test gets fresh contexts. Static files
come from the finders (pytest-django's live server wraps itself in StaticFilesHandler), so CSS
and JavaScript load exactly as in production minus the hashed names.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from tests.conftest import (
    FAST_PASSWORD_HASHERS,
    STATIC_WITHOUT_MANIFEST,
    World,
    make_platform_admin,
    make_world,
)
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
    return make_mfa_user(world)


def make_mfa_user(world):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = world.admin_a.user
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    return user


# --- The page checks' shared world (test_pages.py) ---------------------------------------------
#
# A transactional test (pytest-django's live_server asks for one: the server's thread needs
# committed rows on PostgreSQL) builds its world and then flushes ~200 tables, and the flush's
# post_migrate handlers rebuild content types and permissions: more than the page check itself
# on a busy machine. The page checks only read, so each worker builds one committed world for
# the module, with every sample of every page made up front in a fixed order (each page then
# sees the same data whichever pages ran before it on that worker), and flushes once at the end,
# leaving the database as empty as a transactional test does. What a check changes, it undoes
# (page_check.check_page: a role given to admin A for one page).


@dataclass
class PageWorld:
    world: World
    platform_admin: object
    mfa_user: object


@pytest.fixture(scope="module")
def page_world(django_db_setup, django_db_blocker, tmp_path_factory):
    from tests.browser.pages import make_page_samples

    media = tmp_path_factory.mktemp("page-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media,
            PASSWORD_HASHERS=FAST_PASSWORD_HASHERS,
            STORAGES={**settings.STORAGES, "staticfiles": STATIC_WITHOUT_MANIFEST},
        ),
    ):
        try:
            world = make_world()
            shared = PageWorld(world, make_platform_admin(), make_mfa_user(world))
            make_page_samples(world)
            yield shared
        finally:
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=False)


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's helper of the same name, except that the page checks (which use
    ``page_world``) run on that committed world instead of a transactional test each."""
    if "live_server" not in request.fixturenames:
        yield
        return
    if "page_world" not in request.fixturenames:
        request.getfixturevalue("transactional_db")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(autouse=True)
def _media_in_tmp(request):
    """Uploaded files of a test go to its own temporary folder (tests/conftest.py); the page
    checks keep the folder of the files their shared world uploaded (page_world)."""
    if "page_world" not in request.fixturenames:
        settings = request.getfixturevalue("settings")
        settings.MEDIA_ROOT = request.getfixturevalue("tmp_path") / "media"


@pytest.fixture(scope="module")
def page_contexts(browser, live_server, page_world):
    """One browser context per person for the module's page checks (``context_for(user)``):
    stylesheets, scripts and axe-core come from its cache after the first page. Each check
    still opens a new page with a new session (page_check.open_page)."""
    from tests.browser.page_check import RECORD_CSP_VIOLATIONS

    contexts: dict[object, object] = {}

    def context_for(user):
        key = getattr(user, "pk", None)
        if key not in contexts:
            context = browser.new_context(viewport=VIEWPORTS["laptop"], locale="nl-NL")
            context.set_default_timeout(60_000)  # generous: CI machines may be busy
            context.add_init_script(RECORD_CSP_VIOLATIONS)
            contexts[key] = context
        return contexts[key]

    yield context_for
    for context in contexts.values():
        context.close()
