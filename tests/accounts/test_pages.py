"""Every sign-in and account page: in the shell, Dutch, a label for every field, and every
``aria-describedby`` pointing at something that exists."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.accounts.conftest import login

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "account_login",
    "account_reset_password",
    "accounts:sso_start",
    "account_signup",
    "account_reset_password_done",
]
SIGNED_IN_PAGES = [
    "mfa_activate_totp",
    "mfa_index",
    "accounts:tokens",
    "account_change_password",
    "socialaccount_connections",
    "account_logout",
    "accounts:who_viewed",
]


def _check(html: str, name: str) -> None:
    assert 'class="zw-header"' in html, name
    assert 'lang="nl"' in html, name
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(hidden|submit)"', tag):
            continue
        field_id = re.search(r'\sid="([^"]+)"', tag)
        assert field_id, f"{name}: field without id: {tag}"
        assert f'for="{field_id.group(1)}"' in html, f"{name}: no label for {tag}"
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        for target in described.split():
            assert target in ids, f"{name}: aria-describedby={target} points nowhere"
    for english in ("Sign In", "Password Reset", "Forgot your password", "Two-Factor"):
        assert english not in html, f"{name}: English text {english!r}"


def test_anonymous_pages(client):
    for name in ANONYMOUS_PAGES:
        response = client.get(reverse(name))
        assert response.status_code in (200, 400), name
        _check(response.content.decode(), name)


def test_signed_in_pages(client, member_without_role):
    login(client, member_without_role.email)
    for name in SIGNED_IN_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, (name, response)
        _check(response.content.decode(), name)


def test_pages_with_errors(client, member_without_role):
    for url, data in (
        (reverse("account_login"), {"login": "x", "password": ""}),
        (reverse("account_reset_password"), {"email": "geen-adres"}),
        (reverse("accounts:sso_start"), {"email": "geen-adres"}),
    ):
        _check(client.post(url, data).content.decode(), url)
    login(client, member_without_role.email)
    for url, data in (
        (reverse("mfa_activate_totp"), {"code": "1"}),
        (reverse("accounts:tokens"), {"name": ""}),
    ):
        _check(client.post(url, data).content.decode(), url)
