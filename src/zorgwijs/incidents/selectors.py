"""Reads, with the actor: triage lists, my reports, lessons by visibility, trends."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django_scopes import scopes_disabled

from zorgwijs.organisations.access import OrgAccess, organisation_ids_of
from zorgwijs.organisations.models import NetworkMembership, Visibility

from .models import Incident, IncidentMeasure, Lesson


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


def _readable(organisation_ids: list[int]) -> Q:
    """Lessons a member of ``organisation_ids`` may read, whatever organisation owns them."""
    return (
        Q(visibility=Visibility.PUBLIC)
        | Q(organisation_id__in=organisation_ids)
        | Q(
            visibility=Visibility.NETWORK,
            organisation_id__in=_partner_organisation_ids(organisation_ids),
        )
    )


def lessons_readable_by(organisation_ids: list[int]) -> Q:
    """Lessons a member of ``organisation_ids`` may read (nothing but public ones for none)."""
    return _readable(organisation_ids)


def get_lesson_for_viewer(user, lesson_id: int) -> Lesson:
    """The one way to open a lesson: 404 for a lesson the viewer may not read.

    Lessons are read across organisations (network, public), so the organisation scope is
    lifted here and replaced by the visibility rule above.
    """
    organisation_ids = organisation_ids_of(user) if user.is_authenticated else []
    with scopes_disabled():
        lesson = (
            Lesson.objects.filter(_readable(organisation_ids), pk=lesson_id)
            .select_related("organisation", "device")
            .first()
        )
    if lesson is None:
        raise Http404
    return lesson


SPACE_LESSONS = 10


def lessons_in_space(access) -> list[Lesson]:
    """The newest lessons published to a knowledge space that its viewer may also read."""
    condition = _readable(list(access.viewer.organisation_ids))
    with scopes_disabled():
        return list(
            Lesson.objects.filter(condition, space=access.space)
            .select_related("organisation")
            .order_by("-published_at", "-id")[:SPACE_LESSONS]
        )


def _organisation_lessons(access: OrgAccess, **lookups) -> list[Lesson]:
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
