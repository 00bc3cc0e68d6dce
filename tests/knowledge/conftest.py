from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from tests.knowledge.factories import make_page, make_space
from tests.signin import sign_in


@pytest.fixture
def space(world):
    """Organisation A's space (visible to its members) with one page by admin A (an editor
    through the organisation's admin role)."""
    with scopes_disabled():
        return make_space(world.org_a)


@pytest.fixture
def page(space, world):
    with scopes_disabled():
        return make_page(space, world.admin_a.user)


@pytest.fixture
def editor_client(world):
    return sign_in(Client(), world.admin_a.user)


@pytest.fixture
def member_client(world):
    return sign_in(Client(), world.employee_a.user)


@pytest.fixture
def outsider_client(world):
    return sign_in(Client(), world.outsider_b.user)
