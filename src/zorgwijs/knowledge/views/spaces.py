"""Space lists and the space page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.competences.models import CompetenceItem
from zorgwijs.core.access import login_view, org_view, public_view
from zorgwijs.lib.forms import apply_service_errors
from zorgwijs.lib.http import AuthenticatedRequest, OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.visibility import viewer_of_request

from ..access import get_space_for_viewer
from ..forms import SpaceForm
from ..sections import space_sections
from ..selectors import space_overview, spaces_for
from ..services.spaces import invitation_accept, membership_request, space_create


@org_view("knowledge.view")
def org_spaces(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    spaces = list(spaces_for(viewer_of_request(request)))
    own = [s for s in spaces if s.owner_organisation_id == organisation.pk]
    shared = [s for s in spaces if s.owner_organisation_id != organisation.pk]
    return render(
        request,
        "knowledge/org_spaces.html",
        {"own": own, "shared": shared, "can_create": request.org_access.can("knowledge.manage")},
    )


@org_view("knowledge.manage")
@once_per_submission
def org_space_create(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    items = CompetenceItem.objects.filter(organisation=organisation, is_active=True)
    form = SpaceForm(request.POST or None, items=items, networks=organisation.networks.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            space = space_create(
                actor=request.user,
                organisation=organisation,
                name=data["name"],
                kind=data["kind"],
                visibility=data["visibility"],
                description=data["description"],
                competence_items=data["competence_items"],
                network=data["network"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Kennisruimte aangemaakt."))
            return redirect("knowledge:space", space_slug=space.slug)
    return render(
        request, "knowledge/space_form.html", {"form": form}, status=400 if form.errors else 200
    )


@public_view
def space_index(request: HttpRequest) -> HttpResponse:
    spaces = spaces_for(viewer_of_request(request))
    return render(request, "knowledge/space_index.html", {"spaces": spaces})


@public_view
def space_detail(request: HttpRequest, space_slug: str) -> HttpResponse:
    access = get_space_for_viewer(request, space_slug)
    # One reverse() for the whole tree instead of one per page (a thousand pages).
    page_url = reverse("knowledge:page", kwargs={"space_slug": space_slug, "page_id": 0})
    context = {
        "access": access,
        "space": access.space,
        "overview": space_overview(access),
        "page_url_prefix": page_url.removesuffix("0/"),
        "sections": space_sections(access),
    }
    return render(request, "knowledge/space_detail.html", context)


@login_view
@require_POST
def space_join(request: AuthenticatedRequest, space_slug: str) -> HttpResponse:
    """Accept an invitation, or ask to join a space one can read but not take part in."""
    access = get_space_for_viewer(request, space_slug)
    try:
        if access.is_invited and access.own_membership is not None:
            invitation_accept(
                actor=request.user, membership=access.own_membership, context=audit_context(request)
            )
            messages.success(request, _("Welkom: je bent nu lid van deze ruimte."))
        elif access.can_request_membership:
            membership_request(
                actor=request.user, space=access.space, context=audit_context(request)
            )
            messages.success(request, _("Je aanvraag is verstuurd naar de redacteuren."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("knowledge:space", space_slug=space_slug)
