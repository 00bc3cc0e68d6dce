"""Failed sign-ins lock the account that was tried, not everyone behind the same address.

A hospital's staff reach Zorgwijs from one NAT address: one person typing a wrong password five
times must not keep their colleagues out. The locked-out person gets a message with the way in
(a new password by e-mail), and that way works at once.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import login
from tests.smtp import smtp_inbox as smtp_server

pytestmark = pytest.mark.django_db

HOSPITAL_NAT = "10.0.0.1"
NEW_PASSWORD = "Nieuw-Wachtwoord-2026!"


@pytest.fixture
def smtp_inbox(settings):
    with smtp_server(settings) as inbox:
        yield inbox


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_one_persons_wrong_passwords_do_not_lock_out_colleagues_on_the_same_address(world):
    x, y = world.employee_a.user, world.colleague_a.user
    x_client, y_client = Client(REMOTE_ADDR=HOSPITAL_NAT), Client(REMOTE_ADDR=HOSPITAL_NAT)
    for _ in range(5):
        response = login(x_client, x.email, "fout-wachtwoord-1")
        assert "Het e-mailadres of het wachtwoord klopt niet." in response.content.decode()

    assert login(y_client, y.email).status_code == 302
    assert _signed_in(y_client)

    # X is locked, even with the right password, and is told how to get in.
    response = login(x_client, x.email)
    html = response.content.decode()
    assert not _signed_in(x_client)
    assert "Te veel mislukte inlogpogingen" in html
    assert "Wachtwoord vergeten?" in html and "nieuw wachtwoord" in html
    assert reverse("account_reset_password") in html


def test_a_password_spray_from_one_address_still_hits_a_ceiling(world, settings):
    x, y = world.employee_a.user, world.colleague_a.user
    rates = settings.ACCOUNT_RATE_LIMITS["login_failed"]
    ceiling = int(re.search(r"(\d+)/[^,]*/ip", rates).group(1))
    assert ceiling >= 20  # generous: a hospital's whole staff shares the address
    sprayer = Client(REMOTE_ADDR="192.0.2.7")
    for i in range(ceiling):
        login(sprayer, f"gok{i}@example.org", "Welkom01!")
    response = login(Client(REMOTE_ADDR="192.0.2.7"), y.email)
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    # Other addresses are not affected.
    assert login(Client(REMOTE_ADDR=HOSPITAL_NAT), x.email).status_code == 302


def test_a_new_password_by_email_lifts_the_lock_at_once(world, smtp_inbox):
    x = world.employee_a.user
    client = Client(REMOTE_ADDR=HOSPITAL_NAT)
    for _ in range(5):
        login(client, x.email, "fout-wachtwoord-1")
    assert "Te veel mislukte inlogpogingen" in login(client, x.email).content.decode()

    assert client.post(reverse("account_reset_password"), {"email": x.email}).status_code == 302
    assert smtp_inbox.received.wait(10), "no e-mail arrived over SMTP"
    (message,) = smtp_inbox.messages
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", body).group(0)
    form_url = client.get("/" + link.split("://", 1)[1].split("/", 1)[1]).url
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    response = login(client, x.email, NEW_PASSWORD)
    assert response.status_code == 302, response.content.decode()
    assert _signed_in(client)
