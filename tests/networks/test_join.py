"""Someone outside the member organisations joins an open network from nothing: an account on
the join page, the address confirmed by the mailed link, the terms accepted, then taking part.
Accounts have no self sign-up elsewhere (accounts/adapters.py), so this is their only way in."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from tests.factories import UserFactory
from tests.networks.factories import make_event, make_network
from tests.signin import sign_in
from zorgwijs.accounts.models import User
from zorgwijs.audit.models import AuditEntry
from zorgwijs.networks.models import NetworkRole, Registration, RoleKind

PASSWORD = "Een-lang-wachtwoord-2026"


@pytest.fixture(autouse=True)
def immediate_mail(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _join(network) -> str:
    return reverse("networks:join", kwargs={"network_slug": network.slug})


def _signup(client: Client, network, email: str, *, password2: str = PASSWORD, **extra):
    data = {
        "full_name": "Nina Nieuw",
        "email": email,
        "password1": PASSWORD,
        "password2": password2,
        **extra,
    }
    return client.post(_join(network), data)


def _link(message) -> str:
    match = re.search(r"https?://\S+?(/netwerken/\S+)", message.body)
    assert match is not None, message.body
    return match.group(1)


def test_an_individual_makes_an_account_confirms_it_joins_and_registers(
    network, django_capture_on_commit_callbacks
):
    client = Client()
    page = client.get(_join(network)).content.decode()
    assert "Account maken" in page and 'name="password1"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client, network, "nina@example.net")
    assert response.status_code == 302 and response["Location"] == _join(network)
    page = client.get(_join(network)).content.decode()
    assert "We hebben een e-mail gestuurd naar nina@example.net" in page
    assert "Account maken" in client.get(_join(network)).content.decode()  # shown once
    person = User.objects.get(email="nina@example.net")
    assert person.full_name == "Nina Nieuw" and person.check_password(PASSWORD)
    assert not EmailAddress.objects.get(user=person).verified
    assert not NetworkRole.objects.filter(user=person).exists()
    assert AuditEntry.objects.filter(action="networks.participant.signed_up").count() == 1
    (message,) = mail.outbox
    assert message.to == ["nina@example.net"]
    link = _link(message)
    assert link.startswith(reverse("networks:join_confirm", kwargs={"network_slug": network.slug}))

    # Opening the link changes nothing (mail scanners open links); its button confirms.
    assert client.get(link).status_code == 200
    assert not EmailAddress.objects.get(user=person).verified
    key = parse_qs(urlsplit(link).query)["sleutel"][0]
    response = client.post(urlsplit(link).path, {"sleutel": key})
    assert response.status_code == 302
    assert (
        response["Location"] == f"{reverse('account_login')}?{urlencode({'next': _join(network)})}"
    )
    assert EmailAddress.objects.get(user=person).verified

    assert client.login(email="nina@example.net", password=PASSWORD)
    response = client.post(_join(network), {})
    assert response.status_code == 400 and 'id="id_accept_terms-error"' in response.content.decode()
    assert client.post(_join(network), {"accept_terms": "on"}).status_code == 302
    assert NetworkRole.objects.filter(user=person, role=RoleKind.PARTICIPANT).exists()
    event = make_event(network)
    client.post(
        reverse("networks:register", kwargs={"network_slug": network.slug, "event_id": event.pk})
    )
    assert Registration.objects.get(user=person).status == "confirmed"


def test_bad_sign_up_input_is_refused_at_the_field_and_keeps_what_was_typed(network):
    client = Client()
    response = _signup(client, network, "nina@example.net", password2="Iets-anders-2026")
    page = response.content.decode()
    assert response.status_code == 400 and 'id="id_password2-error"' in page
    assert "De wachtwoorden zijn niet gelijk." in page
    assert 'value="nina@example.net"' in page and 'value="Nina Nieuw"' in page
    response = client.post(
        _join(network),
        {
            "full_name": "Nina",
            "email": "nina@example.net",
            "password1": "kort",
            "password2": "kort",
        },
    )
    assert response.status_code == 400 and 'id="id_password1-error"' in response.content.decode()
    assert not User.objects.filter(email="nina@example.net").exists()
    assert mail.outbox == []


def test_an_address_with_an_account_gets_a_sign_in_mail_and_the_same_page(
    world, network, django_capture_on_commit_callbacks
):
    existing = world.employee_a.user
    with django_capture_on_commit_callbacks(execute=True):
        client = Client()
        response = _signup(client, network, existing.email.upper())
    assert response.status_code == 302 and response["Location"] == _join(network)
    assert "We hebben een e-mail gestuurd naar" in client.get(_join(network)).content.decode()
    assert User.objects.filter(email__iexact=existing.email).count() == 1
    assert not User.objects.get(pk=existing.pk).check_password(PASSWORD)
    (message,) = mail.outbox
    assert message.to == [existing.email]
    assert "al een account" in message.body and "sleutel" not in message.body


def test_a_wrong_key_is_refused_and_a_signed_in_person_asks_for_a_new_link(
    network, django_capture_on_commit_callbacks
):
    url = reverse("networks:join_confirm", kwargs={"network_slug": network.slug})
    response = Client().post(url, {"sleutel": "geen-sleutel"})
    assert response.status_code == 400 and "klopt niet" in response.content.decode()
    person = UserFactory(email="zonder@example.net")
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    client = sign_in(Client(), person)
    page = client.get(_join(network)).content.decode()
    assert "Bevestig eerst je e-mailadres" in page and 'name="opnieuw"' in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_join(network), {"opnieuw": "1"}).status_code == 302
    (message,) = mail.outbox
    key = parse_qs(urlsplit(_link(message)).query)["sleutel"][0]
    response = client.post(url, {"sleutel": key})
    assert response.status_code == 302 and response["Location"] == _join(network)
    assert EmailAddress.objects.get(user=person).verified


def test_no_sign_up_for_a_network_closed_to_individuals(world):
    closed = make_network(world.org_a, public=True, open_to_individuals=False, slug="dicht")
    assert Client().get(_join(closed)).status_code == 404
    response = _signup(Client(), closed, "nina@example.net")
    assert response.status_code == 404
    assert not User.objects.filter(email="nina@example.net").exists()


def test_a_signed_in_person_of_another_organisation_joins_at_once_without_a_mail(
    world, network, django_capture_on_commit_callbacks
):
    """Their organisation vouches for their address (HR import, invitation or its single
    sign-on), so no link is mailed: they accept the terms and take part."""
    person = world.outsider_b.user  # works at B, which is not a member
    client = sign_in(Client(), person)
    page = client.get(_join(network)).content.decode()
    assert 'name="accept_terms"' in page and "Bevestig eerst" not in page
    response = client.post(_join(network), {})
    assert response.status_code == 400 and 'id="id_accept_terms-error"' in response.content.decode()
    assert not NetworkRole.objects.filter(user=person).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_join(network), {"accept_terms": "on"})
    assert response.status_code == 302
    role = NetworkRole.objects.get(user=person, network=network)
    assert role.role == RoleKind.PARTICIPANT and role.terms_accepted_at is not None
    entry = AuditEntry.objects.get(action="networks.participant.joined")
    assert entry.actor_id == person.pk and entry.data["network"] == network.pk
    assert mail.outbox == []
    assert "Je doet al mee met dit netwerk." in client.get(_join(network)).content.decode()


def test_allauth_marking_the_address_unverified_does_not_hold_up_an_organisations_person(
    world, network
):
    """allauth records the address unverified when it mails a password-reset link; the
    organisation still vouches for it."""
    person = world.outsider_b.user
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    client = sign_in(Client(), person)
    assert client.post(_join(network), {"accept_terms": "on"}).status_code == 302
    assert NetworkRole.objects.filter(user=person, role=RoleKind.PARTICIPANT).exists()


def test_a_signed_in_person_with_a_confirmed_address_joins_at_once(network):
    person = UserFactory(email="bevestigd@example.net")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    client = sign_in(Client(), person)
    assert 'name="accept_terms"' in client.get(_join(network)).content.decode()
    assert client.post(_join(network), {"accept_terms": "on"}).status_code == 302
    assert NetworkRole.objects.filter(user=person, role=RoleKind.PARTICIPANT).exists()
    assert mail.outbox == []


def test_an_unconfirmed_person_without_organisation_cannot_skip_the_mail(
    network, django_capture_on_commit_callbacks
):
    """Someone who left their organisation (no allauth record of the address) or made their
    own account and never opened the link: the page asks to confirm; accepting is refused."""
    person = UserFactory(email="vertrokken@example.net")
    client = sign_in(Client(), person)
    page = client.get(_join(network)).content.decode()
    assert "Bevestig eerst je e-mailadres" in page and 'name="accept_terms"' not in page
    response = client.post(_join(network), {"accept_terms": "on"})
    assert response.status_code == 400 and "Bevestig eerst je e-mailadres" in (
        response.content.decode()
    )
    assert not NetworkRole.objects.filter(user=person).exists()
    assert not AuditEntry.objects.filter(action="networks.participant.joined").exists()
    # The link can be sent: the address gets allauth's record to confirm.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_join(network), {"opnieuw": "1"}).status_code == 302
    (message,) = mail.outbox
    assert message.to == [person.email] and "sleutel" in message.body
    assert not EmailAddress.objects.get(user=person).verified


def test_someone_signed_out_keeps_the_mail_round_trip(world, network):
    """Signed out, the join page makes an account and mails the link; nobody joins yet."""
    client = Client()
    page = client.get(_join(network)).content.decode()
    assert 'name="password1"' in page and 'name="accept_terms"' not in page
    response = client.post(_join(network), {"accept_terms": "on"})
    assert response.status_code == 400
    assert not NetworkRole.objects.filter(role=RoleKind.PARTICIPANT).exists()
