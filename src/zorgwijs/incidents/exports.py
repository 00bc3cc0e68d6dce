"""CSV export of the triage list: the filtered reports with analysis and measures, never the
reporter (an export leaves the application; who reported stays inside it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django_scopes import scope

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.spreadsheets import csv_lines, csv_response

from .selectors import incidents_export
from .views import filters_from

if TYPE_CHECKING:
    from .selectors import CountedIncident

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


def _rows(incidents: QuerySet[CountedIncident], organisation_id: int) -> Iterator[list]:
    # The response streams after the middleware's scope has closed: open it again here.
    with scope(organisation=organisation_id):
        for i in incidents.iterator(chunk_size=500):
            yield _row(i)


def _row(i: CountedIncident) -> list:
    return [
        i.pk,
        timezone.localtime(i.occurred_at).isoformat(timespec="minutes"),
        timezone.localtime(i.reported_at).date().isoformat(),
        i.get_status_display(),
        i.get_category_display(),
        i.get_outcome_display(),
        i.get_severity_display(),
        i.department.name if i.department else "",
        i.device.name if i.device else "",
        i.location,
        i.what_happened,
        i.immediate_action,
        i.get_analysis_method_display(),
        " ".join(c.code for c in i.causes.all()),
        i.open_measures,
        i.done_measures,
    ]


@org_view("incidents.triage")
def export(request: OrgRequest, org_slug: str) -> StreamingHttpResponse:
    access = request.org_access
    filters, chosen = filters_from(request)
    incidents = incidents_export(access, filters, chosen, context=audit_context(request))
    return csv_response(
        csv_lines(HEADER, _rows(incidents, access.organisation.pk)), filename="meldingen.csv"
    )
