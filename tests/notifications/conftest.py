"""Notification fixtures: the world, organisation A's space with a page, tasks run at once."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from tests.factories import MembershipFactory, UserFactory, give_role
from tests.isolation.urlwalk import sign_in
from tests.knowledge.factories import make_page, make_space
from zorgwijs.organisations.models import Role


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tasks_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def space(world):
    with scopes_disabled():
        return make_space(world.org_a)


@pytest.fixture
def page(space, world):
    with scopes_disabled():
        return make_page(space, world.admin_a.user)


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
def client_of():
    def make(user, mfa: bool = False):
        return sign_in(Client(), user, mfa=mfa)

    return make
