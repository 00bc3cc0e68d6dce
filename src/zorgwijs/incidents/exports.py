"""CSV export of the triage list: the filtered reports with analysis and measures, never the
reporter (an export leaves the application; who reported stays inside it)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django_scopes import scope

from zorgwijs.audit.services import record
from zorgwijs.core.access import org_view

from .models import Incident
from .selectors import incidents_for_triage
from .views import filters_from

HEADER = [
    "melding",
    "gebeurd_op",
    "gemeld_op",
    "status",
    "soort",
    "afloop",
    "ernst",
    "afdeling",
    "apparaat",
    "waar",
    "wat_er_gebeurde",
    "direct_gedaan",
    "analysemethode",
    "oorzaken",
    "maatregelen_open",
    "maatregelen_klaar",
]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value: object) -> str:
    """Neutralise spreadsheet formulas: report texts are typed by people."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _rows(incidents: QuerySet[Incident], organisation_id: int) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)  # BOM: spreadsheets then read UTF-8
    # The response streams after the middleware's scope has closed: open it again here.
    with scope(organisation=organisation_id):
        for i in incidents.iterator(chunk_size=500):
            yield _row(writer, i)


def _row(writer, i: Incident) -> str:
    return writer.writerow(
        [
            i.pk,
            timezone.localtime(i.occurred_at).isoformat(timespec="minutes"),
            timezone.localtime(i.reported_at).date().isoformat(),
            i.get_status_display(),
            i.get_category_display(),
            i.get_outcome_display(),
            i.get_severity_display(),
            _safe(i.department.name if i.department else ""),
            _safe(i.device.name if i.device else ""),
            _safe(i.location),
            _safe(i.what_happened),
            _safe(i.immediate_action),
            i.get_analysis_method_display(),
            " ".join(c.code for c in i.causes.all()),
            i.open_measures,
            i.done_measures,
        ]
    )


@org_view("incidents.triage")
def export(request: HttpRequest, org_slug: str) -> StreamingHttpResponse:
    access = request.org_access
    filters, chosen = filters_from(request)
    incidents = (
        incidents_for_triage(access, filters)
        .annotate(
            open_measures=Count("measures", filter=Q(measures__done_on__isnull=True)),
            done_measures=Count("measures", filter=Q(measures__done_on__isnull=False)),
        )
        .prefetch_related("causes")
    )
    record(
        "incidents.incidents.exported",
        kind="export",
        actor=request.user,
        organisation=access.organisation,
        request=request,
        data={"filters": chosen},
    )
    response = StreamingHttpResponse(
        _rows(incidents, access.organisation.pk), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="meldingen.csv"'
    return response
