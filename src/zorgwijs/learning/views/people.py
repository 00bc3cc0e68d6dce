"""The learner's route and the werkbegeleider's screen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import apply_service_errors
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..access import get_guided_step, get_own_step, guided_steps, own_routes, routes_for_office
from ..forms import FeedbackForm, NoteForm, SignOffForm
from ..gap import analyse
from ..models import GUIDED_KINDS, NoteKind, RouteState, RouteStep
from ..selectors import next_step, route_steps, route_steps_read, step_proof
from ..services.credentials import route_credential
from ..services.routes import note_add, step_sign_off


@org_view("learning.view_own")
def my_route(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    routes = list(
        own_routes(access)
        .select_related("blueprint", "mentor__user")
        .order_by("state", "-start_date")
    )
    current = next(
        (r for r in routes if r.state == RouteState.ACTIVE), routes[0] if routes else None
    )
    context: dict = {"routes": routes, "route": current}
    if current is not None:
        views = route_steps(current)
        upcoming = next_step(views)
        context.update(
            steps=views,
            next=upcoming,
            done=sum(1 for v in views if v.step.is_done),
            proof=step_proof(upcoming.step if upcoming else None),
            may_take=access.can("assessments.take"),
        )
        if request.GET.get("overzicht") == "verschil":
            context["gap"] = analyse(current.blueprint, [access.membership])[0]
    return render(request, "learning/my_route.html", context)


@org_view("learning.view_own")
@require_POST
def my_route_credential(
    request: OrgRequest, org_slug: str, completed_route_id: int
) -> HttpResponse:
    """Share one's own completed route as a verifiable credential (Open Badges): made once,
    then downloaded from the credential's page. Someone else's route is 404."""
    route = own_routes(request.org_access).filter(pk=completed_route_id).first()
    if route is None:
        raise Http404
    try:
        credential = route_credential(
            actor=request.user, route=route, context=audit_context(request)
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("learning:my_route", org_slug=org_slug)
    return redirect("competences:credential_detail", org_slug=org_slug, credential_id=credential.pk)


@org_view("learning.view_own")
@once_per_submission
def my_step(request: OrgRequest, org_slug: str, step_id: int) -> HttpResponse:
    """One step of my route: what, where, with whom, when; my reflections and portfolio.

    Someone else's step sends its werkbegeleider to the sign-off screen and the coordinator to
    the route page (a link shared from the learner lands where the reader can act); anyone else
    gets 404."""
    access = request.org_access
    try:
        step = get_own_step(access, step_id)
    except Http404:
        if access.can("learning.guide") and guided_steps(access).filter(pk=step_id).exists():
            return redirect("learning:guide_step", org_slug=org_slug, step_id=step_id)
        if access.can("learning.progress"):
            other = RouteStep.objects.filter(
                pk=step_id, route__in=routes_for_office(access)
            ).first()
            if other is not None:
                url = reverse(
                    "learning:route", kwargs={"org_slug": org_slug, "route_id": other.route_id}
                )
                return redirect(f"{url}#stap-{other.pk}")
        raise
    form = NoteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            note_add(
                actor=request.user,
                step=step,
                kind=NoteKind.REFLECTION,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Je reflectie is bewaard."))
            return redirect("learning:my_step", org_slug=org_slug, step_id=step.pk)
    view = next(v for v in route_steps(step.route) if v.step.pk == step.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "learning/my_step.html",
        {
            "view": view,
            "step": view.step,
            "form": form,
            "proof": step_proof(view.step),
            "may_take": access.can("assessments.take"),
        },
        status=status,
    )


@org_view("learning.guide")
def guide(request: OrgRequest, org_slug: str) -> HttpResponse:
    """My learners, each with the step waiting for me."""
    access = request.org_access
    steps = list(
        guided_steps(access)
        .select_related("route__membership__user", "route__blueprint")
        .order_by("route_id", "position")
    )
    learners: dict = {}
    for step in steps:
        learners.setdefault(
            step.route_id, {"route": step.route, "waiting": None, "open": 0, "done": 0}
        )
    for route_id, entry in learners.items():
        views = route_steps(entry["route"])
        mine = [v for v in views if v.step.pk in {s.pk for s in steps if s.route_id == route_id}]
        entry["done"] = sum(1 for v in views if v.step.is_done)
        entry["total"] = len(views)
        # What needs the werkbegeleider: an internship or practical assessment to sign off.
        waiting = [v for v in mine if not v.step.is_done and v.step.kind in GUIDED_KINDS]
        entry["waiting"] = (
            min(waiting, key=lambda v: (bool(v.waiting_for), v.due)) if waiting else None
        )
        entry["next"] = next_step(views)
    return render(request, "learning/guide.html", {"learners": list(learners.values())})


@org_view("learning.guide")
@once_per_submission
def guide_step(request: OrgRequest, org_slug: str, step_id: int) -> HttpResponse:
    """Sign off a step, or give feedback, in one screen."""
    access = request.org_access
    step = get_guided_step(access, step_id)
    action = request.POST.get("action")
    sign_form = SignOffForm(request.POST if action == "sign_off" else None, prefix="s")
    feedback_form = FeedbackForm(request.POST if action == "feedback" else None, prefix="f")
    if action == "sign_off" and sign_form.is_valid():
        try:
            step_sign_off(
                access=access,
                step=step,
                comment=sign_form.cleaned_data["comment"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(sign_form, error)
        else:
            messages.success(request, _("Stap afgetekend."))
            return redirect("learning:guide", org_slug=org_slug)
    elif action == "feedback" and feedback_form.is_valid():
        try:
            note_add(
                actor=request.user,
                step=step,
                kind=NoteKind.FEEDBACK,
                text=feedback_form.cleaned_data["text"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(feedback_form, error)
        else:
            messages.success(request, _("Je feedback is bewaard."))
            return redirect("learning:guide_step", org_slug=org_slug, step_id=step.pk)
    steps = route_steps_read(access, step.route, context=audit_context(request))
    view = next(v for v in steps if v.step.pk == step.pk)
    status = (
        400
        if (sign_form.is_bound and sign_form.errors)
        or (feedback_form.is_bound and feedback_form.errors)
        else 200
    )
    return render(
        request,
        "learning/guide_step.html",
        {
            "view": view,
            "step": view.step,
            "learner": step.route.membership,
            "sign_form": sign_form,
            "feedback_form": feedback_form,
            "proof": step_proof(view.step),
            "may_assess": access.can("assessments.assess"),
        },
        status=status,
    )
