"""Password sign-in: the pages, session rotation, audit, rate limiting, closed sign-up."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from tests.accounts.conftest import login
from tests.factories import PASSWORD
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_login_page_renders_in_the_shell_in_dutch(client):
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="zw-header"' in html and "utrecht-theme" in html
    assert '<h1 class="utrecht-heading-1">Inloggen</h1>' in html
    assert 'for="id_login"' in html and 'for="id_password"' in html
    assert "utrecht-textbox" in html
    assert "Wachtwoord vergeten?" in html and reverse("account_reset_password") in html
    assert "Inloggen met je organisatie (SSO)" in html
    assert reverse("accounts:sso_start") in html
    assert 'for="id_sso_email"' in html


def test_every_input_on_the_login_page_has_a_label(client):
    import re

    html = client.get(reverse("account_login")).content.decode()
    inputs = re.findall(r"<input[^>]*>", html)
    for tag in inputs:
        if 'type="hidden"' in tag:
            continue
        input_id = re.search(r'id="([^"]+)"', tag).group(1)
        assert f'for="{input_id}"' in html, tag


def test_sign_in_rotates_the_session_and_is_audited(client, member_without_role):
    session = client.session  # an anonymous session, as a visitor who browsed first has
    session["zw_probe"] = "anoniem"
    session.save()
    anonymous_key = session.session_key
    response = login(client, member_without_role.email)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    signed_in_key = client.session.session_key
    assert signed_in_key and signed_in_key != anonymous_key
    assert not SessionStore().exists(anonymous_key)  # the old key is gone, not just unused
    assert client.get(reverse("core:home")).context["user"] == member_without_role
    entry = AuditEntry.objects.get(action="accounts.signed_in")
    assert entry.kind == "signin"
    assert entry.actor_id == member_without_role.pk
    assert entry.subject_user_id == member_without_role.pk
    assert entry.ip_address == "127.0.0.1"
    assert entry.data["methods"] == ["password"]


def test_wrong_password_is_refused_and_audited_without_actor(client, member_without_role):
    response = login(client, member_without_role.email, "niet-het-wachtwoord")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Het e-mailadres of het wachtwoord klopt niet." in html
    assert 'role="alert"' in html
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action="accounts.sign_in_failed")
    assert entry.kind == "signin"
    assert entry.actor_id is None
    assert entry.subject_user_id == member_without_role.pk
    assert entry.data == {"email": member_without_role.email, "method": "password"}


def test_failed_sign_in_for_unknown_address_has_no_subject(client, world):
    login(client, "niemand@example.org", "wat-dan-ook-123")
    entry = AuditEntry.objects.get(action="accounts.sign_in_failed")
    assert entry.actor_id is None and entry.subject_user_id is None
    assert entry.data["email"] == "niemand@example.org"


def test_missing_fields_show_errors_next_to_the_fields(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    html = response.content.decode()
    assert 'id="id_login-error"' in html and 'id="id_password-error"' in html
    assert 'aria-describedby="id_login-error"' in html
    assert "utrecht-form-field--invalid" in html


def test_repeated_failures_are_rate_limited_with_a_dutch_message(client, member_without_role):
    for _ in range(5):
        response = login(client, member_without_role.email, "fout-wachtwoord-1")
        assert "Het e-mailadres of het wachtwoord klopt niet." in response.content.decode()
    # Even the right password is refused now.
    response = login(client, member_without_role.email)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Te veel mislukte inlogpogingen" in html
    assert "_auth_user_id" not in client.session
    refused = AuditEntry.objects.filter(action="accounts.sign_in_failed")
    assert refused.count() == 6
    assert refused.filter(data__reason="rate_limited").count() == 1


def test_rate_limit_is_per_address_too(client, world):
    victim = world.employee_a.user
    for i in range(5):
        login(client, victim.email, "fout-wachtwoord-1", REMOTE_ADDR=f"10.0.0.{i + 1}")
    response = login(client, victim.email, REMOTE_ADDR="10.0.0.99")
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    # Another person from the same addresses can still sign in.
    response = login(client, world.colleague_a.user.email, REMOTE_ADDR="10.0.0.98")
    assert response.status_code == 302


def test_self_sign_up_is_closed(client, world):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "Je kunt hier niet zelf een account maken" in response.content.decode()
    count = type(world.employee_a.user).objects.count()
    client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "password1": "Een-lang-wachtwoord-9",
            "password2": "Een-lang-wachtwoord-9",
        },
    )
    assert type(world.employee_a.user).objects.count() == count


def test_logout_page_and_logout(client, member_without_role):
    sign_in(client, member_without_role)
    response = client.get(reverse("account_logout"))
    assert "Weet je zeker dat je je wilt afmelden?" in response.content.decode()
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_who_viewed_my_data_lists_my_sign_ins(client, member_without_role):
    login(client, member_without_role.email)
    response = client.get(reverse("accounts:who_viewed"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wie heeft mijn gegevens bekeken" in html
    assert "accounts.signed_in" in html


def test_django_admin_has_no_login_form_of_its_own(client, member_without_role):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    client.post(
        "/django-admin/login/", {"username": member_without_role.email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
