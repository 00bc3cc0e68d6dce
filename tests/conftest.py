"""Shared fixtures: a small world of two organisations and the three actors of every test.

- ``member_with_role``: a member of organisation A holding the role under test (admin here);
- ``member_without_role``: a plain employee of organisation A;
- ``outsider``: a person of organisation B.
"""

from __future__ import annotations

import datetime
import os
import zoneinfo
from dataclasses import dataclass

import pytest
import time_machine
from django.db.backends.base.operations import BaseDatabaseOperations
from django_scopes import scopes_disabled
from hypothesis import settings as hypothesis_settings

from tests.factories import (
    DepartmentFactory,
    JobFunctionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    give_role,
)
from zorgwijs.audit.db import AUDIT_LOG
from zorgwijs.competences.db import COMPETENCE_EVIDENCE
from zorgwijs.organisations.models import Department, Membership, Organisation, Role

# Property tests assert what the code does with any input, not how fast one example runs: on a
# loaded CI machine Hypothesis' default 200 ms deadline per example failed them at random.
hypothesis_settings.register_profile("zorgwijs", deadline=None)
hypothesis_settings.load_profile("zorgwijs")

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--at",
        metavar="MOMENT",
        help="run as if the clock read MOMENT (ISO 8601, TIME_ZONE unless given; the clock "
        "ticks on from there), e.g. 2027-01-01T00:30: finds tests that break at a month's or "
        "a year's turn. Peers started as processes keep the real clock, so the tests of "
        "single sign-on and of the independent credential verifier fail under --at.",
    )


def pytest_configure(config: pytest.Config) -> None:
    moment = config.getoption("--at", default=None)
    if moment:
        # Started here, before collection, so module-level dates are taken at MOMENT too.
        from django.conf import settings

        at = datetime.datetime.fromisoformat(moment)
        if at.tzinfo is None:
            at = at.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
        time_machine.travel(at, tick=True).start()


# Tables whose append-only triggers (audit/db.py) would refuse a flush.
APPEND_ONLY = (AUDIT_LOG, *COMPETENCE_EVIDENCE)


def _flush_keeping_append_only_triggers(original):
    # Flushing between transactional tests empties every table; the append-only triggers
    # would refuse that for the audit log and the competence evidence, so take them down and
    # put them back around it.
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if self.connection.vendor == "postgresql" and tables and not reset_sequences:
            # TRUNCATE of ~200 nearly empty tables costs seconds on PostgreSQL (new files for
            # every table); DELETE costs milliseconds. Django's foreign keys are deferred, so
            # the order does not matter inside flush's transaction.
            statements = [f"DELETE FROM {self.quote_name(table)};" for table in tables]  # noqa: S608 (table names from Django)
        else:
            statements = original(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        protected = [table for table in APPEND_ONLY if table.table in tables]
        if not protected or not statements:
            return statements
        vendor = self.connection.vendor
        remove = [sql for table in protected for sql in table.remove(vendor)]
        install = [sql for table in protected for sql in table.install(vendor)]
        return remove + list(statements) + install

    return sql_flush


for _ops in BaseDatabaseOperations.__subclasses__():
    if "sql_flush" in _ops.__dict__:
        _ops.sql_flush = _flush_keeping_append_only_triggers(_ops.__dict__["sql_flush"])


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    cardiology: Department
    cathlab: Department
    surgery: Department
    admin_a: Membership
    manager_a: Membership
    employee_a: Membership
    colleague_a: Membership
    outsider_b: Membership


@pytest.fixture
def world(db) -> World:
    return make_world()


def make_world() -> World:
    """Organisation A (a hospital with a cardiology centre, its cath lab and surgery; an admin,
    a manager, an employee and a colleague) and organisation B with one person."""
    with scopes_disabled():
        org_a = OrganisationFactory(name="Rivierenland Ziekenhuis", slug="rivierenland")
        org_b = OrganisationFactory(name="Noorderzorg", slug="noorderzorg")
        cardiology = DepartmentFactory(organisation=org_a, name="Hartcentrum")
        cathlab = DepartmentFactory(organisation=org_a, name="Cathlab", parent=cardiology)
        surgery = DepartmentFactory(organisation=org_a, name="Chirurgie")
        nurse = JobFunctionFactory(organisation=org_a, name="Verpleegkundige")
        admin_a = MembershipFactory(organisation=org_a, user=UserFactory(full_name="Anna Beheer"))
        give_role(admin_a, Role.ADMIN)
        manager_a = MembershipFactory(
            organisation=org_a,
            user=UserFactory(full_name="Mark Leiding"),
            primary_department=cardiology,
        )
        give_role(manager_a, Role.MANAGER, departments=[cardiology])
        employee_a = MembershipFactory(
            organisation=org_a,
            user=UserFactory(full_name="Eva Medewerker"),
            job_function=nurse,
            primary_department=cathlab,
        )
        colleague_a = MembershipFactory(
            organisation=org_a,
            user=UserFactory(full_name="Carl Chirurg"),
            job_function=nurse,
            primary_department=surgery,
        )
        outsider_b = MembershipFactory(
            organisation=org_b, user=UserFactory(full_name="Olaf Buiten")
        )
    return World(
        org_a,
        org_b,
        cardiology,
        cathlab,
        surgery,
        admin_a,
        manager_a,
        employee_a,
        colleague_a,
        outsider_b,
    )


# Incident triage roles of organisation A (the coordinator and the VIM committee member).
@pytest.fixture
def coordinator(world):
    with scopes_disabled():
        membership = MembershipFactory(
            organisation=world.org_a, user=UserFactory(full_name="Carla Coördinator")
        )
        give_role(membership, Role.COORDINATOR)
    return membership


@pytest.fixture
def committee(world):
    with scopes_disabled():
        membership = MembershipFactory(
            organisation=world.org_a, user=UserFactory(full_name="Victor Vim")
        )
        give_role(membership, Role.INCIDENT_COMMITTEE)
    return membership


@pytest.fixture
def member_with_role(world):
    return world.admin_a.user


@pytest.fixture
def member_without_role(world):
    return world.employee_a.user


@pytest.fixture
def outsider(world):
    return world.outsider_b.user


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    # Outside DEBUG the settings use the manifest storage, which needs `collectstatic`; tests
    # render pages from the source folders instead (the live server serves them from there).
    settings.STORAGES = {**settings.STORAGES, "staticfiles": STATIC_WITHOUT_MANIFEST}


STATIC_WITHOUT_MANIFEST = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


# Tests hash passwords for every person they make; the production hasher (Argon2, see
# tests/core/test_password_hashing.py) costs ~0.1 s a password and no test needs its strength.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _dutch_unless_asked():
    """Every test starts in Dutch, the interface's first language. A request in English
    activates English for the thread and nothing switches it back, so without this a test that
    reads a Dutch message would depend on which test ran before it in the same worker."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture
def platform_admin(db):
    """A platform administrator with a TOTP device (platform admins must use two factors)."""
    return make_platform_admin()


def make_platform_admin():
    from allauth.mfa.models import Authenticator

    user = UserFactory(full_name="Petra Platform", is_platform_admin=True, is_staff=True)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "not-used-in-tests"}
    )
    return user


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


# One Playwright and one Chromium per test worker, shared by every browser test: Playwright's
# sync API cannot be started a second time while the first instance is alive in the process.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()
