"""Calendar arithmetic, and one way to show a date.

Showing: "9 mei 2028" in the reader's language, on the Amsterdam calendar. A moment (an aware
datetime) is turned into the day it was in Europe/Amsterdam before it is shown, so a credential
issued at 00:30 on 9 May Amsterdam time (22:30 on 8 May UTC) reads 9 May on every page, in the
PDF and in the e-mail alike; a date (a calendar day: valid until, achieved on) is shown as is.
Templates use the ``nl_date`` and ``nl_datetime`` filters of ``{% load zorgwijs %}``.
"""

from __future__ import annotations

import calendar
import datetime
import zoneinfo

from django.conf import settings
from django.utils import dateformat, timezone

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def calendar_day(value: datetime.date | datetime.datetime) -> datetime.date:
    """The day ``value`` falls on in Amsterdam (a naive datetime is taken as Amsterdam's)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(local_zone())
        return value.date()
    return value


def format_date(value: datetime.date | datetime.datetime | str | None) -> str:
    """A day as a person reads it. An ISO date text ("2028-05-09", as a task's e-mail context
    carries dates) is read first; any other text is shown as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return value
        return dateformat.format(day, DATE_FORMAT)
    return dateformat.format(calendar_day(value), DATE_FORMAT)


def format_datetime(value: datetime.datetime | datetime.date | None) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.datetime):
        return format_date(value)
    if timezone.is_aware(value):
        value = value.astimezone(local_zone())
    return dateformat.format(value, DATETIME_FORMAT)
