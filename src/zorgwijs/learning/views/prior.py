"""Curricula (a school declares what its tracks cover) and prior learning (diplomas, EVC)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import apply_service_errors, form_page
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.models import OrganisationKind

from ..access import (
    curricula_for,
    get_curriculum,
    get_member,
    get_pending_prior,
    own_routes,
    prior_inbox,
)
from ..forms import CurriculumForm, CurriculumOutcomeForm, DecisionForm, MyPriorForm, PriorForm
from ..gap import blueprint_outcomes
from ..models import PriorKind, PriorLearning, RouteState
from ..selectors import prior_decision_read, prior_rows_read
from ..services.prior import curriculum_create, curriculum_outcome_add, prior_decide, prior_register


@org_view("learning.manage")
@once_per_submission
def curricula(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    is_school = access.organisation.kind == OrganisationKind.EDUCATION
    form = CurriculumForm(request.POST or None) if is_school else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            curriculum = curriculum_create(
                actor=request.user,
                organisation=access.organisation,
                context=audit_context(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("learning:curriculum", org_slug=org_slug, curriculum_id=curriculum.pk)
    status = 400 if form is not None and form.is_bound and form.errors else 200
    rows = curricula_for(access).order_by("organisation__name", "programme", "track")
    return render(
        request,
        "learning/curricula.html",
        {"curricula": rows, "form": form, "is_school": is_school},
        status=status,
    )


@org_view("learning.manage")
@once_per_submission
def curriculum(request: OrgRequest, org_slug: str, curriculum_id: int) -> HttpResponse:
    access = request.org_access
    cur = get_curriculum(access, curriculum_id)
    own = cur.organisation_id == access.organisation.pk
    form = CurriculumOutcomeForm(request.POST or None) if own else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                curriculum_outcome_add(
                    actor=request.user,
                    curriculum=cur,
                    context=audit_context(request),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Leeruitkomst toegevoegd."))
                return redirect("learning:curriculum", org_slug=org_slug, curriculum_id=cur.pk)
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(
        request,
        "learning/curriculum.html",
        {"curriculum": cur, "outcomes": cur.outcomes.all(), "form": form},
        status=status,
    )


@org_view("learning.manage")
@once_per_submission
def prior(request: OrgRequest, org_slug: str, membership_id: int) -> HttpResponse:
    """What a person brings along: register a diploma (counts at once) or EVC evidence (counts
    once an assessor accepts it)."""
    access = request.org_access
    membership = get_member(access, membership_id)
    form = PriorForm(request.POST or None, request.FILES or None, curricula=curricula_for(access))
    if request.method == "POST" and form.is_valid():
        try:
            prior_register(
                actor=request.user,
                membership=membership,
                context=audit_context(request),
                evidence_file=form.cleaned_data.pop("evidence_file"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Vastgelegd."))
            return redirect("learning:prior", org_slug=org_slug, membership_id=membership.pk)
    rows = prior_rows_read(access, membership, context=audit_context(request))
    return form_page(request, "learning/prior.html", form, person=membership, rows=rows)


@org_view("learning.assess_prior")
def prior_inbox_view(request: OrgRequest, org_slug: str) -> HttpResponse:
    return render(
        request, "learning/prior_inbox.html", {"rows": list(prior_inbox(request.org_access)[:200])}
    )


@org_view("learning.assess_prior")
def prior_decide_view(request: OrgRequest, org_slug: str, prior_id: int) -> HttpResponse:
    access = request.org_access
    item = get_pending_prior(access, prior_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prior_decide(
                actor=request.user,
                prior=item,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Je besluit is vastgelegd."))
            return redirect("learning:prior_inbox", org_slug=org_slug)
    prior = prior_decision_read(access, item, context=audit_context(request))
    return form_page(request, "learning/prior_decide.html", form, prior=prior)


@org_view("learning.view_own")
@once_per_submission
def my_prior(request: OrgRequest, org_slug: str) -> HttpResponse:
    """The learner hands in EVC evidence for outcomes of their route's blueprint themselves; it
    counts in the gap only once an assessor (never they themselves) accepts it."""
    access = request.org_access
    route = (
        own_routes(access)
        .exclude(state=RouteState.COMPLETED)
        .select_related("blueprint")
        .order_by("state", "-start_date")
        .first()
    )
    form = None
    if route is not None:
        form = MyPriorForm(
            request.POST or None,
            request.FILES or None,
            outcomes=blueprint_outcomes(route.blueprint),
        )
        if request.method == "POST" and form.is_valid():
            try:
                prior_register(
                    actor=request.user,
                    membership=access.membership,
                    kind=PriorKind.EVC,
                    context=audit_context(request),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Ingeleverd. Het telt zodra een beoordelaar het heeft geaccepteerd."),
                )
                return redirect("learning:my_prior", org_slug=org_slug)
    elif request.method == "POST":
        raise Http404
    rows = PriorLearning.objects.filter(membership=access.membership).select_related(
        "curriculum", "assessed_by"
    )
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(
        request,
        "learning/my_prior.html",
        {"form": form, "route": route, "rows": rows},
        status=status,
    )
