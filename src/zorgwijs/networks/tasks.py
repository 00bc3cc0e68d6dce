"""E-mail about a registration, with the event as an .ics attachment."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import TaskContext, task

from zorgwijs.core.email import email_render
from zorgwijs.core.tasks import send_once

from .models import Registration

SIGNUP_KINDS = ("confirm", "exists")


def send_registration_email(registration: Registration, kind: str) -> None:
    """Enqueue in the caller's transaction (database backend) or after it commits."""
    from django_tasks_db import DatabaseBackend

    registration_id = registration.pk
    if isinstance(registration_email.get_backend(), DatabaseBackend):
        registration_email.enqueue(registration_id=registration_id, kind=kind)
    else:
        transaction.on_commit(
            lambda: registration_email.enqueue(registration_id=registration_id, kind=kind)
        )


@task(takes_context=True)
def registration_email(context: TaskContext, *, registration_id: int, kind: str) -> int:
    """``kind``: confirmed, waiting or promoted (a place came free). Confirmed places carry the
    event (and session) as ``uitnodiging.ics``."""
    from .calendar import calendar_bytes

    def message() -> EmailMessage | None:
        registration = (
            Registration.objects.select_related("event__network", "session__event", "user")
            .filter(pk=registration_id, user__is_active=True)
            .first()
        )
        if registration is None:
            return None
        event = registration.event
        built = email_render(
            to_user=registration.user,
            template=f"networks/registration_{kind}",
            context={
                "event_title": event.title,
                "session_title": registration.session.title if registration.session else "",
                "starts_at": (registration.session or event).starts_at,
                "location": event.location,
                "event_url": event.get_absolute_url(),
            },
        )
        if kind in ("confirmed", "promoted"):
            ics = calendar_bytes(
                [] if registration.session else [event],
                sessions=[registration.session] if registration.session else [],
                network_slug=event.network.slug,
                name=event.title,
            )
            built.attach("uitnodiging.ics", ics, "text/calendar; method=PUBLISH")
        return built

    return send_once(context, message)


def send_signup_email(user, network, kind: str) -> None:
    """``kind``: confirm (the link that confirms the address of a new account) or exists (the
    address already has an account: sign in and join). Enqueued like the registrations'."""
    from django_tasks_db import DatabaseBackend

    arguments = {"user_id": user.pk, "network_id": network.pk, "kind": kind}
    if isinstance(signup_email.get_backend(), DatabaseBackend):
        signup_email.enqueue(**arguments)
    else:
        transaction.on_commit(lambda: signup_email.enqueue(**arguments))


@task(takes_context=True)
def signup_email(context: TaskContext, *, user_id: int, network_id: int, kind: str) -> int:
    """The key of the confirmation link is worked out when the mail is sent (allauth's signed
    key of the address), so no task row holds it."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from django.urls import reverse
    from django.utils.http import urlencode

    from zorgwijs.accounts.models import User
    from zorgwijs.organisations.models import Network

    def message() -> EmailMessage | None:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        network = Network.objects.filter(pk=network_id).first()
        if user is None or network is None or kind not in SIGNUP_KINDS:
            return None
        join_url = reverse("networks:join", kwargs={"network_slug": network.slug})
        link = f"{reverse('account_login')}?{urlencode({'next': join_url})}"
        if kind == "confirm":
            address = EmailAddress.objects.filter(
                user=user, email__iexact=user.email, verified=False
            ).first()
            if address is None:
                return None
            key = EmailConfirmationHMAC(address).key
            link = f"{reverse('networks:join_confirm', kwargs={'network_slug': network.slug})}?"
            link += urlencode({"sleutel": key})
        return email_render(
            to_user=user,
            template=f"networks/signup_{kind}",
            context={"network_name": network.name, "link": link},
        )

    return send_once(context, message)
