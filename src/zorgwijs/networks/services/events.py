"""Writes of events: the event and its programme, the report after a workshop, visitors'
reactions, and importing events from an .ics file (the last step of ``networks/import_jobs.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.organisations.models import Network

from ..calendar import ImportedEvent
from ..models import CalendarImport, Event, ReactionStatus, Session, SessionReaction
from ..search_index import event_index
from .registrations import fill_from_waiting_list

if TYPE_CHECKING:
    import datetime

EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "location",
    "visibility",
    "capacity",
    "registration_open",
    "poster_criteria",
    "public_vote",
)
SESSION_FIELDS = ("title", "description", "leaders", "room", "starts_at", "ends_at", "capacity")


def _check_times(starts_at: datetime.datetime | None, ends_at: datetime.datetime | None) -> None:
    if starts_at and ends_at and ends_at < starts_at:
        raise ValidationError({"ends_at": _("Het einde ligt voor het begin.")})


@transaction.atomic
def event_save(
    *,
    actor: User,
    network: Network,
    data: dict[str, Any],
    event: Event | None = None,
    context: AuditContext | None = None,
) -> Event:
    """Create or change an event; a higher capacity confirms people from the waiting list."""
    if event is not None:
        event = Event.objects.select_for_update().get(pk=event.pk)
    else:
        event = Event(network=network)
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    _check_times(event.starts_at, event.ends_at)
    event.full_clean(exclude=["network", "uid"])
    creating = event.pk is None
    event.save()
    if creating:
        event.organisers.add(actor)
    promoted = fill_from_waiting_list(event)
    event_index(event)
    record(
        "networks.event.saved",
        kind="change",
        actor=actor,
        obj=event,
        context=context,
        data={"network": network.pk, "created": creating, "promoted": promoted},
    )
    return event


@transaction.atomic
def session_save(
    *,
    actor: User,
    event: Event,
    data: dict[str, Any],
    session: Session | None = None,
    context: AuditContext | None = None,
) -> Session:
    if session is not None:
        session = Session.objects.select_for_update().get(pk=session.pk)
    else:
        session = Session(event=event)
    for name in SESSION_FIELDS:
        if name in data:
            setattr(session, name, data[name])
    _check_times(session.starts_at, session.ends_at)
    if session.starts_at and (
        session.starts_at < event.starts_at or (session.ends_at and session.ends_at > event.ends_at)
    ):
        raise ValidationError(
            {"starts_at": _("Een onderdeel valt binnen de tijden van de activiteit.")}
        )
    session.full_clean(exclude=["event"])
    session.save()
    fill_from_waiting_list(event, session)
    event_index(event)
    record("networks.session.saved", kind="change", actor=actor, obj=session, context=context)
    return session


@transaction.atomic
def session_report_save(
    *,
    actor: User,
    session: Session,
    summary: str,
    golden_tips: str,
    context: AuditContext | None = None,
) -> Session:
    session.summary = summary
    session.golden_tips = golden_tips
    session.save(update_fields=["summary", "golden_tips"])
    record("networks.session.reported", kind="change", actor=actor, obj=session, context=context)
    return session


@transaction.atomic
def reaction_post(
    *, actor: User, session: Session, text: str, approved: bool, context: AuditContext | None = None
) -> SessionReaction:
    """A visitor's reaction; an organiser's own is approved at once, others wait."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Schrijf je reactie.")})
    reaction = SessionReaction.objects.create(
        session=session,
        author=actor,
        text=text,
        status=ReactionStatus.APPROVED if approved else ReactionStatus.PENDING,
    )
    record("networks.reaction.posted", kind="change", actor=actor, obj=reaction, context=context)
    return reaction


@transaction.atomic
def reaction_moderate(
    *, actor: User, reaction: SessionReaction, approve: bool, context: AuditContext | None = None
) -> SessionReaction:
    reaction.status = ReactionStatus.APPROVED if approve else ReactionStatus.REJECTED
    reaction.save(update_fields=["status"])
    record(
        "networks.reaction.moderated",
        kind="change",
        actor=actor,
        obj=reaction,
        context=context,
        data={"status": reaction.status},
    )
    return reaction


@transaction.atomic
def calendar_import(
    *,
    actor: User,
    network: Network,
    items: list[ImportedEvent],
    kind: str,
    visibility: str,
    job: CalendarImport,
) -> tuple[int, int]:
    """Add the checked calendar's events as ``actor`` (the person who applies ``job``); one
    already imported (same UID) is updated. All or nothing. Returns (new, updated)."""
    new = updated = 0
    for item in items:
        event = Event.objects.filter(network=network, uid=item.uid).first() if item.uid else None
        if event is None:
            event = Event(network=network, uid=item.uid, kind=kind, visibility=visibility)
            new += 1
        else:
            updated += 1
        event.title = item.title
        event.description = item.description
        event.location = item.location
        event.starts_at = item.starts_at
        event.ends_at = item.ends_at
        event.save()
        if not event.organisers.filter(pk=actor.pk).exists():
            event.organisers.add(actor)
        event_index(event)
    record(
        "networks.calendar.imported",
        kind="change",
        actor=actor,
        obj=network,
        data={"file": job.original_name, "job": job.pk, "new": new, "updated": updated},
    )
    return new, updated
