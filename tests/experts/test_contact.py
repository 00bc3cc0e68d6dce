"""Contact requests: relayed by e-mail without the sender's address, addresses exchanged only
on acceptance, rate limits, and the whole flow through the task queue and a real SMTP server."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from tests.experts.conftest import make_profile
from tests.factories import UserFactory
from tests.signin import sign_in
from tests.smtp import smtp_inbox
from zorgwijs.audit.models import AuditEntry
from zorgwijs.experts.models import ContactRequest, ContactStatus, Reach
from zorgwijs.experts.services import (
    MAX_REQUESTS_PER_DAY,
    contact_request_accept,
    contact_request_decline,
    contact_request_send,
)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def _deliver() -> None:
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )


@pytest.fixture
def inbox(settings):
    settings.TASKS = DB_TASKS
    with smtp_inbox(settings) as handler:
        yield handler


@pytest.mark.django_db(transaction=True)
def test_accept_flow_over_smtp_exchanges_addresses_only_on_acceptance(world, inbox):
    sender, expert = world.outsider_b.user, world.employee_a.user
    expert.language = "en"
    expert.save(update_fields=["language"])
    profile = make_profile(expert)
    client = sign_in(Client(), sender)
    response = client.post(
        f"/mensen/{profile.pk}/contact/", {"message": "Hoe pakten jullie de valpreventie aan?"}
    )
    contact = ContactRequest.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/mensen/verzoeken/{contact.pk}/"
    )
    _deliver()
    [request_mail] = inbox.to(expert.email)
    assert "valpreventie aan?" in _text(request_mail)
    assert request_mail["Subject"] == f"{sender.full_name} would like to get in touch with you"
    assert "valpreventie aan?" in _html(request_mail)
    assert sender.email not in request_mail.as_string(), "the sender's address is never relayed"
    # Before acceptance neither side sees the other's address, on the page or in the API.
    assert sender.email not in client.get(contact.get_absolute_url()).content.decode()
    recipient = sign_in(Client(), expert)
    assert sender.email not in recipient.get(contact.get_absolute_url()).content.decode()
    assert recipient.get("/api/v1/contact-requests").json()[0]["other_email"] is None

    assert recipient.post(f"/mensen/verzoeken/{contact.pk}/accepteren/").status_code == 302
    _deliver()
    [to_sender] = inbox.to(sender.email)
    [to_expert] = [m for m in inbox.to(expert.email) if m is not request_mail]
    assert expert.email in _text(to_sender) and sender.email in _text(to_expert)
    assert expert.email in _html(to_sender) and "e-mail each other directly" in _text(to_expert)
    assert expert.email in client.get(contact.get_absolute_url()).content.decode()
    assert client.get("/api/v1/contact-requests").json()[0]["other_email"] == expert.email
    mine = AuditEntry.objects.filter(action__startswith="experts.").order_by("pk")
    assert list(mine.values_list("action", flat=True)) == [
        "experts.contact.sent",
        "experts.contact.accepted",
    ]


@pytest.mark.django_db(transaction=True)
def test_decline_tells_the_sender_politely_without_any_address(world, inbox):
    sender, expert = world.outsider_b.user, world.employee_a.user
    profile = make_profile(expert)
    contact = contact_request_send(actor=sender, profile=profile, message="Mag ik bellen?")
    api = sign_in(Client(), expert)
    answer = api.post(
        "/api/v1/contact-requests/decline",
        {"contact_request_id": contact.pk},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["other_email"] is None
    _deliver()
    [declined] = inbox.to(sender.email)
    assert "helaas" in _text(declined)
    assert expert.email not in declined.as_string()
    page = sign_in(Client(), sender).get(contact.get_absolute_url()).content.decode()
    assert expert.email not in page and "helaas niet" in page
    assert (
        api.post(
            "/api/v1/contact-requests/accept",
            {"contact_request_id": contact.pk},
            content_type="application/json",
        ).status_code
        == 409
    )


@pytest.mark.django_db
def test_only_the_recipient_answers_and_outsiders_see_nothing(world):
    profile = make_profile(world.employee_a.user)
    contact = contact_request_send(actor=world.admin_a.user, profile=profile, message="Hallo")
    for user in (world.admin_a.user, world.outsider_b.user, world.colleague_a.user):
        client = sign_in(Client(), user)
        assert client.post(f"/mensen/verzoeken/{contact.pk}/accepteren/").status_code == 404
        assert (
            client.post(
                "/api/v1/contact-requests/accept",
                {"contact_request_id": contact.pk},
                content_type="application/json",
            ).status_code
            == 404
        )
    assert (
        sign_in(Client(), world.outsider_b.user).get(contact.get_absolute_url()).status_code == 404
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.OPEN


@pytest.mark.django_db
def test_rate_limit_five_a_day_with_a_clear_dutch_message(world):
    sender = world.outsider_b.user
    profiles = [make_profile(UserFactory()) for _ in range(MAX_REQUESTS_PER_DAY + 1)]
    now = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=False):
        for profile in profiles[:MAX_REQUESTS_PER_DAY]:
            contact_request_send(actor=sender, profile=profile, message="Vraagje")
        client = sign_in(Client(), sender)
        refused = client.post(f"/mensen/{profiles[-1].pk}/contact/", {"message": "Nog een"})
        assert refused.status_code == 400
        assert "maximum" in refused.content.decode() and "morgen" in refused.content.decode()
        api = client.post(
            "/api/v1/contact-requests",
            {"expert_id": profiles[-1].pk, "message": "Nog een"},
            content_type="application/json",
        )
        assert api.status_code == 400 and "maximum" in api.json()["errors"]["message"][0]
    assert ContactRequest.objects.count() == MAX_REQUESTS_PER_DAY
    with time_machine.travel(now + datetime.timedelta(days=1, minutes=1), tick=False):
        contact_request_send(actor=sender, profile=profiles[-1], message="Nu wel")


@pytest.mark.django_db
def test_one_open_request_per_pair_in_either_direction(world):
    a, b = world.admin_a.user, world.employee_a.user
    profile_a, profile_b = make_profile(a), make_profile(b)
    first = contact_request_send(actor=a, profile=profile_b, message="Eerste")
    with pytest.raises(ValidationError, match="al een verzoek gestuurd"):
        contact_request_send(actor=a, profile=profile_b, message="Tweede")
    with pytest.raises(ValidationError, match="Beantwoord dat eerst"):
        contact_request_send(actor=b, profile=profile_a, message="Terug")
    api = sign_in(Client(), a).post(
        "/api/v1/contact-requests",
        {"expert_id": profile_b.pk, "message": "Tweede"},
        content_type="application/json",
    )
    assert api.status_code == 409
    contact_request_decline(actor=b, contact=first)
    contact_request_send(actor=a, profile=profile_b, message="Opnieuw, na het antwoord")


@pytest.mark.django_db
def test_no_requests_to_oneself_hidden_profiles_or_out_of_reach(world):
    own = make_profile(world.employee_a.user)
    hidden = make_profile(world.colleague_a.user, listed=False)
    inside = make_profile(world.admin_a.user, reach=Reach.ORGANISATION)
    client = sign_in(Client(), world.employee_a.user)
    assert client.post(f"/mensen/{own.pk}/contact/", {"message": "Hoi"}).status_code == 400
    outsider = sign_in(Client(), world.outsider_b.user)
    for profile in (hidden, inside):
        assert (
            outsider.post(f"/mensen/{profile.pk}/contact/", {"message": "Hoi"}).status_code == 404
        )
        assert (
            outsider.post(
                "/api/v1/contact-requests",
                {"expert_id": profile.pk, "message": "Hoi"},
                content_type="application/json",
            ).status_code
            == 404
        )
    assert not ContactRequest.objects.exists()


@pytest.mark.django_db
def test_accept_twice_is_refused_and_changes_nothing(world):
    profile = make_profile(world.employee_a.user)
    contact = contact_request_send(actor=world.admin_a.user, profile=profile, message="Hallo")
    contact_request_accept(actor=world.employee_a.user, contact=contact)
    with pytest.raises(ValidationError):
        contact_request_decline(actor=world.employee_a.user, contact=contact)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.ACCEPTED
    inbox = sign_in(Client(), world.employee_a.user).get("/mensen/verzoeken/").content.decode()
    assert world.admin_a.user.full_name in inbox


@pytest.mark.django_db
def test_the_profile_points_to_the_open_request_instead_of_a_second_form(world):
    profile = make_profile(world.employee_a.user)
    sender_profile = make_profile(world.admin_a.user)
    contact = contact_request_send(actor=world.admin_a.user, profile=profile, message="Hallo")
    page = sign_in(Client(), world.admin_a.user).get(profile.get_absolute_url()).content.decode()
    assert "Je verzoek wacht nog op antwoord" in page and contact.get_absolute_url() in page
    assert 'name="message"' not in page
    recipient = sign_in(Client(), world.employee_a.user)
    assert (
        sender_profile.get_absolute_url()
        in recipient.get(contact.get_absolute_url()).content.decode()
    )
