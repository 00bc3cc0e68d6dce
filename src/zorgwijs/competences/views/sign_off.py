"""Practical sign-off: an employee asks, an assessor decides."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import apply_service_errors, form_page
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..forms import SignOffDecisionForm, SignOffRequestForm
from ..sign_off import sign_off_decide, sign_off_inbox, sign_off_request


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
