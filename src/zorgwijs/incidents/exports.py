"""CSV export of the triage list: the filtered reports with analysis and measures, never the
reporter (an export leaves the application; who reported stays inside it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.db.models import Count, Q, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django_scopes import scope

from zorgwijs.audit.services import record
from zorgwijs.core.access import org_view
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.spreadsheets import csv_lines, csv_response

from .models import Incident
from .selectors import incidents_for_triage
from .views import filters_from

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class MeasureCounts(TypedDict):
    open_measures: int
    done_measures: int


if TYPE_CHECKING:
    # An incident of the export's queryset: with its measures counted.
    CountedIncident: TypeAlias = WithAnnotations[Incident, MeasureCounts]

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
    return csv_response(
        csv_lines(HEADER, _rows(incidents, access.organisation.pk)), filename="meldingen.csv"
    )
