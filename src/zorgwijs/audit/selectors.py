"""Reading the audit log: filters, keyset pages, and the audited reads of the log itself.

Reading the log is recorded like any other read of personal data: ``audit_log_read`` (the
page) and ``audit_log_export`` (the CSV) each record what was asked for, about the one person
filtered on when there is one (so it shows in their own log).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zorgwijs.accounts.models import User
from zorgwijs.organisations.models import Membership, Organisation

from .context import AuditContext
from .models import AuditEntry
from .services import record

PAGE_SIZE = 50
MAX_PEOPLE_PER_FILTER = 200
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def people_matching(organisation: Organisation, text: str) -> list[int]:
    """User ids for a person filter: the organisation's members by name, e-mail or number;
    any account by exact e-mail (an actor may be platform staff, not a member)."""
    members = Membership.objects.filter(organisation=organisation).filter(
        Q(user__full_name__icontains=text)
        | Q(user__email__iexact=text)
        | Q(employee_number__iexact=text)
    )
    ids = set(members.values_list("user_id", flat=True)[:MAX_PEOPLE_PER_FILTER])
    ids.update(User.objects.filter(email__iexact=text).values_list("pk", flat=True)[:1])
    return sorted(ids)


@dataclass
class AuditFilter:
    subject_ids: list[int] | None = None
    actor_ids: list[int] | None = None
    action: str = ""
    kind: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_entries_for(*, organisation: Organisation, filters: AuditFilter) -> QuerySet[AuditEntry]:
    """The organisation's own entries, filtered; every condition is sargable on (org, at)."""
    entries = AuditEntry.objects.in_organisation(organisation.pk)
    if filters.subject_ids is not None:
        entries = entries.filter(subject_user_id__in=filters.subject_ids)
    if filters.actor_ids is not None:
        entries = entries.filter(actor_id__in=filters.actor_ids)
    if filters.action:
        entries = entries.filter(action__startswith=filters.action)
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.start:
        entries = entries.filter(at__gte=_day_start(filters.start))
    if filters.end:
        entries = entries.filter(at__lt=_day_start(filters.end + datetime.timedelta(days=1)))
    return entries


def _cursor_of(entry: AuditEntry) -> str:
    micros = (entry.at - EPOCH) // datetime.timedelta(microseconds=1)
    return f"{micros}-{entry.pk}"


def _parse_cursor(value: str) -> tuple[datetime.datetime, int] | None:
    try:
        micros, pk = (int(part) for part in value.split("-", 1))
    except (TypeError, ValueError):
        return None
    if not 0 <= micros < 10**17:
        return None
    return EPOCH + datetime.timedelta(microseconds=micros), pk


@dataclass
class KeysetPage:
    entries: list[AuditEntry]
    newer_cursor: str | None
    older_cursor: str | None


def keyset_page(
    entries: QuerySet[AuditEntry],
    *,
    older_than: str = "",
    newer_than: str = "",
    size: int = PAGE_SIZE,
) -> KeysetPage:
    """A page of entries, newest first, before or after a cursor; one query, no COUNT."""
    after = _parse_cursor(newer_than) if newer_than else None
    before = _parse_cursor(older_than) if older_than and after is None else None
    if after:
        at, pk = after
        rows = list(
            entries.filter(Q(at__gt=at) | Q(at=at, pk__gt=pk)).order_by("at", "id")[: size + 1]
        )
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        more_older = True
    else:
        if before:
            at, pk = before
            entries = entries.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))
        rows = list(entries.order_by("-at", "-id")[: size + 1])
        more_older = len(rows) > size
        rows = rows[:size]
        more_newer = before is not None
    return KeysetPage(
        entries=rows,
        newer_cursor=_cursor_of(rows[0]) if rows and more_newer else None,
        older_cursor=_cursor_of(rows[-1]) if rows and more_older else None,
    )


def _single_subject(organisation: Organisation, filters: AuditFilter) -> User | None:
    """The person a filtered view or export is about, when it is exactly one (for their log)."""
    if filters.subject_ids and len(filters.subject_ids) == 1:
        return User.objects.filter(pk=filters.subject_ids[0]).first()
    return None


def audit_log_read(
    *,
    organisation: Organisation,
    filters: AuditFilter,
    active_filters: dict[str, Any],
    refused: bool,
    older_than: str,
    newer_than: str,
    context: AuditContext,
) -> KeysetPage:
    """A page of the log as the screen shows it (none for a refused filter), recorded with
    the filters asked for and the number of rows shown."""
    entries = audit_entries_for(organisation=organisation, filters=filters)
    page = keyset_page(
        entries.none() if refused else entries, older_than=older_than, newer_than=newer_than
    )
    record(
        "audit.log.viewed",
        kind="view",
        context=context,
        organisation=organisation,
        subject=_single_subject(organisation, filters),
        data={"filters": active_filters, "rows": len(page.entries)},
    )
    return page


def audit_log_export(
    *,
    organisation: Organisation,
    filters: AuditFilter,
    active_filters: dict[str, Any],
    context: AuditContext,
) -> QuerySet[AuditEntry]:
    """The entries a CSV export streams, newest first; the export is recorded."""
    record(
        "audit.log.exported",
        kind="export",
        context=context,
        organisation=organisation,
        subject=_single_subject(organisation, filters),
        data={"filters": active_filters, "format": "csv"},
    )
    return audit_entries_for(organisation=organisation, filters=filters).order_by("-at", "-id")
