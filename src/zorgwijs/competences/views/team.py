"""Manager screens over many people: the team matrix, "wie is bekwaam", the dashboard."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import int_or_none
from zorgwijs.lib.http import OrgRequest
from zorgwijs.organisations.models import Department

from ..models import CompetenceItem, ItemKind, PassportLine, RequirementLevel, RiskProfile
from ..selectors import (
    MatrixFilter,
    competent_counts,
    competent_for_read,
    get_item,
    team_matrix_read,
)
from ..status import STATUSES


def _on_date(request: HttpRequest) -> datetime.date | None:
    """The date asked for (``?datum=``), today when none is given, and None when what was given
    is no date: a roster for "today" in answer to 31 February would be read as that day's."""
    text = (request.GET.get("datum") or "").strip()
    if not text:
        return timezone.localdate()
    try:
        return parse_date(text)  # None when not YYYY-MM-DD
    except ValueError:  # well formed but not in the calendar
        return None


@org_view("competences.view_team")
def team(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    on = timezone.localdate()
    filters = MatrixFilter(
        department_id=int_or_none(request.GET.get("afdeling")),
        kind=request.GET.get("soort", "") if request.GET.get("soort") in ItemKind.values else "",
        risk=request.GET.get("risico", "")
        if request.GET.get("risico") in RiskProfile.values
        else "",
        status=request.GET.get("status", "") if request.GET.get("status") in STATUSES else "",
        problems_only=request.GET.get("problemen") == "1",
    )
    matrix = team_matrix_read(access=access, on=on, filters=filters, context=audit_context(request))
    # The export covers the same selection (not the "problems only" view of it).
    export_query = urlencode(
        {
            key: value
            for key, value in (
                ("afdeling", filters.department_id or ""),
                ("soort", filters.kind),
                ("risico", filters.risk),
            )
            if value
        }
    )
    return render(
        request,
        "competences/team.html",
        {
            "matrix": matrix,
            "filters": filters,
            "statuses": STATUSES,
            "kinds": ItemKind.choices,
            "risks": RiskProfile.choices,
            "departments": _departments_for(access),
            "rows": [
                (m, [(i, matrix.cells.get((m.pk, i.pk))) for i in matrix.items])
                for m in matrix.people
            ],
            "totals": matrix.headline,
            "export_query": export_query,
        },
    )


def _departments_for(access):
    departments = Department.objects.filter(organisation=access.organisation)
    visible = access.visible_department_ids
    if visible is not None:
        departments = departments.filter(pk__in=visible)
    return departments.order_by("path")


def _item_groups(access, items: list[CompetenceItem]) -> list[tuple[str, list]]:
    """The picker's groups: what the people this person sees are required to have first
    (one query), then the rest of the catalogue by kind."""
    team = set(
        PassportLine.objects.filter(
            membership__in=access.visible_memberships("competences.roster").values("pk"),
            level=RequirementLevel.REQUIRED,
        )
        .values_list("item_id", flat=True)
        .distinct()
    )
    groups: list[tuple[str, list]] = []
    first = [i for i in items if i.pk in team]
    if first:
        groups.append((_("Vereist in je team"), first))
    rest: dict[str, list] = {}
    for item in items:
        if item.pk not in team:
            rest.setdefault(str(item.get_kind_display()), []).append(item)
    return groups + list(rest.items())


# Above this many names the roster first shows counts per department: a list of thousands
# helps nobody plan a shift, and every name shown is a logged view of personal data.
ROSTER_NAMES_LIMIT = 250


@org_view("competences.roster")
def who_is_competent(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    items = CompetenceItem.objects.filter(organisation=access.organisation, is_active=True)
    item_id = int_or_none(request.GET.get("bekwaamheid"))
    selected = get_item(access, item_id) if item_id else None
    departments = _departments_for(access)
    department_id = int_or_none(request.GET.get("afdeling"))
    department = departments.filter(pk=department_id).first() if department_id else None
    on = _on_date(request)
    date_error = None if on else _("Dit is geen datum. Kies een dag in de kalender (jjjj-mm-dd).")
    item = selected if on else None  # nothing is looked up for a date that does not exist
    counts = competent_counts(access=access, item=item, on=on) if item and on else []
    total = sum(c.competent for c in counts)
    show_names = item is not None and (department is not None or total <= ROSTER_NAMES_LIMIT)
    groups = {}
    if show_names and item is not None and on is not None:
        groups = competent_for_read(
            access=access,
            item=item,
            on=on,
            department_id=department.pk if department else None,
            context=audit_context(request),
        )
    return render(
        request,
        "competences/who_is_competent.html",
        {
            "item_groups": _item_groups(access, list(items.order_by("kind", "name"))),
            "selected": selected,
            "item": item,
            "departments": departments,
            "department": department,
            "on": on,
            "typed_date": request.GET.get("datum", ""),
            "date_error": date_error,
            "counts": counts,
            "total": total,
            "show_names": show_names,
            "groups": groups,
        },
        status=400 if date_error else 200,
    )


@org_view("competences.dashboard")
def dashboard(request: OrgRequest, org_slug: str) -> HttpResponse:
    from ..dashboard import compliance_by, compliance_total, trend

    organisation = request.org_access.organisation
    on = timezone.localdate()
    dimension = request.GET.get("per", "department")
    if dimension not in ("department", "function", "item", "risk"):
        dimension = "department"
    rows = compliance_by(organisation=organisation, on=on, dimension=dimension)
    by_department = rows if dimension == "department" else None
    return render(
        request,
        "competences/dashboard.html",
        {
            "dimension": dimension,
            "rows": rows,
            "total": compliance_total(
                organisation=organisation, on=on, by_department=by_department
            ),
            "high_risk": compliance_by(
                organisation=organisation, on=on, dimension="item", high_risk_only=True
            )[:10],
            "trend": trend(organisation=organisation, until=on),
            "bar_data": {
                "labels": [str(r["label"]) for r in rows],
                "values": [r["percent"] for r in rows],
            },
        },
    )
