"""Periods: quarters and months as their first day, and reading them from text."""

from __future__ import annotations

import datetime
import re

from .models import PeriodKind

_QUARTER = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[KkQq]\s*([1-4])\s*$")
_MONTH = re.compile(r"^\s*(\d{4})\s*-\s*(\d{1,2})\s*$")


def quarter_of(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_end(kind: str, start: datetime.date) -> datetime.date:
    """The last day of the period."""
    step = 3 if kind == PeriodKind.QUARTER else 1
    return add_months(start, step) - datetime.timedelta(days=1)


def parse_period(text: str) -> tuple[str, datetime.date] | None:
    """``2024-K2`` (or 2024-Q2) is a quarter, ``2024-05`` a month; None for anything else."""
    found = _QUARTER.match(text or "")
    if found:
        year, quarter = int(found.group(1)), int(found.group(2))
        if 1900 <= year <= 2999:
            return PeriodKind.QUARTER, datetime.date(year, quarter * 3 - 2, 1)
        return None
    found = _MONTH.match(text or "")
    if found:
        year, month = int(found.group(1)), int(found.group(2))
        if 1900 <= year <= 2999 and 1 <= month <= 12:
            return PeriodKind.MONTH, datetime.date(year, month, 1)
    return None


def quarters_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    out = []
    current = quarter_of(first)
    while current <= last:
        out.append(current)
        current = add_months(current, 3)
    return out
