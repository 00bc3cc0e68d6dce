"""A person's passport: own or a team member's, the history of one line, registering."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.core.data_cache import cached
from zorgwijs.lib.forms import apply_service_errors, form_page
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.notifications.context_processors import UNREAD_ATTRIBUTE
from zorgwijs.notifications.selectors import unread_count
from zorgwijs.organisations.selectors import get_membership_for_actor

from ..forms import LineActionForm, PerformanceForm, RegisterForm
from ..next_steps import StepContext, annotate
from ..selectors import (
    get_item,
    history_member_open,
    passport_open,
    passport_rows,
    passport_summary,
    record_history,
    requirement_item_ids,
)
from ..services import (
    competence_reinstate,
    competence_revoke,
    competence_suspend,
    exemption_grant,
    performance_log,
    qualification_register,
    record_void,
)
from ..standing import recency_summary


def _passport(request: OrgRequest, membership, *, own: bool) -> HttpResponse:
    today = timezone.localdate()
    # The table and its next steps are kept per viewer, passport, language and day under the
    # data generation (core/data_cache.py): any write to what they show makes a new one.
    key = f"passport:{request.user.pk}:{membership.pk}:{int(own)}:{get_language()}:{today}"
    body, unread = cached(
        key,
        lambda: (
            _passport_body(request, membership, own=own, today=today),
            unread_count(request.user),
        ),
    )
    setattr(request, UNREAD_ATTRIBUTE, unread)  # the header's count, with it
    return render(
        request,
        "competences/passport.html",
        {"member": membership, "own": own, "passport_body": SafeString(body)},  # nosec B703 - rendered by render_to_string, autoescaped
    )


def _passport_body(request: OrgRequest, membership, *, own: bool, today) -> str:
    rows = passport_rows(membership=membership, on=today)
    annotate(StepContext(request.org_access, membership), rows)
    return render_to_string(
        "competences/_passport_body.html",
        {
            "member": membership,
            "rows": rows,
            "summary": passport_summary(rows),
            "own": own,
            "today": today,
        },
        request=request,
    )


@org_view("competences.view_own")
def my_passport(request: OrgRequest, org_slug: str) -> HttpResponse:
    return _passport(request, request.org_access.membership, own=True)


@org_view("competences.view_team")
def person_passport(request: OrgRequest, org_slug: str, membership_id: int) -> HttpResponse:
    access = request.org_access
    membership = passport_open(access, membership_id, context=audit_context(request))
    return _passport(request, membership, own=membership.pk == access.membership.pk)


def _line_context(request: OrgRequest, membership_id: int, item_id: int):
    access = request.org_access
    membership = history_member_open(access, membership_id, context=audit_context(request))
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
                context=audit_context(request),
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
                "context": audit_context(request),
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


@org_view("competences.register")
@once_per_submission
def register(request: OrgRequest, org_slug: str, membership_id: int) -> HttpResponse:
    """A coordinator registers a qualification for a member."""
    access = request.org_access
    membership = get_membership_for_actor(access, membership_id, "competences.view_team")
    wanted = request.GET.get("bekwaamheid", "")
    form = RegisterForm(
        request.POST or None,
        request.FILES or None,
        organisation=access.organisation,
        first=requirement_item_ids(membership=membership, on=timezone.localdate()),
        initial={"item": int(wanted) if wanted.isdigit() and len(wanted) < 10 else None},
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
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Geregistreerd: %(item)s.") % {"item": data["item"]})
            return redirect(
                "competences:person_passport", org_slug=org_slug, membership_id=membership.pk
            )
    return form_page(request, "competences/register.html", form, member=membership)
