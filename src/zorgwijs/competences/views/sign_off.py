"""Practical sign-off: an employee asks, an assessor decides."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import apply_service_errors, form_page, int_or_none
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..forms import SignOffDecisionForm, SignOffRequestForm, SignOffWithdrawForm
from ..selectors import requirement_item_ids
from ..sign_off import (
    pending_items,
    sign_off_decide,
    sign_off_inbox,
    sign_off_request,
    sign_off_withdraw,
    withdrawable,
)


@org_view("competences.request_sign_off")
@once_per_submission
def request_sign_off(request: OrgRequest, org_slug: str) -> HttpResponse:
    """An employee asks an assessor to sign off a practical assessment."""
    access = request.org_access
    pending = pending_items(membership=access.membership)
    form = SignOffRequestForm(
        request.POST or None,
        organisation=access.organisation,
        first=requirement_item_ids(membership=access.membership, on=timezone.localdate()),
        pending={item.pk for item in pending},
        initial={"item": int_or_none(request.GET.get("bekwaamheid"))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            sign_off_request(
                actor=request.user,
                membership=access.membership,
                item=form.cleaned_data["item"],
                performed_on=form.cleaned_data["performed_on"],
                note=form.cleaned_data["note"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Je aanvraag is verstuurd naar de beoordelaars."))
            return redirect("competences:my_passport", org_slug=org_slug)
    return form_page(request, "competences/request_sign_off.html", form, pending=pending)


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
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Je besluit is vastgelegd."))
            return redirect("competences:sign_off_list", org_slug=org_slug)
    return form_page(request, "competences/sign_off_detail.html", form, sign_off=sign_off)


@org_view("competences.request_sign_off")
@once_per_submission
def sign_off_withdraw_view(request: OrgRequest, org_slug: str, sign_off_id: int) -> HttpResponse:
    """Withdraw an open request: the employee their own, a coordinator any (with a reason)."""
    access = request.org_access
    sign_off = withdrawable(access).select_related("person", "item").filter(pk=sign_off_id).first()
    if sign_off is None:
        raise Http404
    own = sign_off.person_id == access.membership.user_id
    form = SignOffWithdrawForm(request.POST or None, reason_required=not own)
    if request.method == "POST" and form.is_valid():
        try:
            sign_off_withdraw(
                access=access,
                sign_off=sign_off,
                reason=form.cleaned_data["reason"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("De aanvraag is ingetrokken."))
            if own:
                return redirect("competences:my_passport", org_slug=org_slug)
            return redirect("competences:sign_off_list", org_slug=org_slug)
    return form_page(
        request, "competences/sign_off_withdraw.html", form, sign_off=sign_off, own=own
    )
