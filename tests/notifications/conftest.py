"""Notification fixtures: the world, organisation A's space with a page, tasks run at once."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from tests.knowledge.factories import make_page, make_space
from tests.signin import sign_in


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
def client_of():
    def make(user, mfa: bool = False):
        return sign_in(Client(), user, mfa=mfa)

    return make
