"""Starter kits: the list, making a network space a kit, a new version, and copying it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view
from zorgwijs.knowledge.access import get_space_for_viewer
from zorgwijs.lib.forms import form_page, save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..forms import StarterKitCopyForm
from ..starter_kits import (
    copy_organisations,
    get_kit_for_member,
    kits_for,
    starter_kit_copy,
    starter_kit_mark,
    starter_kit_release,
)


@login_view
def kit_index(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "scenarios/kits.html", {"kits": kits_for(request.user)})


def _refused(request, error: ValidationError) -> HttpResponse:
    return render(request, "scenarios/kit_refused.html", {"errors": error.messages}, status=400)


@login_view
@require_POST
def kit_mark(request: AuthenticatedRequest, space_slug: str) -> HttpResponse:
    access = get_space_for_viewer(request, space_slug)
    try:
        starter_kit_mark(actor=request.user, space=access.space, context=audit_context(request))
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, _("Deze ruimte is nu een startpakket van het netwerk."))
    return redirect("knowledge:space", space_slug=access.space.slug)


@login_view
@require_POST
def kit_release(request: AuthenticatedRequest, kit_id: int) -> HttpResponse:
    kit = get_kit_for_member(request.user, kit_id)
    try:
        kit = starter_kit_release(actor=request.user, kit=kit, context=audit_context(request))
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, _("Versie %(n)s is uitgebracht.") % {"n": kit.version})
    return redirect("knowledge:space", space_slug=kit.space.slug)


@login_view
@once_per_submission
def kit_copy(request: AuthenticatedRequest, kit_id: int) -> HttpResponse:
    kit = get_kit_for_member(request.user, kit_id)
    organisations = copy_organisations(request.user, kit)
    form = StarterKitCopyForm(
        request.POST or None, organisations=organisations, initial={"name": kit.space.name}
    )
    space = save_form(
        request,
        form,
        lambda data: starter_kit_copy(
            actor=request.user,
            kit=kit,
            organisation=data["organisation"],
            name=data["name"],
            context=audit_context(request),
        ),
    )
    if space is not None:
        messages.success(request, _("Het startpakket staat nu in je eigen ruimte. Pas het aan."))
        return redirect("knowledge:space", space_slug=space.slug)
    return form_page(request, "scenarios/kit_copy.html", form, kit=kit, organisations=organisations)
