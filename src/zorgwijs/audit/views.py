"""The organisation's audit log: filter, page and export (``/o/<slug>/beheer/audit/``).

Reading the log needs the "audit.view" capability and a two-factor session (org_view checks
both). Only the organisation's own entries are shown. Paging is by keyset on (at, id), so a page
costs the same at row 10 or row 10 million and no COUNT(*) is ever run. Viewing and exporting are
themselves recorded.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from zorgwijs.accounts.models import User
from zorgwijs.core.access import org_view
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.spreadsheets import csv_lines, csv_response
from zorgwijs.organisations.models import Membership, Organisation

from .forms import AuditFilterForm
from .models import AuditEntry
from .services import record

PAGE_SIZE = 50
MAX_PEOPLE_PER_FILTER = 200
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


# Reading


def _people_matching(organisation: Organisation, text: str) -> list[int]:
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


def _filter_from_form(form: AuditFilterForm, organisation: Organisation) -> AuditFilter:
    if not form.is_bound or not form.is_valid():
        return AuditFilter()
    data = form.cleaned_data
    persoon, door = data.get("persoon", "").strip(), data.get("door", "").strip()
    return AuditFilter(
        subject_ids=_people_matching(organisation, persoon) if persoon else None,
        actor_ids=_people_matching(organisation, door) if door else None,
        action=data.get("handeling", "").strip(),
        kind=data.get("soort") or "",
        start=data.get("van"),
        end=data.get("tot"),
    )


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


def _single_subject(organisation: Organisation, filters: AuditFilter):
    """The person a filtered view or export is about, when it is exactly one (for their log)."""
    if filters.subject_ids and len(filters.subject_ids) == 1:
        return User.objects.filter(pk=filters.subject_ids[0]).first()
    return None


# Views


@org_view("audit.view")
def audit_log(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    form = AuditFilterForm(request.GET if _has_filters(request) else None)
    # A filter that is refused shows no rows: the whole log under the filter someone just
    # typed reads as its result (the export refuses the same filters outright).
    refused = form.is_bound and not form.is_valid()
    filters = _filter_from_form(form, organisation)
    entries = audit_entries_for(organisation=organisation, filters=filters)
    page = keyset_page(
        entries.none() if refused else entries,
        older_than=request.GET.get("voor", ""),
        newer_than=request.GET.get("na", ""),
    )
    active = form.active_filters()
    record(
        "audit.log.viewed",
        kind="view",
        actor=request.user,
        organisation=organisation,
        subject=_single_subject(organisation, filters),
        request=request,
        data={"filters": active, "rows": len(page.entries)},
    )
    query = urlencode(active)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "export_query": query,
        },
        status=400 if refused else 200,
    )


@org_view("audit.view")
def audit_export(request: OrgRequest, org_slug: str) -> HttpResponse | StreamingHttpResponse:
    organisation = request.org_access.organisation
    form = AuditFilterForm(request.GET if _has_filters(request) else None)
    if form.is_bound and not form.is_valid():
        # The log page with the messages at the filters, nothing exported and nothing lost.
        page = KeysetPage(entries=[], newer_cursor=None, older_cursor=None)
        context = {"form": form, "page": page, "query": "", "export_query": ""}
        return render(request, "audit/log.html", context, status=400)
    filters = _filter_from_form(form, organisation)
    entries = audit_entries_for(organisation=organisation, filters=filters).order_by("-at", "-id")
    record(
        "audit.log.exported",
        kind="export",
        actor=request.user,
        organisation=organisation,
        subject=_single_subject(organisation, filters),
        request=request,
        data={"filters": form.active_filters(), "format": "csv"},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return csv_response(
        csv_lines(CSV_HEADER, _csv_rows(entries)),
        filename=f"auditlog-{organisation.slug}-{stamp}.csv",
    )


def _has_filters(request: HttpRequest) -> bool:
    return any(request.GET.get(name) for name in AuditFilterForm.base_fields)


# CSV


CSV_HEADER = [
    "tijdstip",
    "soort",
    "handeling",
    "door_id",
    "door",
    "namens",
    "betreft_id",
    "betreft",
    "soort_gegevens",
    "gegevens_id",
    "ip_adres",
    "details",
]


def _csv_rows(entries: QuerySet[AuditEntry]) -> Iterator[list]:
    for e in entries.iterator(chunk_size=2000):
        yield [
            timezone.localtime(e.at).isoformat(timespec="seconds"),
            e.kind,
            e.action,
            e.actor_id or "",
            e.actor_label,
            e.on_behalf_of,
            e.subject_user_id or "",
            e.subject_label,
            e.object_type,
            e.object_id,
            e.ip_address or "",
            json.dumps(e.data, ensure_ascii=False, sort_keys=True),
        ]
