"""Coordinator screens for blueprints: list, outline and its versions, share and adopt, and
the gap analysis of a person or a cohort against a blueprint."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import apply_service_errors, form_page
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..access import blueprints_for, get_blueprint, get_member, get_own_blueprint
from ..forms import BlueprintForm, OutcomeForm, ProcessForm, ShareForm
from ..gap import GAP_ORDER, blueprint_outcomes, cohort_tally, gap_read
from ..models import Blueprint
from ..services.blueprints import (
    blueprint_adopt,
    blueprint_create,
    blueprint_new_version,
    blueprint_publish,
    blueprint_share,
    outcome_add,
    process_add,
)

MAX_COHORT = 1000


@org_view("learning.manage")
@once_per_submission
def blueprints(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    form = BlueprintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            blueprint = blueprint_create(
                actor=request.user,
                organisation=access.organisation,
                context=audit_context(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("learning:blueprint", org_slug=org_slug, blueprint_id=blueprint.pk)
    rows = list(blueprints_for(access).order_by("network_id", "name", "-version"))
    adopted = set(
        Blueprint.objects.filter(
            organisation=access.organisation, adopted_from__isnull=False
        ).values_list("adopted_from_id", flat=True)
    )
    return form_page(
        request,
        "learning/blueprints.html",
        form,
        own=[b for b in rows if b.organisation_id],
        shared=[b for b in rows if b.network_id],
        adopted=adopted,
    )


@org_view("learning.manage")
@once_per_submission
def blueprint(request: OrgRequest, org_slug: str, blueprint_id: int) -> HttpResponse:
    access = request.org_access
    bp = get_blueprint(access, blueprint_id)
    own = bp.organisation_id == access.organisation.pk
    process_form = ProcessForm(
        request.POST if request.POST.get("form") == "process" else None, prefix="p"
    )
    outcome_form = OutcomeForm(
        request.POST if request.POST.get("form") == "outcome" else None, blueprint=bp, prefix="o"
    )
    if request.method == "POST":
        if not own:
            raise Http404
        try:
            if request.POST.get("form") == "process" and process_form.is_valid():
                process_add(
                    actor=request.user,
                    blueprint=bp,
                    context=audit_context(request),
                    **process_form.cleaned_data,
                )
                messages.success(request, _("Werkproces toegevoegd."))
                return redirect("learning:blueprint", org_slug=org_slug, blueprint_id=bp.pk)
            if request.POST.get("form") == "outcome" and outcome_form.is_valid():
                data = dict(outcome_form.cleaned_data)
                outcome_add(
                    actor=request.user,
                    blueprint=bp,
                    process=data.pop("process"),
                    item=data.pop("item"),
                    prerequisites=list(data.pop("prerequisites")),
                    data=data,
                    context=audit_context(request),
                )
                messages.success(request, _("Leeruitkomst toegevoegd."))
                return redirect("learning:blueprint", org_slug=org_slug, blueprint_id=bp.pk)
        except ValidationError as error:
            apply_service_errors(
                outcome_form if request.POST.get("form") == "outcome" else process_form, error
            )
    status = 400 if request.method == "POST" else 200
    outcomes = blueprint_outcomes(bp)
    processes = [(p, [o for o in outcomes if o.process_id == p.pk]) for p in bp.processes.all()]
    versions = Blueprint.objects.filter(lineage=bp.lineage).order_by("-version")
    return render(
        request,
        "learning/blueprint.html",
        {
            "blueprint": bp,
            "own": own,
            "processes": processes,
            "outcome_count": len(outcomes),
            "versions": versions,
            "process_form": process_form,
            "outcome_form": outcome_form,
            "share_form": ShareForm(organisation=access.organisation),
            "adopted": Blueprint.objects.filter(
                organisation=access.organisation, adopted_from=bp
            ).first(),
        },
        status=status,
    )


@org_view("learning.manage")
@require_POST
def blueprint_action(request: OrgRequest, org_slug: str, blueprint_id: int) -> HttpResponse:
    """Publish, new version, share in a network, or adopt a network's blueprint."""
    access = request.org_access
    action = request.POST.get("action", "")
    target = None
    try:
        if action == "adopt":
            template = get_blueprint(access, blueprint_id)
            target = blueprint_adopt(
                actor=request.user,
                organisation=access.organisation,
                template=template,
                context=audit_context(request),
            )
            messages.success(
                request, _("Overgenomen als concept. Je mag het aanscherpen en dan vaststellen.")
            )
        else:
            bp = get_own_blueprint(access, blueprint_id)
            if action == "publish":
                target = blueprint_publish(
                    actor=request.user, blueprint=bp, context=audit_context(request)
                )
                messages.success(request, _("Deze versie is vastgesteld."))
            elif action == "version":
                target = blueprint_new_version(
                    actor=request.user, blueprint=bp, context=audit_context(request)
                )
                messages.success(request, _("Nieuwe conceptversie gemaakt."))
            elif action == "share":
                form = ShareForm(request.POST, organisation=access.organisation)
                if not form.is_valid():
                    raise ValidationError(_("Kies een netwerk van je organisatie."))
                blueprint_share(
                    actor=request.user,
                    organisation=access.organisation,
                    blueprint=bp,
                    network=form.cleaned_data["network"],
                    context=audit_context(request),
                )
                messages.success(request, _("Gedeeld in het netwerk."))
                target = bp
            else:
                raise ValidationError(_("Onbekende actie."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(
        "learning:blueprint",
        org_slug=org_slug,
        blueprint_id=(target or get_blueprint(access, blueprint_id)).pk,
    )


@org_view("learning.manage")
def gap(request: OrgRequest, org_slug: str, blueprint_id: int) -> HttpResponse:
    """One person's gap side by side per outcome (``?persoon=``), or a cohort's: everyone of a
    department (``?afdeling=``) with counts per outcome and per person."""
    access = request.org_access
    bp = get_blueprint(access, blueprint_id)
    members = (
        access.visible_memberships("people.view_all")
        .active()
        .select_related("user", "primary_department")
    )
    person_id = request.GET.get("persoon", "")
    department_id = request.GET.get("afdeling", "")
    outcomes = blueprint_outcomes(bp)
    context: dict = {
        "blueprint": bp,
        "outcomes": outcomes,
        "order": GAP_ORDER,
        "departments": access.organisation.departments.order_by("path"),
        "people": members.order_by("user__full_name"),
    }
    if person_id.isdigit():
        membership = get_member(access, int(person_id))
        [person_gap] = gap_read(
            bp,
            [membership],
            organisation=access.organisation,
            context=audit_context(request),
            outcomes=outcomes,
        )
        context.update(person_gap=person_gap, person=membership)
    elif department_id.isdigit():
        cohort = list(
            members.in_departments([int(department_id)]).order_by("user__full_name")[:MAX_COHORT]
        )
        gaps = gap_read(
            bp,
            cohort,
            organisation=access.organisation,
            context=audit_context(request),
            cohort=True,
            outcomes=outcomes,
        )
        context.update(cohort=gaps, tally=cohort_tally(gaps), department_id=int(department_id))
    return render(request, "learning/gap.html", context)
