"""Sign-up of organisations: the public application, the platform admin's decision and the
invited first admin, with e-mail delivered over a real SMTP server."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.accounts.conftest import login
from tests.signin import sign_in
from tests.smtp import smtp_inbox
from zorgwijs.accounts.models import User
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import (
    Membership,
    Organisation,
    OrganisationApplication,
    RoleAssignment,
)
from zorgwijs.organisations.services.applications import (
    PER_IP_PER_HOUR,
    application_approve,
    application_decline,
    application_submit,
)

pytestmark = pytest.mark.django_db

PASSWORD = "Een-Sterk-Wachtwoord-2026!"
APPLY = "/organisatie-aanmelden/"


def _form(**extra) -> dict:
    return {
        "name": "Zorggroep De Linde",
        "kind": "vvt",
        "province": "gelderland",
        "region": "Achterhoek",
        "contact_name": "Linda de Linde",
        "contact_email": "linda@delinde.example",
        "contact_phone": "0314 123 456",
        "motivation": "Wij willen bekwaamheden bijhouden en leren van projecten in de regio.",
        **extra,
    }


def _run_worker() -> None:
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def inbox(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with smtp_inbox(settings) as handler:
        yield handler


@pytest.mark.django_db(transaction=True)
def test_apply_approve_and_the_invited_admin_sets_a_password(world, platform_admin, inbox):
    page = Client().get(APPLY)
    assert page.status_code == 200 and "Uw organisatie aanmelden" in page.content.decode()
    response = Client().post(APPLY, _form())
    assert response.status_code == 302 and response.url == reverse("signup:sent")
    application = OrganisationApplication.objects.get()
    _run_worker()
    (received,) = inbox.to("linda@delinde.example")
    assert "Zorggroep De Linde" in received["Subject"]
    assert "beheerder van het platform bekijkt" in _text(received)

    admin = sign_in(Client(), platform_admin, mfa=True)
    queue = admin.get("/platform/aanmeldingen/").content.decode()
    assert "Zorggroep De Linde" in queue
    detail = admin.get(f"/platform/aanmeldingen/{application.pk}/")
    assert "Wij willen bekwaamheden" in detail.content.decode()
    response = admin.post(f"/platform/aanmeldingen/{application.pk}/goedkeuren/")
    assert response.status_code == 302

    organisation = Organisation.objects.get(name="Zorggroep De Linde")
    assert organisation.slug == "zorggroep-de-linde" and organisation.kind == "vvt"
    user = User.objects.get(email="linda@delinde.example")
    assert not user.has_usable_password()
    with scopes_disabled():
        membership = Membership.objects.get(organisation=organisation, user=user)
        assert RoleAssignment.objects.filter(membership=membership, role="admin").exists()
    application.refresh_from_db()
    assert application.status == "approved" and application.organisation == organisation
    assert application.ip_address is None  # kept only while the rate limit needs it
    entry = AuditEntry.objects.get(action="organisations.application.approved")
    assert entry.actor_id == platform_admin.pk and entry.organisation_id == organisation.pk

    _run_worker()
    invitation = inbox.to("linda@delinde.example")[-1]
    body = _text(invitation)
    assert "eerste beheerder" in body and "tweestapsverificatie" in body
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    invited = Client()
    response = invited.get(path)
    assert response.status_code == 302
    form_url = response.url
    response = invited.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.has_usable_password()

    response = login(invited, user.email, PASSWORD)
    assert response.status_code == 302
    # An admin must use two factors: the next page is the set-up of the authenticator app.
    response = invited.get(f"/o/{organisation.slug}/beheer/")
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


@pytest.mark.django_db(transaction=True)
def test_decline_needs_a_reason_and_tells_the_applicant(world, platform_admin, inbox):
    application = application_submit(data=_form())
    admin = sign_in(Client(), platform_admin, mfa=True)
    url = f"/platform/aanmeldingen/{application.pk}/afwijzen/"
    response = admin.post(url, {"reason": ""})
    assert response.status_code == 400 and 'id="id_reason-error"' in response.content.decode()
    response = admin.post(url, {"reason": "Geen zorgorganisatie."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "declined"
    assert application.decline_reason == "Geen zorgorganisatie."
    assert not Organisation.objects.filter(name="Zorggroep De Linde").exists()
    assert AuditEntry.objects.filter(action="organisations.application.declined").exists()
    _run_worker()
    declined = inbox.to("linda@delinde.example")[-1]
    assert "Geen zorgorganisatie." in _text(declined)
    with pytest.raises(ValidationError):  # decided once
        application_approve(actor=platform_admin, application=application)


def test_bad_input_is_refused_at_the_field_and_nothing_is_stored(world):
    client = Client()
    cases = {
        "name": _form(name=""),
        "kind": _form(kind="bakkerij"),
        "province": _form(province=""),
        "contact_email": _form(contact_email="geen-adres"),
        "contact_phone": _form(contact_phone="bel me maar"),
        "motivation": _form(motivation="Graag."),
    }
    for field, data in cases.items():
        response = client.post(APPLY, data)
        assert response.status_code == 400, field
        assert f'id="id_{field}-error"' in response.content.decode(), field
    assert OrganisationApplication.objects.count() == 0


def test_existing_organisations_and_open_applications_are_duplicates(world):
    response = Client().post(APPLY, _form(name="rivierenland  ZIEKENHUIS"))
    assert response.status_code == 400
    assert "staat al op Zorgwijs" in response.content.decode()
    application_submit(data=_form())
    again = Client().post(APPLY, _form(name="Zorggroep de Linde!", contact_email="x@y.example"))
    assert "al een aanmelding in behandeling" in again.content.decode()
    same_mail = Client().post(APPLY, _form(name="Andere Zorg"))
    assert 'id="id_contact_email-error"' in same_mail.content.decode()
    assert OrganisationApplication.objects.count() == 1


def test_applications_are_rate_limited_per_address(world):
    client = Client()
    for number in range(PER_IP_PER_HOUR):
        response = client.post(
            APPLY, _form(name=f"Zorg {number}", contact_email=f"c{number}@zorg.example")
        )
        assert response.status_code == 302
    response = client.post(APPLY, _form(name="Zorg extra", contact_email="extra@zorg.example"))
    assert response.status_code == 400
    assert "Probeer het over een uur" in response.content.decode()
    OrganisationApplication.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    response = client.post(APPLY, _form(name="Zorg extra", contact_email="extra@zorg.example"))
    assert response.status_code == 302


def test_approving_an_existing_account_keeps_its_password_and_slugs_stay_unique(
    world, platform_admin
):
    with scopes_disabled():
        Organisation.objects.create(name="Iets anders", slug="zorggroep-de-linde", kind="vvt")
    existing = world.outsider_b.user
    application = application_submit(data=_form(contact_email=existing.email.upper()))
    organisation = application_approve(actor=platform_admin, application=application)
    assert organisation.slug == "zorggroep-de-linde-2"
    existing.refresh_from_db()
    assert existing.has_usable_password()
    with scopes_disabled():
        assert Membership.objects.filter(organisation=organisation, user=existing).exists()


def test_only_platform_admins_see_and_decide_applications(world):
    application = application_submit(data=_form())
    for user in (world.admin_a.user, world.outsider_b.user):
        client = sign_in(Client(), user, mfa=True)
        assert client.get("/platform/aanmeldingen/").status_code == 403
        url = f"/platform/aanmeldingen/{application.pk}/goedkeuren/"
        assert client.post(url).status_code == 403
    assert Client().get("/platform/aanmeldingen/").status_code == 302
    with pytest.raises(ValidationError):
        application_decline(actor=world.admin_a.user, application=application, reason="")
    application.refresh_from_db()
    assert application.status == "open"


API = "/api/v1/organisation-applications"


def _api_post(client, data):
    return client.post(API, data=json.dumps(data), content_type="application/json")


def test_api_application_is_public_and_has_the_same_checks(world):
    client = Client()
    response = _api_post(client, _form())
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "open"
    assert OrganisationApplication.objects.get().contact_email == "linda@delinde.example"

    duplicate = _api_post(client, _form(contact_email="ander@delinde.example"))
    assert duplicate.status_code == 409
    bad = _api_post(client, _form(name="Andere Zorg", contact_email="geen-adres"))
    assert bad.status_code == 400 and "contact_email" in bad.json()["errors"]
    extra = _api_post(client, {**_form(name="Nog een"), "status": "approved"})
    assert extra.status_code == 422  # undocumented fields are refused
    assert OrganisationApplication.objects.count() == 1


def test_api_applications_are_rate_limited_per_address(world):
    client = Client()
    for number in range(PER_IP_PER_HOUR):
        data = _form(name=f"Zorg {number}", contact_email=f"c{number}@zorg.example")
        assert _api_post(client, data).status_code == 201
    response = _api_post(client, _form(name="Zorg extra", contact_email="extra@zorg.example"))
    assert response.status_code == 400
    assert "Probeer het over een uur" in response.json()["detail"]


def test_applicants_get_their_emails_in_the_language_they_used(world, platform_admin):
    from zorgwijs.core.email import email_render, email_render_to_address

    context = {"organisation": "Zorggroep De Linde", "contact_name": "Linda", "reason": "Dubbel."}
    received = email_render_to_address(
        address="linda@delinde.example",
        language="en",
        template="organisations/application_received",
        context=context,
    )
    assert received.subject == "We have received the application of Zorggroep De Linde"
    assert received.to == ["linda@delinde.example"]
    declined = email_render_to_address(
        address="linda@delinde.example",
        language="en",
        template="organisations/application_declined",
        context=context,
    )
    assert "Dubbel." in declined.body and "not to approve" in declined.body

    application = application_submit(data=_form(), language="en")
    application_approve(actor=platform_admin, application=application)
    user = User.objects.get(email="linda@delinde.example")
    assert user.language == "en"
    invitation = email_render(
        to_user=user,
        template="organisations/application_approved",
        context={
            "organisation": "Zorggroep De Linde",
            "org_slug": "zorggroep-de-linde",
            "set_password": True,
        },
    )
    assert "first administrator" in invitation.body
    assert "/accounts/password/reset/key/" in invitation.body


def test_approval_is_refused_when_the_name_was_taken_in_the_meantime(world, platform_admin):
    application = application_submit(data=_form())
    with scopes_disabled():
        Organisation.objects.create(name="Zorggroep de Linde", slug="linde", kind="vvt")
    admin = sign_in(Client(), platform_admin, mfa=True)
    response = admin.post(f"/platform/aanmeldingen/{application.pk}/goedkeuren/")
    assert response.status_code == 400
    assert "inmiddels een organisatie met deze naam" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "open"
    assert not User.objects.filter(email="linda@delinde.example").exists()
