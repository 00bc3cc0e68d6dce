"""Coordinator screens for routes: progress of all routes (a cohort per blueprint, who is
behind), propose a route, edit and approve it, and save a finished one as a template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import apply_service_errors, form_page
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..access import get_route, get_step_of_route, routes_for_office
from ..forms import RouteNewForm, StepAddForm, StepForm, TemplateForm
from ..gap import analyse, blueprint_outcomes
from ..models import Blueprint, RouteState
from ..selectors import (
    next_step,
    route_read,
    route_steps,
    route_steps_read,
    routes_progress_read,
)
from ..services.editing import step_add, step_move, step_remove
from ..services.routes import (
    route_approve,
    route_propose,
    route_save_template,
    step_mark_done,
    step_update,
)


@org_view("learning.progress")
def index(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    routes = routes_for_office(access)
    blueprint_id = request.GET.get("blauwdruk", "")
    if blueprint_id.isdigit():
        routes = routes.filter(
            blueprint__lineage__in=Blueprint.objects.filter(pk=int(blueprint_id)).values("lineage")
        )
    only_behind = request.GET.get("achter") == "1"
    rows = routes_progress_read(
        access,
        routes.exclude(state=RouteState.COMPLETED) if only_behind else routes,
        context=audit_context(request),
        only_overdue=only_behind,
    )
    return render(
        request,
        "learning/index.html",
        {
            "rows": rows,
            "behind": sum(1 for r in rows if r.overdue),
            "blueprints": Blueprint.objects.filter(
                organisation=access.organisation, state="published"
            ),
            "blueprint_id": int(blueprint_id) if blueprint_id.isdigit() else None,
            "only_behind": only_behind,
        },
    )


@org_view("learning.manage")
@once_per_submission
def route_new(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    form = RouteNewForm(
        request.POST or None,
        access=access,
        initial={
            "membership": request.GET.get("persoon"),
            "blueprint": request.GET.get("blauwdruk"),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            route = route_propose(
                actor=request.user, context=audit_context(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Voorstel gemaakt. Pas het aan en keur het goed."))
            return redirect("learning:route", org_slug=org_slug, route_id=route.pk)
    return form_page(request, "learning/route_new.html", form)


@org_view("learning.progress")
def route(request: OrgRequest, org_slug: str, route_id: int) -> HttpResponse:
    access = request.org_access
    rt = route_read(access, route_id, context=audit_context(request))
    views = route_steps(rt)
    outcomes = blueprint_outcomes(rt.blueprint)
    person_gap = analyse(rt.blueprint, [rt.membership], outcomes=outcomes)[0]
    planned_for: dict[int, list] = {o.pk: [] for o in outcomes}
    for view in views:
        for outcome in view.step.outcomes.all():
            planned_for.setdefault(outcome.pk, []).append(view.step)
    return render(
        request,
        "learning/route.html",
        {
            "route": rt,
            "steps": views,
            "next": next_step(views),
            "gap_rows": [(row, planned_for.get(row.outcome.pk, [])) for row in person_gap.rows],
            "counts": person_gap.counts,
            "total_hours": sum(v.step.hours for v in views),
            "end": max((v.due for v in views), default=rt.start_date),
            "can_manage": access.can("learning.manage"),
            "template_form": TemplateForm(initial={"name": rt.blueprint.target_role}),
        },
    )


@org_view("learning.manage")
def step_edit(request: OrgRequest, org_slug: str, route_id: int, step_id: int) -> HttpResponse:
    access = request.org_access
    rt = get_route(access, route_id)
    step = get_step_of_route(rt, step_id)
    form = StepForm(
        request.POST or None,
        access=access,
        initial={
            "title": step.title,
            "hours": step.hours,
            "fixed_due_day": step.fixed_due_day,
            "fixed_due_reason": step.fixed_due_reason,
            "supervisor": step.supervisor_id,
        },
    )
    if request.method == "POST" and request.POST.get("action") == "done":
        try:
            step_mark_done(actor=request.user, step=step, context=audit_context(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Stap afgerond."))
        return redirect("learning:route", org_slug=org_slug, route_id=rt.pk)
    if request.method == "POST" and form.is_valid():
        try:
            step_update(
                actor=request.user, step=step, context=audit_context(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Stap aangepast; de deadlines zijn opnieuw berekend."))
            return redirect("learning:route", org_slug=org_slug, route_id=rt.pk)
    return form_page(request, "learning/step_edit.html", form, route=rt, step=step)


@org_view("learning.manage")
@require_POST
def route_action(request: OrgRequest, org_slug: str, route_id: int) -> HttpResponse:
    """Approve the route, or save a finished route as a template ("het gebaande pad")."""
    rt = get_route(request.org_access, route_id)
    action = request.POST.get("action")
    try:
        if action == "approve":
            route_approve(actor=request.user, route=rt, context=audit_context(request))
            messages.success(
                request, _("Route goedgekeurd: de lerende en de werkbegeleider zien haar nu.")
            )
        elif action == "template":
            form = TemplateForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Geef het sjabloon een naam en kies wie het ziet."))
            route_save_template(
                actor=request.user, route=rt, context=audit_context(request), **form.cleaned_data
            )
            messages.success(request, _("Bewaard als gebaand pad voor de volgende."))
        else:
            raise ValidationError(_("Onbekende actie."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("learning:route", org_slug=org_slug, route_id=rt.pk)


@org_view("learning.manage")
def route_edit(request: OrgRequest, org_slug: str, route_id: int) -> HttpResponse:
    """Add, remove and move steps of a proposed or running route; each change shows the
    recomputed due dates with their reasons. A refusal stands at the step it concerns (or
    at the field of the add form), with status 400 and nothing changed."""
    access = request.org_access
    rt = get_route(access, route_id)
    action = request.POST.get("action") if request.method == "POST" else None
    add_form = StepAddForm(request.POST if action == "add" else None, route=rt)
    row_errors: dict[int, list[str]] = {}
    errors: list[str] = []
    if action == "add" and add_form.is_valid():
        try:
            step_add(
                actor=request.user,
                route=rt,
                context=audit_context(request),
                **add_form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(add_form, error)
        else:
            messages.success(request, _("Stap toegevoegd; de deadlines zijn opnieuw berekend."))
            return redirect("learning:route_edit", org_slug=org_slug, route_id=rt.pk)
    elif action in ("remove", "up", "down"):
        raw = request.POST.get("step", "")
        step = rt.steps.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 10 else None
        if step is None:
            errors.append(_("Kies een stap van deze route."))
        else:
            try:
                if action == "remove":
                    step_remove(actor=request.user, step=step, context=audit_context(request))
                    done = _("Stap verwijderd; de deadlines zijn opnieuw berekend.")
                else:
                    step_move(
                        actor=request.user,
                        step=step,
                        direction=action,
                        context=audit_context(request),
                    )
                    done = _("Volgorde aangepast; de deadlines zijn opnieuw berekend.")
            except ValidationError as error:
                row_errors[step.pk] = error.messages
            else:
                messages.success(request, done)
                return redirect("learning:route_edit", org_slug=org_slug, route_id=rt.pk)
    elif action is not None and action != "add":
        errors.append(_("Onbekende actie."))
    refused = bool(row_errors or errors or (add_form.is_bound and add_form.errors))
    views = route_steps_read(access, rt, context=audit_context(request))
    return render(
        request,
        "learning/route_edit.html",
        {
            "route": rt,
            "steps": views,
            "form": add_form,
            "row_errors": row_errors,
            "errors": errors,
            "end": max((v.due for v in views), default=rt.start_date),
            "total_hours": sum(v.step.hours for v in views),
        },
        status=400 if refused else 200,
    )
