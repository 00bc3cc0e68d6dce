from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.services import record, record_many
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import apply_service_errors, form_page
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.models import Department
from zorgwijs.organisations.selectors import get_membership_for_actor

from .forms import (
    LineActionForm,
    PerformanceForm,
    RegisterForm,
    SignOffDecisionForm,
    SignOffRequestForm,
)
from .models import CompetenceItem, ItemKind, RiskProfile
from .selectors import (
    MatrixFilter,
    competent_counts,
    competent_for,
    get_item,
    passport_rows,
    passport_summary,
    record_history,
    team_matrix,
)
from .services import (
    competence_reinstate,
    competence_revoke,
    competence_suspend,
    exemption_grant,
    performance_log,
    qualification_register,
    record_void,
)
from .sign_off import sign_off_decide, sign_off_inbox, sign_off_request
from .standing import recency_summary
from .status import COMPETENT, STATUSES


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


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _passport(request: HttpRequest, membership, *, own: bool) -> HttpResponse:
    today = timezone.localdate()
    rows = passport_rows(membership=membership, on=today)
    return render(
        request,
        "competences/passport.html",
        {
            "member": membership,
            "rows": rows,
            "summary": passport_summary(rows),
            "own": own,
            "today": today,
        },
    )


@org_view("competences.view_own")
def my_passport(request: OrgRequest, org_slug: str) -> HttpResponse:
    return _passport(request, request.org_access.membership, own=True)


@org_view("competences.view_team")
def person_passport(request: OrgRequest, org_slug: str, membership_id: int) -> HttpResponse:
    access = request.org_access
    membership = get_membership_for_actor(access, membership_id, "competences.view_team")
    record(
        "competences.passport.viewed",
        kind="view",
        actor=request.user,
        organisation=access.organisation,
        subject=membership.user,
        obj=membership,
        request=request,
    )
    return _passport(request, membership, own=membership.pk == access.membership.pk)


def _line_context(request: OrgRequest, membership_id: int, item_id: int):
    access = request.org_access
    if membership_id == access.membership.pk:
        membership = access.membership
    else:
        membership = get_membership_for_actor(access, membership_id, "competences.view_team")
        record(
            "competences.history.viewed",
            kind="view",
            actor=request.user,
            organisation=access.organisation,
            subject=membership.user,
            obj=membership,
            request=request,
        )
    return membership, get_item(access, item_id)


def _may_log_performance(request, membership, item) -> bool:
    """The member logs their own practice; a registrar may log it for anyone they see."""
    own = membership.pk == request.org_access.membership.pk
    has_rule = bool(item.recency_count and item.recency_months)
    return has_rule and (own or request.org_access.can("competences.register"))


def _history_page(request, membership, item, form=None, performance_form=None) -> HttpResponse:
    records = record_history(membership=membership, item=item)
    if form is None and request.org_access.can("competences.register"):
        form = LineActionForm(records=records)
    if performance_form is None and _may_log_performance(request, membership, item):
        performance_form = PerformanceForm(prefix="uitvoering")
    invalid = any(f is not None and f.is_bound for f in (form, performance_form))
    return render(
        request,
        "competences/history.html",
        {
            "member": membership,
            "item": item,
            "records": records,
            "form": form,
            "performance_form": performance_form,
            "recency": recency_summary(item, records, timezone.localdate()),
        },
        status=400 if invalid else 200,
    )


@org_view("competences.view_own")
def line_history(
    request: OrgRequest, org_slug: str, membership_id: int, item_id: int
) -> HttpResponse:
    """The evidence behind one status: every record, including corrections."""
    membership, item = _line_context(request, membership_id, item_id)
    return _history_page(request, membership, item)


@org_view("competences.view_own")
@require_POST
@once_per_submission
def line_performed(
    request: OrgRequest, org_slug: str, membership_id: int, item_id: int
) -> HttpResponse:
    """Log a performance for the item's recency rule (own logbook, or by a registrar)."""
    membership, item = _line_context(request, membership_id, item_id)
    if not _may_log_performance(request, membership, item):
        raise Http404
    form = PerformanceForm(request.POST, prefix="uitvoering")
    if form.is_valid():
        try:
            performance_log(
                actor=request.user,
                membership=membership,
                item=item,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Uitvoering vastgelegd."))
            return redirect(
                "competences:history",
                org_slug=org_slug,
                membership_id=membership.pk,
                item_id=item.pk,
            )
    return _history_page(request, membership, item, performance_form=form)


LINE_ACTIONS = {
    "suspend": competence_suspend,
    "reinstate": competence_reinstate,
    "revoke": competence_revoke,
}


@org_view("competences.register")
@require_POST
@once_per_submission
def line_action(
    request: OrgRequest, org_slug: str, membership_id: int, item_id: int
) -> HttpResponse:
    """Exempt, suspend, reinstate, revoke or correct: always a new record with a reason."""
    membership, item = _line_context(request, membership_id, item_id)
    form = LineActionForm(request.POST, records=record_history(membership=membership, item=item))
    if form.is_valid():
        data, common = (
            form.cleaned_data,
            {
                "actor": request.user,
                "membership": membership,
                "request": request,
                "reason": form.cleaned_data["reason"],
            },
        )
        try:
            if data["action"] == "exempt":
                exemption_grant(item=item, ends_on=data["ends_on"], **common)
            elif data["action"] == "void":
                record_void(record=data["record"], **common)
            else:
                LINE_ACTIONS[data["action"]](item=item, **common)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Vastgelegd. De status is bijgewerkt."))
            return redirect(
                "competences:history",
                org_slug=org_slug,
                membership_id=membership.pk,
                item_id=item.pk,
            )
    return _history_page(request, membership, item, form)


@org_view("competences.view_team")
def team(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    on = timezone.localdate()
    filters = MatrixFilter(
        department_id=_int_or_none(request.GET.get("afdeling")),
        kind=request.GET.get("soort", "") if request.GET.get("soort") in ItemKind.values else "",
        risk=request.GET.get("risico", "")
        if request.GET.get("risico") in RiskProfile.values
        else "",
        status=request.GET.get("status", "") if request.GET.get("status") in STATUSES else "",
        problems_only=request.GET.get("problemen") == "1",
    )
    matrix = team_matrix(access=access, on=on, filters=filters)
    record_many(
        "competences.team_matrix.viewed",
        kind="view",
        actor=request.user,
        organisation=access.organisation,
        subjects=[m.user for m in matrix.people],
        request=request,
    )
    statuses = [matrix.cells.get((m.pk, i.pk)) for m in matrix.people for i in matrix.items]
    present = [s for s in statuses if s]
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
            "totals": {
                "competent_pct": round(100 * sum(s in COMPETENT for s in present) / len(present))
                if present
                else None,
                "expiring": sum(s == "expiring" for s in present),
                "missing": sum(s in ("missing", "expired") for s in present),
            },
        },
    )


