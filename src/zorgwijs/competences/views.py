from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date

from zorgwijs.audit.services import record, record_many
from zorgwijs.core.access import org_view
from zorgwijs.organisations.models import Department
from zorgwijs.organisations.selectors import get_membership_for_actor

from .models import CompetenceItem, ItemKind, RiskProfile
from .selectors import (
    MatrixFilter,
    competent_for,
    get_item,
    passport_rows,
    passport_summary,
    record_history,
    team_matrix,
)
from .status import STATUSES


def _on_date(request: HttpRequest) -> datetime.date:
    return parse_date(request.GET.get("datum", "") or "") or timezone.localdate()


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _passport(request: HttpRequest, membership, *, own: bool) -> HttpResponse:
    today = timezone.localdate()
    rows = passport_rows(membership=membership, on=today)
    return render(request, "competences/passport.html", {
        "member": membership, "rows": rows, "summary": passport_summary(rows), "own": own,
        "today": today,
    })


@org_view("competences.view_own")
def my_passport(request: HttpRequest, org_slug: str) -> HttpResponse:
    return _passport(request, request.org_access.membership, own=True)


@org_view("competences.view_team")
def person_passport(request: HttpRequest, org_slug: str, membership_id: int) -> HttpResponse:
    access = request.org_access
    membership = get_membership_for_actor(access, membership_id, "competences.view_team")
    record("competences.passport.viewed", kind="view", actor=request.user,
           organisation=access.organisation, subject=membership.user, obj=membership,
           request=request)
    return _passport(request, membership, own=membership.pk == access.membership.pk)


@org_view("competences.view_own")
def line_history(request: HttpRequest, org_slug: str, membership_id: int, item_id: int
                 ) -> HttpResponse:
    """The evidence behind one status: every record, including corrections."""
    access = request.org_access
    if membership_id == access.membership.pk:
        membership = access.membership
    else:
        membership = get_membership_for_actor(access, membership_id, "competences.view_team")
        record("competences.history.viewed", kind="view", actor=request.user,
               organisation=access.organisation, subject=membership.user, obj=membership,
               request=request)
    item = get_item(access, item_id)
    return render(request, "competences/history.html", {
        "member": membership, "item": item,
        "records": record_history(membership=membership, item=item),
    })


@org_view("competences.view_team")
def team(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    on = timezone.localdate()
    filters = MatrixFilter(
        department_id=_int_or_none(request.GET.get("afdeling")),
        kind=request.GET.get("soort", "") if request.GET.get("soort") in ItemKind.values else "",
        risk=request.GET.get("risico", "") if request.GET.get("risico") in RiskProfile.values else "",
        status=request.GET.get("status", "") if request.GET.get("status") in STATUSES else "",
        problems_only=request.GET.get("problemen") == "1",
    )
    matrix = team_matrix(access=access, on=on, filters=filters)
    record_many("competences.team_matrix.viewed", kind="view", actor=request.user,
                organisation=access.organisation, subjects=[m.user for m in matrix.people],
                request=request)
    statuses = [matrix.cells.get((m.pk, i.pk)) for m in matrix.people for i in matrix.items]
    present = [s for s in statuses if s]
    return render(request, "competences/team.html", {
        "matrix": matrix, "filters": filters, "statuses": STATUSES,
        "kinds": ItemKind.choices, "risks": RiskProfile.choices,
        "departments": _departments_for(access),
        "rows": [(m, [(i, matrix.cells.get((m.pk, i.pk))) for i in matrix.items])
                 for m in matrix.people],
        "totals": {
            "competent_pct": round(100 * sum(s in ("valid", "expiring", "exempt") for s in present)
                                   / len(present)) if present else None,
            "expiring": sum(s == "expiring" for s in present),
            "missing": sum(s in ("missing", "expired") for s in present),
        },
    })


def _departments_for(access):
    departments = Department.objects.filter(organisation=access.organisation)
    visible = access.visible_department_ids
    if visible is not None:
        departments = departments.filter(pk__in=visible)
    return departments.order_by("path")


@org_view("competences.roster")
def who_is_competent(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    items = CompetenceItem.objects.filter(organisation=access.organisation, is_active=True)
    item_id = _int_or_none(request.GET.get("bekwaamheid"))
    item = get_item(access, item_id) if item_id else None
    on = _on_date(request)
    groups = competent_for(access=access, item=item, on=on) if item else {}
    if item:
        record_many("competences.roster.viewed", kind="view", actor=request.user,
                    organisation=access.organisation, request=request,
                    subjects=[p.membership.user for people in groups.values() for p in people])
    return render(request, "competences/who_is_competent.html", {
        "items": items.order_by("kind", "name"), "item": item, "on": on, "groups": groups,
    })


@org_view("competences.dashboard")
def dashboard(request: HttpRequest, org_slug: str) -> HttpResponse:
    from .dashboard import compliance_by, compliance_total, trend

    organisation = request.org_access.organisation
    on = timezone.localdate()
    dimension = request.GET.get("per", "department")
    if dimension not in ("department", "function", "item", "risk"):
        dimension = "department"
    rows = compliance_by(organisation=organisation, on=on, dimension=dimension)
    return render(request, "competences/dashboard.html", {
        "dimension": dimension, "rows": rows, "total": compliance_total(organisation=organisation, on=on),
        "high_risk": compliance_by(organisation=organisation, on=on, dimension="item",
                                   high_risk_only=True)[:10],
        "trend": trend(organisation=organisation, until=on),
        "bar_data": {"labels": [str(r["label"]) for r in rows],
                     "values": [r["percent"] for r in rows]},
    })
