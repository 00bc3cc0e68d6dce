"""Editors change a space's settings and move pages within its tree."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from zorgwijs.audit.context import audit_context
from zorgwijs.competences.models import CompetenceItem
from zorgwijs.core.access import login_view
from zorgwijs.lib.forms import apply_service_errors
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.organisations.models import Department, Network, Organisation

from ..access import get_space_for_editor
from ..forms import PageMoveForm, SpaceSettingsForm
from ..models import Space
from ..selectors import get_page, page_tree
from ..services.pages import descendant_ids, page_move
from ..services.spaces import space_update


def settings_choices(space: Space) -> dict:
    """What an editor can pick: the owner's networks, the organisations of those networks,
    the owner's departments and active competence items, plus whatever is already chosen
    (so nothing is dropped silently when saving)."""
    owner = space.owner_organisation
    networks = Network.objects.filter(
        Q(memberships__organisation=owner) if owner else Q(pk=space.network_id)
    )
    if space.network_id:
        networks = networks | Network.objects.filter(pk=space.network_id)
    chosen_orgs = {o.pk for o in space.partner_organisations.all()} | {
        o.pk for o in space.member_organisations.all()
    }
    organisations = Organisation.objects.filter(
        Q(network_memberships__network__in=networks.values("pk")) | Q(pk__in=chosen_orgs)
    )
    if owner:
        organisations = organisations.exclude(pk=owner.pk)
    linked_items = space.competence_items.values("pk")
    linked_departments = space.member_departments.values("pk")
    return {
        "network": networks.distinct().order_by("name"),
        "partner_organisations": organisations.distinct().order_by("name"),
        "member_organisations": organisations.distinct().order_by("name"),
        "member_departments": Department.objects.filter(
            Q(organisation=owner) | Q(pk__in=linked_departments)
        ).order_by("name"),
        "competence_items": CompetenceItem.objects.filter(
            Q(organisation=owner, is_active=True) | Q(pk__in=linked_items)
        ).order_by("name"),
    }


def _initial(space: Space) -> dict:
    return {
        "name": space.name,
        "description": space.description,
        "kind": space.kind,
        "visibility": space.visibility,
        "network": space.network_id,
        "open_to_requests": space.open_to_requests,
        "partner_organisations": list(space.partner_organisations.all()),
        "member_organisations": list(space.member_organisations.all()),
        "member_departments": list(space.member_departments.all()),
        "competence_items": list(space.competence_items.all()),
    }


@login_view
def space_settings(request: AuthenticatedRequest, space_slug: str) -> HttpResponse:
    access = get_space_for_editor(request, space_slug)
    space = access.space
    # Departments and competence items belong to the owner organisation; the space (not an
    # organisation scope) decides here, as on the space page.
    with scopes_disabled():
        form = SpaceSettingsForm(
            request.POST or None, choices=settings_choices(space), initial=_initial(space)
        )
        if request.method == "POST" and form.is_valid():
            try:
                space_update(
                    actor=request.user,
                    space=space,
                    data=form.cleaned_data,
                    context=audit_context(request),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("De instellingen van de ruimte zijn opgeslagen."))
                return redirect("knowledge:space", space_slug=space.slug)
        return render(
            request,
            "knowledge/space_settings.html",
            {"access": access, "space": space, "form": form},
            status=400 if form.errors else 200,
        )


@login_view
def page_move_view(request: AuthenticatedRequest, space_slug: str, page_id: int) -> HttpResponse:
    access = get_space_for_editor(request, space_slug)
    page = get_page(access, page_id)
    excluded = descendant_ids(page) | {page.pk}
    candidates = [node for node in page_tree(access.space) if node.id not in excluded]
    form = PageMoveForm(request.POST or None, pages=candidates, initial={"parent": page.parent_id})
    if request.method == "POST" and form.is_valid():
        parent_id = form.cleaned_data["parent"]
        parent = get_page(access, parent_id) if parent_id else None
        try:
            page_move(actor=request.user, page=page, parent=parent, context=audit_context(request))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("De pagina is verplaatst."))
            return redirect("knowledge:page", space_slug=space_slug, page_id=page.pk)
    return render(
        request,
        "knowledge/page_move.html",
        {"access": access, "space": access.space, "page": page, "form": form},
        status=400 if form.errors else 200,
    )