def _departments_for(access):
    departments = Department.objects.filter(organisation=access.organisation)
    visible = access.visible_department_ids
    if visible is not None:
        departments = departments.filter(pk__in=visible)
    return departments.order_by("path")


# Above this many names the roster first shows counts per department: a list of thousands
# helps nobody plan a shift, and every name shown is a logged view of personal data.
ROSTER_NAMES_LIMIT = 250


@org_view("competences.roster")
def who_is_competent(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    items = CompetenceItem.objects.filter(organisation=access.organisation, is_active=True)
    item_id = _int_or_none(request.GET.get("bekwaamheid"))
    selected = get_item(access, item_id) if item_id else None
    departments = _departments_for(access)
    department_id = _int_or_none(request.GET.get("afdeling"))
    department = departments.filter(pk=department_id).first() if department_id else None
    on = _on_date(request)
    date_error = None if on else _("Dit is geen datum. Kies een dag in de kalender (jjjj-mm-dd).")
    item = selected if on else None  # nothing is looked up for a date that does not exist
    counts = competent_counts(access=access, item=item, on=on) if item and on else []
    total = sum(c.competent for c in counts)
    show_names = item is not None and (department is not None or total <= ROSTER_NAMES_LIMIT)
    groups = {}
    if show_names and item is not None and on is not None:
        groups = competent_for(
            access=access, item=item, on=on, department_id=department.pk if department else None
        )
        record_many(
            "competences.roster.viewed",
            kind="view",
            actor=request.user,
            organisation=access.organisation,
            request=request,
            subjects=[p.person for people in groups.values() for p in people],
        )
    return render(
        request,
        "competences/who_is_competent.html",
        {
            "items": items.order_by("kind", "name"),
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
    from .dashboard import compliance_by, compliance_total, trend

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


@org_view("competences.register")
@once_per_submission
def register(request: OrgRequest, org_slug: str, membership_id: int) -> HttpResponse:
    """A coordinator registers a qualification for a member."""
    access = request.org_access
    membership = get_membership_for_actor(access, membership_id, "competences.view_team")
    form = RegisterForm(
        request.POST or None, request.FILES or None, organisation=access.organisation
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            qualification_register(
                actor=request.user,
                membership=membership,
                item=data["item"],
                occurred_on=data["occurred_on"],
                evidence_kind=data["evidence_kind"],
                valid_until=data["valid_until"],
                valid_until_reason=data["valid_until_reason"],
                backdate_reason=data["backdate_reason"],
                evidence_file=data["evidence_file"],
                note=data["note"],
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Geregistreerd: %(item)s.") % {"item": data["item"]})
            return redirect(
                "competences:person_passport", org_slug=org_slug, membership_id=membership.pk
            )
    return form_page(request, "competences/register.html", form, member=membership)


@org_view("competences.request_sign_off")
@once_per_submission
def request_sign_off(request: OrgRequest, org_slug: str) -> HttpResponse:
    """An employee asks an assessor to sign off a practical assessment."""
    access = request.org_access
    form = SignOffRequestForm(
        request.POST or None,
        organisation=access.organisation,
        initial={"item": request.GET.get("bekwaamheid")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            sign_off_request(
                actor=request.user,
                membership=access.membership,
                item=form.cleaned_data["item"],
                performed_on=form.cleaned_data["performed_on"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Je aanvraag is verstuurd naar de beoordelaars."))
            return redirect("competences:my_passport", org_slug=org_slug)
    return form_page(request, "competences/request_sign_off.html", form)


@org_view("competences.sign_off")
def sign_off_list(request: OrgRequest, org_slug: str) -> HttpResponse:
    requests = list(sign_off_inbox(request.org_access)[:200])
    return render(request, "competences/sign_off_list.html", {"requests": requests})


@org_view("competences.sign_off")
def sign_off_detail(request: OrgRequest, org_slug: str, sign_off_id: int) -> HttpResponse:
    access = request.org_access
    sign_off = sign_off_inbox(access).filter(pk=sign_off_id).first()
    if sign_off is None:
        raise Http404
    form = SignOffDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sign_off_decide(
                access=access,
                sign_off=sign_off,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Je besluit is vastgelegd."))
            return redirect("competences:sign_off_list", org_slug=org_slug)
    return form_page(request, "competences/sign_off_detail.html", form, sign_off=sign_off)
