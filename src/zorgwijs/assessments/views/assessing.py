"""Practical assessments: the assessor picks a checklist and a candidate, fills it in on a
phone and signs; the candidate reads and signs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import apply_service_errors
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..forms import AssessmentHeadForm, SignForm
from ..selectors import (
    active_checklists,
    assessed_by,
    assessment_open,
    candidates,
    get_assessment,
    get_checklist,
)
from ..services import assessment_sign, assessment_submit
from ..services.checklists import MET, NOT_MET, Finding


@org_view("assessments.assess")
def assess_index(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    checklists = list(active_checklists(access))
    people = list(candidates(access))
    checklist_id, candidate_id = request.GET.get("checklist", ""), request.GET.get("candidate", "")
    if (
        checklist_id.isdigit()
        and candidate_id.isdigit()
        and any(str(c.pk) == checklist_id for c in checklists)
        and any(str(p.pk) == candidate_id for p in people)
    ):
        return redirect(
            "assessments:assess",
            org_slug=org_slug,
            checklist_id=int(checklist_id),
            membership_id=int(candidate_id),
        )
    return render(
        request,
        "assessments/assess_index.html",
        {"checklists": checklists, "people": people, "recent": list(assessed_by(access))},
    )


@org_view("assessments.assess")
@require_http_methods(["GET", "POST"])
@once_per_submission
def assess(
    request: OrgRequest, org_slug: str, checklist_id: int, membership_id: int
) -> HttpResponse:
    access = request.org_access
    checklist = get_checklist(access, checklist_id)
    candidate = candidates(access).filter(pk=membership_id).first()
    if candidate is None:
        raise Http404
    criteria = list(checklist.criteria.all())
    form = AssessmentHeadForm(
        request.POST if request.method == "POST" else None,
        initial={"performed_on": timezone.localdate()},
    )
    results = {c.pk: request.POST.get(f"c{c.pk}", "") for c in criteria}
    comments = {c.pk: request.POST.get(f"c{c.pk}_comment", "")[:1000] for c in criteria}
    errors: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_submit(
                assessor=access.membership,
                checklist=checklist,
                candidate=candidate,
                performed_on=form.cleaned_data["performed_on"],
                findings=[Finding(c.pk, results[c.pk], comments[c.pk]) for c in criteria],
                comment=form.cleaned_data["comment"],
                context=audit_context(request),
            )
        except ValidationError as refused:
            if hasattr(refused, "error_dict"):
                errors = {
                    k: " ".join(str(m) for e in v for m in e.messages)
                    for k, v in refused.error_dict.items()
                    if k.startswith("c")
                }
                rest = {k: v for k, v in refused.error_dict.items() if not k.startswith("c")}
                if rest:
                    apply_service_errors(form, ValidationError(rest))
            else:
                apply_service_errors(form, refused)
        else:
            messages.success(
                request,
                _("De beoordeling is ondertekend en wacht op de handtekening van de medewerker."),
            )
            return redirect(
                "assessments:assessment", org_slug=org_slug, assessment_id=assessment.pk
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assessments/assess.html",
        {
            "checklist": checklist,
            "candidate": candidate,
            "form": form,
            "rows": [
                {
                    "criterion": c,
                    "result": results[c.pk],
                    "comment": comments[c.pk],
                    "error": errors.get(f"c{c.pk}", ""),
                }
                for c in criteria
            ],
            "has_row_errors": bool(errors),
            "MET": MET,
            "NOT_MET": NOT_MET,
            "draft_key": f"checklist-{checklist.pk}-{candidate.pk}",
        },
        status=status,
    )


@org_view("assessments.take")
@require_http_methods(["GET", "POST"])
def assessment_page(request: OrgRequest, org_slug: str, assessment_id: int) -> HttpResponse:
    access = request.org_access
    assessment = (
        assessment_open(access, assessment_id, context=audit_context(request))
        if request.method == "GET"
        else get_assessment(access, assessment_id)
    )
    is_candidate = assessment.candidate_id == access.membership.pk
    bound = request.POST if request.method == "POST" else None
    form = SignForm(bound) if is_candidate else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                assessment_sign(
                    candidate=access.membership,
                    assessment=assessment,
                    context=audit_context(request),
                )
            except ValidationError as refused:
                apply_service_errors(form, refused)
            else:
                messages.success(request, _("Je hebt de beoordeling ondertekend."))
                return redirect(
                    "assessments:assessment", org_slug=org_slug, assessment_id=assessment.pk
                )
    return render(
        request,
        "assessments/assessment.html",
        {"assessment": assessment, "form": form, "is_candidate": is_candidate, "MET": MET},
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )
