"""A person an admin adds is told, once, that they are in and how they will sign in; the admin
is told the same route on screen."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialApp
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import UserFactory
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _add(client, world, email, capture):
    sign_in(client, world.admin_a.user, mfa=True)
    with capture(execute=True):
        response = client.post(
            reverse("organisations:admin_member_add", kwargs={"org_slug": "rivierenland"}),
            {"email": email, "full_name": "Nina Nieuw", "primary_department": world.cathlab.pk},
        )
    assert response.status_code == 302, response.content
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_new_account_gets_one_invitation_with_a_password_link(
    client, world, django_capture_on_commit_callbacks
):
    shown = _add(client, world, "nina@example.org", django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == ["nina@example.org"]]
    assert "Je bent toegevoegd aan Rivierenland Ziekenhuis" in message.subject
    assert "/accounts/password/reset/key/" in message.body
    assert "tweestapsverificatie" not in message.body
    assert any("kiest een wachtwoord via de link" in text for text in shown)


def test_sso_domain_and_two_factors_are_explained(
    client, world, django_capture_on_commit_callbacks
):
    with scopes_disabled():
        app = SocialApp.objects.create(
            provider="openid_connect", provider_id="rivierenland", name="Rivierenland SSO"
        )
        org = world.org_a
        org.sso_app = app
        org.sso_email_domains = "rivierenland.nl"
        org.require_mfa_for_everyone = True
        org.save()
    Authenticator.objects.create(
        user=world.admin_a.user, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    shown = _add(client, world, "nina@rivierenland.nl", django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == ["nina@rivierenland.nl"]]
    assert "werkaccount" in message.body and "/password/reset/" not in message.body
    assert "tweestapsverificatie" in message.body
    assert any("single sign-on" in t and "tweestapsverificatie" in t for t in shown)


def test_an_existing_account_keeps_its_password(client, world, django_capture_on_commit_callbacks):
    existing = UserFactory(email="bestaand@example.org", full_name="Bea Bestaand")
    existing.set_password("Zorgwijs-test-2026")
    existing.save()
    shown = _add(client, world, "bestaand@example.org", django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == ["bestaand@example.org"]]
    assert "bestaande account" in message.body and "/password/reset/" not in message.body
    assert any("had al een account" in text for text in shown)
