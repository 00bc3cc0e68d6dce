"""Coordinator screens: the catalogue of items and the requirement profiles."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.core.navigation import NavLink
from zorgwijs.lib.forms import apply_service_errors, form_page
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..assessors import (
    assessor_authorise,
    assessor_candidates,
    assessor_withdraw,
    authorised_assessors,
)
from ..catalogue import catalogue_install_defaults
from ..forms import AssessorForm, ItemForm, ProfileForm, ShareForm
from ..models import CompetenceItem, ItemKind, RequirementProfile
from ..network_catalogue import (
    get_profile_template,
    get_template,
    item_adopt,
    item_share,
    networks_of,
    profile_adopt,
    profile_share,
    shared_items_for,
    shared_profiles_for,
)
from ..selectors import get_item
from ..services.catalogue import item_save, profile_preview, profile_save


@org_view("competences.manage")
def catalogue(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    kind = request.GET.get("soort", "")
    items = CompetenceItem.objects.filter(organisation=organisation).order_by("kind", "name")
    if kind in ItemKind.values:
        items = items.filter(kind=kind)
    return render(
        request,
        "competences/catalogue.html",
        {
            "items": items.select_related("adopted_from__network"),
            "kind": kind,
            "kinds": [
                NavLink(_("Alle"), "?", kind not in ItemKind.values),
                *(NavLink(name, f"?soort={key}", kind == key) for key, name in ItemKind.choices),
            ],
            "kind_label": ItemKind(kind).label if kind in ItemKind.values else _("Alle"),
            "shared": shared_items_for(organisation),
        },
    )


@org_view("competences.manage")
@require_POST
def template_adopt(request: OrgRequest, org_slug: str, template_id: int) -> HttpResponse:
    """Take a network's shared item into this organisation's catalogue."""
    organisation = request.org_access.organisation
    template = get_template(organisation, template_id)
    try:
        item = item_adopt(
            actor=request.user,
            organisation=organisation,
            template=template,
            context=audit_context(request),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("competences:catalogue", org_slug=org_slug)
    messages.success(
        request,
        _("Overgenomen: %(name)s. Je mag de afspraak hier aanscherpen, niet versoepelen.")
        % {"name": item.name},
    )
    return redirect("competences:item_edit", org_slug=org_slug, item_id=item.pk)


@org_view("competences.manage")
@require_POST
def catalogue_install(request: OrgRequest, org_slug: str) -> HttpResponse:
    added = catalogue_install_defaults(
        actor=request.user, organisation=request.org_access.organisation
    )
    messages.success(
        request, _("%(n)s bekwaamheden toegevoegd uit de standaardcatalogus.") % {"n": added}
    )
    return redirect("competences:catalogue", org_slug=org_slug)


@org_view("competences.manage")
@once_per_submission
def item_edit(request: OrgRequest, org_slug: str, item_id: int | None = None) -> HttpResponse:
    access = request.org_access
    item = get_item(access, item_id) if item_id else None
    form = ItemForm(request.POST or None, instance=item, organisation=access.organisation)
    share_form = _share_form(access.organisation, item)
    if request.method == "POST" and form.is_valid():
        try:
            item_save(
                actor=request.user,
                organisation=access.organisation,
                item=form.instance,
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Opgeslagen: %(name)s.") % {"name": form.instance.name})
            return redirect("competences:catalogue", org_slug=org_slug)
    return form_page(request, "competences/item_form.html", form, item=item, share_form=share_form)


def _share_form(organisation, item, data=None) -> ShareForm | None:
    """Only an item of the organisation's own making can be offered to a network."""
    if item is None or item.adopted_from_id is not None:
        return None
    networks = networks_of(organisation)
    return ShareForm(data, networks=networks) if networks.exists() else None


