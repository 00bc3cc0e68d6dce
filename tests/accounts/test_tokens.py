"""Personal access tokens: the page under /account/tokens/ and ``manage.py zorgwijs_token``."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.signin import sign_in
from zorgwijs.accounts.models import AccessToken
from zorgwijs.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _usable(secret: str) -> bool:
    return AccessToken.objects.usable().filter(token_hash=AccessToken.hash_secret(secret)).exists()


def test_tokens_page_needs_sign_in(client):
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_create_shows_the_secret_once_then_revoke(client, member_without_role):
    sign_in(client, member_without_role)
    page = client.get(reverse("accounts:tokens"))
    html = page.content.decode()
    assert "Je hebt nog geen tokens." in html
    assert 'for="id_name"' in html and 'for="id_expires_on"' in html

    response = client.post(reverse("accounts:tokens"), {"name": "Roosterkoppeling"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    secret = re.search(r'id="new-token-secret">(zw_[^<]+)<', html).group(1)
    assert "je ziet het hierna nooit meer" in html
    assert _usable(secret)
    token = AccessToken.objects.get(user=member_without_role)
    assert token.token_hash != secret and secret not in token.hint + token.name
    assert AuditEntry.objects.filter(
        action="accounts.access_token.created", actor_id=member_without_role.pk
    ).exists()

    listing = client.get(reverse("accounts:tokens")).content.decode()
    assert "Roosterkoppeling" in listing and secret not in listing and token.hint in listing

    response = client.post(
        reverse("accounts:token_revoke", kwargs={"token_id": token.pk}), follow=True
    )
    assert "is ingetrokken" in response.content.decode()
    assert not _usable(secret)
    assert AuditEntry.objects.filter(action="accounts.access_token.revoked").exists()


def test_cannot_revoke_someone_elses_token(client, world):
    from zorgwijs.accounts.services import access_token_create

    token, secret = access_token_create(user=world.colleague_a.user, name="Van Carl")
    sign_in(client, world.employee_a.user)
    response = client.post(reverse("accounts:token_revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 404
    assert _usable(secret)
    assert "Van Carl" not in client.get(reverse("accounts:tokens")).content.decode()


def test_name_is_required_and_expiry_not_in_the_past(client, member_without_role):
    sign_in(client, member_without_role)
    response = client.post(reverse("accounts:tokens"), {"name": "", "expires_on": "2001-01-01"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_name-error"' in html and 'id="id_expires_on-error"' in html
    assert "Kies een datum vanaf vandaag." in html
    assert not AccessToken.objects.exists()


def test_revoke_needs_post(client, member_without_role):
    sign_in(client, member_without_role)
    response = client.get(reverse("accounts:token_revoke", kwargs={"token_id": 1}))
    assert response.status_code == 405


def test_management_command_prints_a_new_token(member_without_role):
    out = io.StringIO()
    call_command("zorgwijs_token", member_without_role.email.upper(), "--name", "CI", stdout=out)
    secret = out.getvalue().strip()
    assert secret.startswith(AccessToken.PREFIX)
    assert _usable(secret)
    assert AccessToken.objects.get(user=member_without_role).name == "CI"


def test_management_command_refuses_unknown_people(world):
    with pytest.raises(CommandError):
        call_command("zorgwijs_token", "niemand@example.org")
