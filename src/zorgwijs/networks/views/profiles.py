"""The network's function profiles (seed 003): what each shared profile asks, for whoever may
see the network, and a coordinator's new version of one (``competences.network_catalogue``
keeps the versions; organisations that adopted an earlier one keep their copy)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.competences.models import RequirementProfile
from zorgwijs.competences.network_catalogue import (
    network_item_templates,
    network_profile_template,
    network_profiles,
    profile_template_revise,
)
from zorgwijs.core.access import login_view, public_view
from zorgwijs.lib.forms import form_page, save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..access import get_network_for_coordinator, get_network_for_viewer
from ..forms import ProfileTemplateForm


@public_view
def function_profiles(request: HttpRequest, network_slug: str) -> HttpResponse:
    """The function profiles the network shares (item 6): what each function asks, for anyone
    who may see the network; member organisations adopt them in their own profiles."""
    access = get_network_for_viewer(request, network_slug)
    return render(
        request,
        "networks/function_profiles.html",
        {
            "access": access,
            "network": access.network,
            "profiles": list(network_profiles(access.network)),
            "adopt_in": [
                m.organisation for m in access.members if m.organisation_id in access.member_org_ids
            ],
        },
    )


@login_view
@once_per_submission
def function_profile_revise(
    request: AuthenticatedRequest, network_slug: str, profile_template_id: int
) -> HttpResponse:
    """A coordinator edits a shared function profile as a new version."""
    access = get_network_for_coordinator(request, network_slug)
    # Any version: a form opened on one that has since been replaced is refused at saving.
    template = network_profile_template(access.network, profile_template_id)
    if template is None:
        raise Http404
    form = ProfileTemplateForm(
        request.POST or None,
        template=template,
        items=list(network_item_templates(access.network)),
    )
    revised: RequirementProfile | None = save_form(
        request,
        form,
        lambda data: profile_template_revise(
            actor=request.user,
            network=access.network,
            template=template,
            name=data["name"],
            description=data["description"],
            items=form.items(),
            context=audit_context(request),
        ),
    )
    if revised is not None:
        messages.success(
            request,
            _(
                "Versie %(n)s van %(name)s staat klaar. Organisaties die een eerdere versie "
                "overnamen, houden hun eigen profiel en horen dat er een nieuwere is."
            )
            % {"n": revised.version, "name": revised.name},
        )
        return redirect("networks:function_profiles", network_slug=network_slug)
    return form_page(
        request,
        "networks/function_profile_form.html",
        form,
        access=access,
        network=access.network,
        shared=template,
    )
