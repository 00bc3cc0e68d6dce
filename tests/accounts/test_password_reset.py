"""Password reset by e-mail, delivered over SMTP to a real server (aiosmtpd) in the test."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.accounts.conftest import login
from tests.smtp import smtp_inbox as smtp_server

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nieuw-Wachtwoord-2026!"


@pytest.fixture
def smtp_inbox(settings):
    with smtp_server(settings) as inbox:
        yield inbox


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_reset_password_by_email_over_smtp(client, member_without_role, smtp_inbox):
    person = member_without_role
    page = client.get(reverse("account_reset_password"))
    assert "Wachtwoord vergeten" in page.content.decode()
    assert 'for="id_email"' in page.content.decode()

    response = client.post(reverse("account_reset_password"), {"email": person.email.upper()})
    assert response.status_code == 302
    done = client.get(response.url)
    assert "Kijk in je e-mail" in done.content.decode()

    assert smtp_inbox.received.wait(10), "no e-mail arrived over SMTP"
    (message,) = smtp_inbox.messages
    assert message["X-Envelope-To"] == person.email
    assert message["Subject"] == "Nieuw wachtwoord instellen voor Zorgwijs"
    body = _body(message)
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    response = client.get("/" + path)
    assert response.status_code == 302  # allauth moves the key out of the URL into the session
    form_url = response.url
    page = client.get(form_url)
    html = page.content.decode()
    assert "Nieuw wachtwoord instellen" in html
    assert 'for="id_password1"' in html and 'for="id_password2"' in html

    too_short = client.post(form_url, {"password1": "kort", "password2": "kort"})
    assert 'id="id_password1-error"' in too_short.content.decode()

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert "Wachtwoord gewijzigd" in client.get(response.url).content.decode()

    assert login(client, person.email).status_code == 200  # the old password no longer works
    assert login(client, person.email, NEW_PASSWORD).status_code == 302
    assert int(client.session["_auth_user_id"]) == person.pk

    # The link works once.
    client.post(reverse("account_logout"))
    reused = client.get("/" + path, follow=True)
    assert "Link werkt niet meer" in reused.content.decode()


def test_no_mail_for_unknown_addresses_and_the_same_answer(client, world, smtp_inbox):
    response = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    assert response.status_code == 302  # no hint whether the address has an account
    assert not smtp_inbox.received.wait(1)
