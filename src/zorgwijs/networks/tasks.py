"""E-mail about a registration, with the event as an .ics attachment."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import TaskContext, task

from zorgwijs.core.email import email_render
from zorgwijs.core.tasks import send_once

from .models import Registration


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
