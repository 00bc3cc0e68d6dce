"""The signed-in person's row is kept per data generation in the app server's memory
(accounts.backends): a password changed or an account closed elsewhere still ends a session at
its next request, and the password hash never reaches the shared cache."""

from __future__ import annotations

import base64

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.conftest import login
from tests.core.test_data_cache import _commit

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:who_viewed")


def _signed_in_client(user) -> Client:
    client = Client()
    assert login(client, user.email).status_code == 302
    _commit()
    return client


def _signed_in(client) -> bool:
    response = client.get(PAGE)
    return response.status_code == 200


def test_the_person_is_read_once_per_generation(member_without_role):
    client = _signed_in_client(member_without_role)
    assert _signed_in(client)
    with CaptureQueriesContext(connection) as captured:
        assert _signed_in(client)
    assert not [q for q in captured if 'FROM "accounts_user"' in q["sql"]]


def test_a_password_changed_elsewhere_ends_the_other_session(member_without_role):
    ward, home = _signed_in_client(member_without_role), _signed_in_client(member_without_role)
    assert _signed_in(ward) and _signed_in(home)
    member_without_role.set_password("een heel nieuw wachtwoord 42")
    member_without_role.save(update_fields=["password"])
    _commit()
    assert not _signed_in(ward) and not _signed_in(home)


def test_a_closed_account_is_signed_out_at_its_next_request(member_without_role):
    client = _signed_in_client(member_without_role)
    assert _signed_in(client) and _signed_in(client)
    member_without_role.is_active = False
    member_without_role.save(update_fields=["is_active"])
    _commit()
    assert not _signed_in(client)


def test_the_password_hash_stays_out_of_the_shared_cache(member_without_role):
    client = _signed_in_client(member_without_role)
    for _ in range(3):
        assert _signed_in(client)
    hashed = member_without_role.password.encode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM zorgwijs_cache")
        stored = [base64.b64decode(value) for (value,) in cursor.fetchall()]
    assert stored, "the requests kept something in the cache"
    assert not [blob for blob in stored if hashed in blob]