@org_view("competences.manage")
@require_POST
def item_share_view(request: OrgRequest, org_slug: str, item_id: int) -> HttpResponse:
    """Offer an item to a network so that other members can adopt the same definition."""
    access = request.org_access
    item = get_item(access, item_id)
    share_form = _share_form(access.organisation, item, request.POST)
    if share_form is None:
        raise Http404
    if share_form.is_valid():
        try:
            item_share(
                actor=request.user,
                organisation=access.organisation,
                item=item,
                network=share_form.cleaned_data["network"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(share_form, error)
        else:
            messages.success(
                request,
                _("Gedeeld met %(network)s.") % {"network": share_form.cleaned_data["network"]},
            )
            return redirect("competences:item_edit", org_slug=org_slug, item_id=item.pk)
    form = ItemForm(instance=item, organisation=access.organisation)
    return render(
        request,
        "competences/item_form.html",
        {"form": form, "item": item, "share_form": share_form},
        status=400,
    )


@org_view("competences.manage")
def item_assessors(request: OrgRequest, org_slug: str, item_id: int) -> HttpResponse:
    """Name assessors for an item who need not hold it themselves, or withdraw them."""
    access = request.org_access
    item = get_item(access, item_id)
    named = authorised_assessors(item)
    form = AssessorForm(
        request.POST if "membership" in request.POST else None,
        candidates=assessor_candidates(access.organisation),
    )
    if request.method == "POST" and "intrekken" in request.POST:
        authorisation = named.filter(pk=_int_or_zero(request.POST["intrekken"])).first()
        if authorisation is None:
            raise Http404
        assessor_withdraw(
            actor=request.user,
            organisation=access.organisation,
            authorisation=authorisation,
            context=audit_context(request),
        )
        messages.success(request, _("Niet meer aangewezen als beoordelaar."))
        return redirect("competences:item_assessors", org_slug=org_slug, item_id=item.pk)
    if form.is_bound and form.is_valid():
        try:
            assessor_authorise(
                actor=request.user,
                organisation=access.organisation,
                item=item,
                membership=form.cleaned_data["membership"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Aangewezen als beoordelaar."))
            return redirect("competences:item_assessors", org_slug=org_slug, item_id=item.pk)
    return form_page(request, "competences/assessors.html", form, item=item, named=named)


def _int_or_zero(value: str) -> int:
    return int(value) if value.isdigit() else 0


@org_view("competences.manage")
def profiles(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    rows = (
        RequirementProfile.objects.filter(organisation=organisation)
        .annotate(item_count=Count("profile_items", distinct=True))
        .select_related("adopted_from__network")
        .prefetch_related("functions", "departments")
        .order_by("name")
    )
    return render(
        request,
        "competences/profiles.html",
        {"profiles": rows, "shared": shared_profiles_for(organisation)},
    )


@org_view("competences.manage")
@require_POST
def profile_template_adopt(
    request: OrgRequest, org_slug: str, profile_template_id: int
) -> HttpResponse:
    """Take a network's function profile into this organisation's profiles."""
    organisation = request.org_access.organisation
    template = get_profile_template(organisation, profile_template_id)
    try:
        profile = profile_adopt(
            actor=request.user,
            organisation=organisation,
            template=template,
            context=audit_context(request),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("competences:profiles", org_slug=org_slug)
    messages.success(
        request,
        _(
            "Overgenomen: %(name)s. Kies voor welke functies of afdelingen het geldt; je mag "
            "het profiel aanscherpen, niet versoepelen."
        )
        % {"name": profile.name},
    )
    return redirect("competences:profile_edit", org_slug=org_slug, profile_id=profile.pk)


def _get_profile(organisation, profile_id: int) -> RequirementProfile:
    profile = (
        RequirementProfile.objects.filter(organisation=organisation, pk=profile_id)
        .select_related("adopted_from__network")
        .first()
    )
    if profile is None:
        raise Http404
    return profile


def _profile_share_form(organisation, profile, data=None) -> ShareForm | None:
    """Only a saved profile of the organisation's own making can be offered to a network."""
    if profile is None or profile.pk is None or profile.adopted_from_id is not None:
        return None
    networks = networks_of(organisation)
    return ShareForm(data, networks=networks) if networks.exists() else None


@org_view("competences.manage")
@require_POST
def profile_share_view(request: OrgRequest, org_slug: str, profile_id: int) -> HttpResponse:
    """Offer a profile to a network as a function profile other members can adopt."""
    organisation = request.org_access.organisation
    profile = _get_profile(organisation, profile_id)
    share_form = _profile_share_form(organisation, profile, request.POST)
    if share_form is None:
        raise Http404
    if share_form.is_valid():
        try:
            profile_share(
                actor=request.user,
                organisation=organisation,
                profile=profile,
                network=share_form.cleaned_data["network"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(share_form, error)
        else:
            messages.success(
                request,
                _("Gedeeld met %(network)s als functieprofiel.")
                % {"network": share_form.cleaned_data["network"]},
            )
            return redirect("competences:profile_edit", org_slug=org_slug, profile_id=profile.pk)
    form = ProfileForm(instance=profile, organisation=organisation)
    return render(
        request,
        "competences/profile_form.html",
        {"form": form, "profile": profile, "share_form": share_form},
        status=400,
    )


@org_view("competences.manage")
@once_per_submission
def profile_edit(request: OrgRequest, org_slug: str, profile_id: int | None = None) -> HttpResponse:
    organisation = request.org_access.organisation
    profile = _get_profile(organisation, profile_id) if profile_id else None
    form = ProfileForm(request.POST or None, instance=profile, organisation=organisation)
    effect = None
    if request.method == "POST" and form.is_valid():
        values = {
            "organisation": organisation,
            "profile": form.instance,
            "functions": form.cleaned_data["functions"],
            "departments": form.cleaned_data["departments"],
            "items": form.chosen_items(),
        }
        try:
            if request.POST.get("actie") == "voorbeeld":
                # Say what the change does to people before it is saved.
                effect = profile_preview(**values)
            else:
                profile_save(actor=request.user, context=audit_context(request), **values)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if effect is None:
                messages.success(
                    request,
                    _(
                        "Profiel opgeslagen; de paspoorten zijn bijgewerkt en wie er vereisten "
                        "bij kreeg, krijgt een melding."
                    ),
                )
                return redirect("competences:profiles", org_slug=org_slug)
            if profile is None:
                form.instance.pk = None  # the preview's row was rolled back
    return form_page(
        request,
        "competences/profile_form.html",
        form,
        profile=profile,
        effect=effect,
        share_form=_profile_share_form(organisation, profile),
    )
