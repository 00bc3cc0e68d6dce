"""Reads, with the actor: triage lists, my reports, lessons by visibility, trends."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django_scopes import scopes_disabled

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.organisations.access import OrgAccess
from zorgwijs.organisations.models import NetworkMembership, Visibility
from zorgwijs.organisations.visibility import Viewer

from .models import Incident, IncidentMeasure, Lesson

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from zorgwijs.knowledge.access import SpaceAccess


class MeasureCounts(TypedDict):
    open_measures: int
    done_measures: int


if TYPE_CHECKING:
    # An incident of the export's queryset: with its measures counted.
    CountedIncident: TypeAlias = WithAnnotations[Incident, MeasureCounts]


@dataclass(frozen=True)
class IncidentFilter:
    status: str = ""
    department_id: int | None = None
    device_id: int | None = None
    severity: str = ""


def incidents_for_triage(access: OrgAccess, filters: IncidentFilter) -> QuerySet[Incident]:
    rows = Incident.objects.filter(organisation=access.organisation).select_related(
        "department", "device"
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.department_id:
        rows = rows.filter(department_id=filters.department_id)
    if filters.device_id:
        rows = rows.filter(device_id=filters.device_id)
    if filters.severity:
        rows = rows.filter(severity=filters.severity)
    return rows


def get_incident_for_triage(access: OrgAccess, incident_id: int) -> Incident:
    incident = (
        Incident.objects.filter(organisation=access.organisation, pk=incident_id)
        .select_related("department", "device", "reporter")
        .first()
    )
    if incident is None:
        raise Http404
    return incident


def incident_open(access: OrgAccess, incident_id: int, *, context: AuditContext) -> Incident:
    """A report as triage reads it (page or API), recorded without a subject: an entry about
    the reporter would tell the audit log's readers (admins) who reported this incident."""
    incident = get_incident_for_triage(access, incident_id)
    record(
        "incidents.incident.viewed",
        kind="view",
        context=context,
        organisation=access.organisation,
        obj=incident,
    )
    return incident


def incidents_export(
    access: OrgAccess, filters: IncidentFilter, chosen: dict[str, str], *, context: AuditContext
) -> QuerySet[CountedIncident]:
    """The triage list for the CSV export, with its measures counted; the export is recorded
    with the filters chosen (never the reporters: the export does not name them)."""
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
        context=context,
        organisation=access.organisation,
        data={"filters": chosen},
    )
    return incidents


def get_measure_for_triage(
    access: OrgAccess, incident: Incident, measure_id: int
) -> IncidentMeasure:
    measure = IncidentMeasure.objects.filter(
        organisation=access.organisation, incident=incident, pk=measure_id
    ).first()
    if measure is None:
        raise Http404
    return measure


def my_incidents(access: OrgAccess) -> QuerySet[Incident]:
    """The caller's own named reports. Anonymous ones cannot be found: nothing links them."""
    return Incident.objects.filter(
        organisation=access.organisation, reporter=access.membership.user, is_anonymous=False
    ).select_related("department", "device")


# --- Lessons ---------------------------------------------------------------------------------


def _partner_organisation_ids(organisation_ids: list[int]) -> QuerySet:
    networks = NetworkMembership.objects.filter(organisation_id__in=organisation_ids)
    return NetworkMembership.objects.filter(network_id__in=networks.values("network_id")).values(
        "organisation_id"
    )


def get_lesson_for_viewer(viewer: Viewer, lesson_id: int) -> Lesson:
    """The one way to open a lesson: 404 for a lesson the viewer may not read.

    Lessons are read across organisations (network, public), so the organisation scope is
    lifted here and replaced by the visibility rule (``Lesson.objects.visible_to``).
    """
    with scopes_disabled():
        lesson = (
            Lesson.objects.visible_to(viewer)
            .filter(pk=lesson_id)
            .select_related("organisation", "device")
            .first()
        )
    if lesson is None:
        raise Http404
    return lesson


SPACE_LESSONS = 10


def lessons_in_space(access: SpaceAccess) -> list[Lesson]:
    """The newest lessons published to a knowledge space that its viewer may also read."""
    with scopes_disabled():
        return list(
            Lesson.objects.visible_to(access.viewer)
            .filter(space=access.space)
            .select_related("organisation")
            .order_by("-published_at", "-id")[:SPACE_LESSONS]
        )


def _organisation_lessons(access: OrgAccess, **lookups: Any) -> list[Lesson]:
    ids = [access.organisation.pk]
    condition = Q(organisation_id=access.organisation.pk) | Q(
        visibility__in=[Visibility.NETWORK, Visibility.PUBLIC],
        organisation_id__in=_partner_organisation_ids(ids),
    )
    with scopes_disabled():
        return list(
            Lesson.objects.filter(condition, **lookups).select_related("organisation", "device")
        )


def lessons_for_organisation(access: OrgAccess) -> list[Lesson]:
    """The organisation's own lessons and those its network partners share with it."""
    return _organisation_lessons(access)


def get_organisation_lesson(access: OrgAccess, lesson_id: int) -> Lesson:
    """One lesson of ``lessons_for_organisation``, or 404."""
    found = _organisation_lessons(access, pk=lesson_id)
    if not found:
        raise Http404
    return found[0]


# --- Trends ----------------------------------------------------------------------------------


def _month_starts(today: datetime.date, months: int) -> list[datetime.date]:
    first = today.replace(day=1)
    starts = []
    for _ in range(months):
        starts.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return starts[::-1]


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def incident_trends(access: OrgAccess, *, per: str, months: int = 12) -> dict:
    """Reports per month over the last ``months`` months, one series per device or department
    (``per``); counts only, no people. Reports without a device/department form one series.

    The month is a CASE over the month boundaries (local time) rather than TruncMonth: plain
    comparisons run natively in SQLite and PostgreSQL, where SQLite's date truncation calls
    back into Python for every row.
    """
    field = "device" if per == "device" else "department"
    month_list = _month_starts(timezone.localdate(), months)
    bucket = Case(
        *[
            When(occurred_at__gte=_aware(m), then=Value(i))
            for i, m in reversed(list(enumerate(month_list)))
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )
    counts = (
        Incident.objects.filter(
            organisation=access.organisation, occurred_at__gte=_aware(month_list[0])
        )
        .annotate(month=bucket)
        .values("month", f"{field}__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    labels = [m.isoformat()[:7] for m in month_list]
    series: dict[str, list[int]] = {}
    for row in counts:
        if row["month"] < 0:
            continue  # cannot happen (filtered above); never count into the wrong month
        values = series.setdefault(row[f"{field}__name"] or "", [0] * len(labels))
        values[row["month"]] += row["n"]
    rows = [
        {"label": name, "values": values, "total": sum(values)}
        for name, values in sorted(series.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    ]
    return {"months": labels, "rows": rows}
