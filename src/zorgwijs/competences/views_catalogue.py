"""Coordinator screens: the catalogue of items and the requirement profiles."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import apply_service_errors, form_page

from .catalogue import catalogue_install_defaults
from .catalogue_admin import item_save, profile_save
from .forms import ItemForm, ProfileForm
from .models import CompetenceItem, ItemKind, RequirementProfile
from .selectors import get_item


@org_view("competences.manage")
def catalogue(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    kind = request.GET.get("soort", "")
    items = CompetenceItem.objects.filter(organisation=organisation).order_by("kind", "name")
    if kind in ItemKind.values:
        items = items.filter(kind=kind)
    return render(
        request,
        "competences/catalogue.html",
        {"items": items, "kind": kind, "kinds": ItemKind.choices},
    )


@org_view("competences.manage")
@require_POST
def catalogue_install(request: HttpRequest, org_slug: str) -> HttpResponse:
    added = catalogue_install_defaults(
        actor=request.user, organisation=request.org_access.organisation
    )
    messages.success(
        request, _("%(n)s bekwaamheden toegevoegd uit de standaardcatalogus.") % {"n": added}
    )
    return redirect("competences:catalogue", org_slug=org_slug)


@org_view("competences.manage")
def item_edit(request: HttpRequest, org_slug: str, item_id: int | None = None) -> HttpResponse:
    access = request.org_access
    item = get_item(access, item_id) if item_id else None
    form = ItemForm(request.POST or None, instance=item, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            item_save(
                actor=request.user,
                organisation=access.organisation,
                item=form.instance,
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Opgeslagen: %(name)s.") % {"name": form.instance.name})
            return redirect("competences:catalogue", org_slug=org_slug)
    return form_page(request, "competences/item_form.html", form, item=item)


@org_view("competences.manage")
def profiles(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    rows = (
        RequirementProfile.objects.filter(organisation=organisation)
        .annotate(item_count=Count("profile_items", distinct=True))
        .prefetch_related("functions", "departments")
        .order_by("name")
    )
    return render(request, "competences/profiles.html", {"profiles": rows})


@org_view("competences.manage")
def profile_edit(
    request: HttpRequest, org_slug: str, profile_id: int | None = None
) -> HttpResponse:
    organisation = request.org_access.organisation
    profile = None
    if profile_id:
        profile = RequirementProfile.objects.filter(
            organisation=organisation, pk=profile_id
        ).first()
        if profile is None:
            raise Http404
    form = ProfileForm(request.POST or None, instance=profile, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            profile_save(
                actor=request.user,
                organisation=organisation,
                profile=form.instance,
                functions=form.cleaned_data["functions"],
                departments=form.cleaned_data["departments"],
                items=form.chosen_items(),
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Profiel opgeslagen; de paspoorten zijn bijgewerkt."))
            return redirect("competences:profiles", org_slug=org_slug)
    return form_page(request, "competences/profile_form.html", form, profile=profile)
