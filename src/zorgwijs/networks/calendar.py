"""iCalendar (RFC 5545) for events: the attachment of a confirmation e-mail, a network's feed,
and reading an imported calendar. Built on the ``icalendar`` library."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from .models import Event, Session

PRODID = "-//Zorgwijs//Netwerken//NL"
MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_EVENTS = 500


def _host() -> str:
    return settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "zorgwijs"


def _vevent(event: Event, network_slug: str, session: Session | None = None) -> VEvent:
    url = settings.SITE_URL.rstrip("/") + event_path(network_slug, event.pk)
    item = VEvent()
    part = session or event
    item.add("uid", f"event-{event.pk}" + (f"-session-{session.pk}" if session else "") + f"@{_host()}")
    item.add("dtstamp", event.created_at or timezone.now())
    item.add("dtstart", part.starts_at)
    item.add("dtend", part.ends_at)
    item.add("summary", f"{session.title} ({event.title})" if session else event.title)
    # Calendar clients show the description, not always the URL property: the link goes in both.
    description = (session.description if session else event.description).strip()
    item.add("description", f"{description}\n\n{url}".strip())
    item.add("url", url)
    location = (session.room + ", " if session and session.room else "") + event.location
    if location:
        item.add("location", location)
    return item


def event_path(network_slug: str, event_id: int) -> str:
    return f"/netwerken/{network_slug}/activiteiten/{event_id}/"


def calendar_bytes(
    events: Iterable[Event], *, network_slug: str, name: str, sessions: Iterable[Session] = ()
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event, network_slug))
    for session in sessions:
        calendar.add_component(_vevent(session.event, network_slug, session))
    return calendar.to_ical()


@dataclass(frozen=True)
class ImportedEvent:
    uid: str
    title: str
    description: str
    location: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime


class CalendarError(ValueError):
    """The file is no calendar we can read; the message says why, for the upload field."""


def _aware(value: datetime.date | datetime.datetime, *, end: bool) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):  # an all-day event: a date
        value = datetime.datetime.combine(value, datetime.time(0, 0))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def parse_calendar(data: bytes) -> list[ImportedEvent]:
    """The events of an .ics file, or ``CalendarError`` with what is wrong and where."""
    if len(data) > MAX_IMPORT_BYTES:
        raise CalendarError(_("Het bestand is groter dan 1 MB."))
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, UnicodeDecodeError) as error:
        raise CalendarError(
            _("Dit is geen geldig iCalendar-bestand (.ics): %(reason)s") % {"reason": error}
        ) from None
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        raise CalendarError(_("Dit is geen geldig iCalendar-bestand (.ics)."))
    found: list[ImportedEvent] = []
    for number, item in enumerate(calendar.walk("VEVENT"), start=1):
        if number > MAX_IMPORT_EVENTS:
            raise CalendarError(
                _("Het bestand heeft meer dan %(max)s activiteiten.") % {"max": MAX_IMPORT_EVENTS}
            )
        title = str(item.get("summary", "")).strip()
        try:
            start = item.decoded("dtstart")
            end = item.decoded("dtend") if item.get("dtend") is not None else start
        except (KeyError, ValueError, TypeError):
            raise CalendarError(
                _("Activiteit %(n)s (%(title)s) heeft geen geldige begin- of eindtijd.")
                % {"n": number, "title": title or "?"}
            ) from None
        starts_at, ends_at = _aware(start, end=False), _aware(end, end=True)
        if not title:
            raise CalendarError(_("Activiteit %(n)s heeft geen titel.") % {"n": number})
        if ends_at < starts_at:
            raise CalendarError(
                _("Activiteit %(n)s (%(title)s) eindigt voor ze begint.")
                % {"n": number, "title": title}
            )
        found.append(
            ImportedEvent(
                uid=str(item.get("uid", ""))[:120],
                title=title[:200],
                description=str(item.get("description", "")),
                location=str(item.get("location", ""))[:200],
                starts_at=starts_at,
                ends_at=ends_at,
            )
        )
    if not found:
        raise CalendarError(_("Er staan geen activiteiten in dit bestand."))
    return found
