"""iCalendar (RFC 5545) for events: the attachment of a confirmation e-mail, a network's feed,
and reading an imported calendar (with the ``icalendar`` library)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from .models import Event, Session

PRODID = "-//Zorgwijs//Netwerken//NL"
MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_EVENTS = 500


def _host() -> str:
    return settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "zorgwijs"


# Writing: a feed of 1,000 events must take well under 200 ms, which the icalendar library's
# generic component model does not (about 0.8 s on a loaded machine), so the few properties of
# a VEVENT are written here and the output is read back with the library in the tests.


def _text(value: str) -> str:
    """TEXT value escaping of RFC 5545 3.3.11."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines of at most 75 octets (RFC 5545 3.1), never splitting a UTF-8 character."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # inside a character
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, 74  # continuation lines begin with a space
    return "\r\n ".join(parts)


def _vevent(event: Event, network_slug: str, stamp: str, session: Session | None = None) -> str:
    url = settings.SITE_URL.rstrip("/") + event_path(network_slug, event.pk)
    part = session or event
    uid = f"event-{event.pk}" + (f"-session-{session.pk}" if session else "") + f"@{_host()}"
    # Calendar clients show the description, not always the URL property: the link goes in both.
    description = (session.description if session else event.description).strip()
    description = f"{description}\n\n{url}".strip()
    summary = f"{session.title} ({event.title})" if session else event.title
    location = (session.room + ", " if session and session.room else "") + event.location
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_utc(part.starts_at)}",
        f"DTEND:{_utc(part.ends_at)}",
        f"SUMMARY:{_text(summary)}",
        f"DESCRIPTION:{_text(description)}",
        f"URL:{url}",
    ]
    if location:
        lines.append(f"LOCATION:{_text(location)}")
    lines.append("END:VEVENT")
    return "\r\n".join(_fold(line) for line in lines)


def event_path(network_slug: str, event_id: int) -> str:
    return f"/netwerken/{network_slug}/activiteiten/{event_id}/"


def calendar_bytes(
    events: Iterable[Event], *, network_slug: str, name: str, sessions: Iterable[Session] = ()
) -> bytes:
    stamp = _utc(timezone.now())
    parts = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        _fold(f"X-WR-CALNAME:{_text(name)}"),
    ]
    parts.extend(_vevent(event, network_slug, stamp) for event in events)
    parts.extend(_vevent(s.event, network_slug, stamp, s) for s in sessions)
    parts.append("END:VCALENDAR")
    return ("\r\n".join(parts) + "\r\n").encode()


@dataclass(frozen=True)
class ImportedEvent:
    number: int  # its place in the file (1 = the first VEVENT), as the errors name it
    uid: str
    title: str
    description: str
    location: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime


@dataclass(frozen=True)
class ParsedCalendar:
    """The events of a file that can be read, and per event that cannot (``row``: its
    number, ``reason``: why) — the errors per row of the shared import pages."""

    events: list[ImportedEvent]
    errors: list[dict[str, object]]

    @property
    def total(self) -> int:
        return len(self.events) + len(self.errors)


class CalendarError(ValueError):
    """The file is no calendar we can read; the message says why, for the upload field."""


def _aware(value: datetime.date | datetime.datetime, *, end: bool) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):  # an all-day event: a date
        value = datetime.datetime.combine(value, datetime.time(0, 0))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


# A content line of RFC 5545 (after unfolding): a name, parameters, a colon and the value.
CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(;[^:]*)?:")


def _unreadable(text: str) -> str:
    """Which line of the file cannot be read, in words (the library's own message is English
    and repeats the line, control characters and all)."""
    number = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line[:1] in (" ", "\t") or not line.strip():
            continue  # a folded continuation, or an empty line
        if not CONTENT_LINE.match(line):
            return _(
                "Dit is geen geldig iCalendar-bestand (.ics): regel %(line)s is geen "
                "agendaregel (verwacht: NAAM:waarde)."
            ) % {"line": number}
    return _(
        "Dit is geen geldig iCalendar-bestand (.ics): het kan niet worden gelezen. Heeft elke "
        "BEGIN:-regel een passende END:-regel?"
    )


def parse_calendar(data: bytes) -> ParsedCalendar:
    """The events of an .ics file with what is wrong with each; ``CalendarError`` for a file
    that is no calendar at all (too large, unreadable, too many or no events)."""
    if len(data) > MAX_IMPORT_BYTES:
        raise CalendarError(_("Het bestand is groter dan 1 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CalendarError(
            _("Dit is geen geldig iCalendar-bestand (.ics): het is geen tekst in UTF-8.")
        ) from None
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError):
        raise CalendarError(_unreadable(text)) from None
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        raise CalendarError(_("Dit is geen geldig iCalendar-bestand (.ics)."))
    items = calendar.walk("VEVENT")
    if len(items) > MAX_IMPORT_EVENTS:
        raise CalendarError(
            _("Het bestand heeft meer dan %(max)s activiteiten.") % {"max": MAX_IMPORT_EVENTS}
        )
    if not items:
        raise CalendarError(_("Er staan geen activiteiten in dit bestand."))
    parsed = ParsedCalendar(events=[], errors=[])
    for number, item in enumerate(items, start=1):
        try:
            parsed.events.append(_event(number, item))
        except CalendarError as error:
            parsed.errors.append({"row": number, "reason": str(error)})
    return parsed


def _event(number: int, item) -> ImportedEvent:
    title = str(item.get("summary", "")).strip()
    try:
        start = item.decoded("dtstart")
        end = item.decoded("dtend") if item.get("dtend") is not None else start
        if not isinstance(start, datetime.date) or not isinstance(end, datetime.date):
            raise ValueError(start)  # the library hands back what it could not read
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
    return ImportedEvent(
        number=number,
        uid=str(item.get("uid", ""))[:120],
        title=title[:200],
        description=str(item.get("description", "")),
        location=str(item.get("location", ""))[:200],
        starts_at=starts_at,
        ends_at=ends_at,
    )
