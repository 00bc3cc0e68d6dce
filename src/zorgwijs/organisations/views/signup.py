"""Sign-up of organisations: a public application form, and the platform admin's queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import platform_admin_view, public_view
from zorgwijs.lib.forms import form_page, save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..forms.signup import ApplicationForm, DeclineForm
from ..models import OrganisationApplication
from ..services.applications import application_approve, application_decline, application_submit

DECIDED_SHOWN = 50


@public_view
@once_per_submission
def application_create(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    application = save_form(
        request,
        form,
        lambda data: application_submit(
            data=data, language=translation.get_language() or "nl", context=audit_context(request)
        ),
    )
    if application is not None:
        return redirect("signup:sent")
    return form_page(request, "organisations/signup/apply.html", form)


@public_view
def application_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/signup/sent.html")


@platform_admin_view
def application_list(request: AuthenticatedRequest) -> HttpResponse:
    applications = OrganisationApplication.objects.select_related("decided_by", "organisation")
    return render(
        request,
        "organisations/signup/list.html",
        {
            "open": applications.filter(status=OrganisationApplication.Status.OPEN),
            "decided": applications.exclude(status=OrganisationApplication.Status.OPEN)[
                :DECIDED_SHOWN
            ],
        },
    )


def _detail(request, application, decline_form=None, approve_errors=(), status=200) -> HttpResponse:
    return render(
        request,
        "organisations/signup/detail.html",
        {
            "application": application,
            "decline_form": decline_form or DeclineForm(),
            "approve_errors": approve_errors,
        },
        status=status,
    )


@platform_admin_view
def application_detail(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(OrganisationApplication, pk=application_id)
    return _detail(request, application)


@platform_admin_view
@require_POST
def application_approve_view(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(OrganisationApplication, pk=application_id)
    try:
        organisation = application_approve(
            actor=request.user, application=application, context=audit_context(request)
        )
    except ValidationError as error:
        return _detail(request, application, approve_errors=error.messages, status=400)
    messages.success(
        request,
        _("%(name)s staat op Zorgwijs; %(email)s is uitgenodigd als beheerder.")
        % {"name": organisation.name, "email": application.contact_email},
    )
    return redirect("platform:applications")


@platform_admin_view
@require_POST
def application_decline_view(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(OrganisationApplication, pk=application_id)
    form = DeclineForm(request.POST)
    declined = save_form(
        request,
        form,
        lambda data: application_decline(
            actor=request.user,
            application=application,
            reason=data["reason"],
            context=audit_context(request),
        ),
    )
    if declined is None:
        return _detail(request, application, decline_form=form, status=400)
    messages.success(request, _("De aanmelding is afgewezen; de aanvrager krijgt bericht."))
    return redirect("platform:applications")
