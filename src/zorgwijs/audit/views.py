"""The organisation's audit log: filter, page and export (``/o/<slug>/beheer/audit/``).

Reading the log needs the "audit.view" capability and a two-factor session (org_view checks
both). Only the organisation's own entries are shown. Paging is by keyset on (at, id), so a page
costs the same at row 10 or row 10 million and no COUNT(*) is ever run (``selectors.py``, whose
``audit_log_read`` and ``audit_log_export`` also record the viewing and the exporting).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from zorgwijs.core.access import org_view
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.spreadsheets import csv_lines, csv_response
from zorgwijs.organisations.models import Organisation

from .context import audit_context
from .forms import AuditFilterForm
from .models import AuditEntry
from .selectors import AuditFilter, KeysetPage, audit_log_export, audit_log_read, people_matching


def _filter_from_form(form: AuditFilterForm, organisation: Organisation) -> AuditFilter:
    if not form.is_bound or not form.is_valid():
        return AuditFilter()
    data = form.cleaned_data
    persoon, door = data.get("persoon", "").strip(), data.get("door", "").strip()
    return AuditFilter(
        subject_ids=people_matching(organisation, persoon) if persoon else None,
        actor_ids=people_matching(organisation, door) if door else None,
        action=data.get("handeling", "").strip(),
        kind=data.get("soort") or "",
        start=data.get("van"),
        end=data.get("tot"),
    )


# Views


@org_view("audit.view")
def audit_log(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    form = AuditFilterForm(request.GET if _has_filters(request) else None)
    # A filter that is refused shows no rows: the whole log under the filter someone just
    # typed reads as its result (the export refuses the same filters outright).
    refused = form.is_bound and not form.is_valid()
    active = form.active_filters()
    page = audit_log_read(
        organisation=organisation,
        filters=_filter_from_form(form, organisation),
        active_filters=active,
        refused=refused,
        older_than=request.GET.get("voor", ""),
        newer_than=request.GET.get("na", ""),
        context=audit_context(request),
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
    entries = audit_log_export(
        organisation=organisation,
        filters=_filter_from_form(form, organisation),
        active_filters=form.active_filters(),
        context=audit_context(request),
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
