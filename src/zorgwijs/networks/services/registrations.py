"""Registrations for events and sessions: capacity, waiting list, cancellation.

Capacity holds under concurrency on SQLite and PostgreSQL alike because a place is taken with
one conditional UPDATE on the row that holds the capacity (``confirmed_count < capacity``):
the database answers 1 row (a place) or 0 (the waiting list), and the UPDATE keeps that row
locked until the transaction ends, so a cancellation's promotion from the waiting list and a
new registration never interleave. Everything here runs in one transaction with its audit
entry and the e-mail task row (written in the same transaction: no mail for a rolled-back
registration).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record

from ..models import Event, Registration, RegistrationStatus, Session
from ..tasks import send_registration_email

LIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


def _holder(event: Event, session: Session | None) -> QuerySet:
    """The row that holds the capacity: the session's, else the event's."""
    if session is not None:
        return Session.objects.filter(pk=session.pk)
    return Event.objects.filter(pk=event.pk)


def _live(event: Event, session: Session | None, user: User) -> QuerySet[Registration]:
    return Registration.objects.filter(event=event, session=session, user=user, status__in=LIVE)


def _check_open(event: Event, session: Session | None) -> None:
    if session is not None and session.event_id != event.pk:
        raise ValidationError(_("Dit programmaonderdeel hoort niet bij deze activiteit."))
    if not event.registration_open:
        raise ValidationError(_("Aanmelden voor deze activiteit is gesloten."))
    if event.ends_at <= timezone.now():
        raise ValidationError(_("Deze activiteit is al voorbij; aanmelden kan niet meer."))


@transaction.atomic
def registration_create(
    *,
    actor: User,
    event: Event,
    session: Session | None = None,
    context: AuditContext | None = None,
) -> Registration:
    """Register ``actor`` for ``event`` (or one of its sessions): confirmed while places are
    left, else on the waiting list. A second live registration is refused."""
    _check_open(event, session)
    if _live(event, session, actor).exists():
        raise ValidationError(_("Je bent hier al voor aangemeld."), code="conflict")
    if (
        session is not None
        and not _live(event, None, actor).filter(status=RegistrationStatus.CONFIRMED).exists()
    ):
        raise ValidationError(
            _("Meld je eerst aan voor de activiteit zelf; daarna kies je een onderdeel.")
        )
    has_place = Q(capacity__isnull=True) | Q(confirmed_count__lt=F("capacity"))
    taken = (
        _holder(event, session).filter(has_place).update(confirmed_count=F("confirmed_count") + 1)
    )
    status = RegistrationStatus.CONFIRMED if taken else RegistrationStatus.WAITING
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event, session=session, user=actor, status=status
            )
    except IntegrityError:
        # A double submit that passed the check above at the same moment: the constraint
        # refuses it, and raising rolls back the place taken above.
        raise ValidationError(_("Je bent hier al voor aangemeld."), code="conflict") from None
    record(
        "networks.registration.created",
        kind="change",
        actor=actor,
        obj=registration,
        context=context,
        data={"event": event.pk, "session": getattr(session, "pk", None), "status": status},
    )
    send_registration_email(registration, status)
    return registration


def _promote_next(event: Event, session: Session | None) -> Registration | None:
    """Give the freed place to the first person on the waiting list (the caller holds the
    capacity row's lock and has not yet lowered the count)."""
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=event, session=session, status=RegistrationStatus.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = RegistrationStatus.CONFIRMED
    waiting.promoted_at = timezone.now()
    waiting.save(update_fields=["status", "promoted_at"])
    record(
        "networks.registration.promoted",
        kind="change",
        actor=None,
        obj=waiting,
        data={"event": event.pk, "session": getattr(session, "pk", None)},
    )
    send_registration_email(waiting, "promoted")
    return waiting


def _cancel_one(
    registration: Registration, *, actor: User, context: AuditContext | None
) -> Registration | None:
    event, session = registration.event, registration.session
    holder = _holder(event, session)
    # Lock the capacity row first (a no-op UPDATE locks on both databases), then read.
    holder.update(confirmed_count=F("confirmed_count"))
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("Deze aanmelding is al afgemeld."))
    was_confirmed = locked.status == RegistrationStatus.CONFIRMED
    locked.status = RegistrationStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["status", "cancelled_at"])
    promoted = None
    if was_confirmed:
        capacity_row = holder.values("capacity", "confirmed_count").get()
        fits = capacity_row["capacity"] is None or (
            capacity_row["confirmed_count"] <= capacity_row["capacity"]
        )
        promoted = _promote_next(event, session) if fits else None
        if promoted is None:
            holder.update(confirmed_count=F("confirmed_count") - 1)
    record(
        "networks.registration.cancelled",
        kind="change",
        actor=actor,
        subject=locked.user if actor.pk != locked.user_id else None,
        obj=locked,
        context=context,
        data={"event": event.pk, "session": getattr(session, "pk", None)},
    )
    registration.refresh_from_db()
    return promoted


@transaction.atomic
def registration_cancel(
    *, actor: User, registration: Registration, context: AuditContext | None = None
) -> Registration | None:
    """Cancel; a confirmed place goes to the first on the waiting list (returned). Cancelling
    the event itself also cancels the person's sessions of it."""
    promoted = _cancel_one(registration, actor=actor, context=context)
    if registration.session_id is None:
        sessions = Registration.objects.filter(
            event_id=registration.event_id,
            session__isnull=False,
            user_id=registration.user_id,
            status__in=LIVE,
        ).select_related("event", "session")
        for own in sessions:
            _cancel_one(own, actor=actor, context=context)
    return promoted


def fill_from_waiting_list(event: Event, session: Session | None = None) -> int:
    """After the capacity went up: confirm people from the waiting list while places are free.
    Runs inside the caller's transaction."""
    holder = _holder(event, session)
    has_place = Q(capacity__isnull=True) | Q(confirmed_count__lt=F("capacity"))
    promoted = 0
    while Registration.objects.filter(
        event=event, session=session, status=RegistrationStatus.WAITING
    ).exists():
        if not holder.filter(has_place).update(confirmed_count=F("confirmed_count") + 1):
            break
        if _promote_next(event, session) is None:  # the lock makes this unreachable; stay safe
            holder.update(confirmed_count=F("confirmed_count") - 1)
            break
        promoted += 1
    return promoted
