"""Need pages: the list, one need, "ik ook", linking projects and the Kenniskaart are outside
``/o/…`` (anyone reads what they may see); creating is under the organisation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, org_view, public_view
from zorgwijs.lib.concurrency import (
    EditConflict,
    conflict_form,
    conflict_rows,
    form_labels,
    version_of,
)
from zorgwijs.lib.forms import apply_service_errors, form_page
from zorgwijs.lib.http import AuthenticatedRequest, OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.visibility import viewer_of_request
from zorgwijs.projects.models import Project, Theme

from .forms import NeedForm
from .models import Need, NeedKind, NeedStatus
from .selectors import (
    FILTERS,
    answers_for,
    can_edit,
    can_link,
    get_need_for_editor,
    get_need_for_viewer,
    has_me_too,
    knowledge_map,
    known_regions,
    linkable_projects,
    need_filter,
    need_list,
    organisation_needs,
    own_needs_of,
    suggested_projects,
)
from .services import (
    answer_link,
    answer_unlink,
    editable_state,
    input_state,
    me_too_set,
    need_create,
    need_update,
)
from .unanswered import MIN_PEOPLE, top_unanswered_searches


def _filters(request: HttpRequest) -> dict[str, str]:
    return {name: request.GET.get(name, "")[:100] for name in FILTERS if request.GET.get(name)}


def _create_slug(request: HttpRequest) -> str | None:
    """The organisation a new need would belong to: the active one, else the first."""
    access = getattr(request, "org_access", None)
    if access is not None:
        return access.organisation.slug
    memberships = getattr(request, "memberships", None) or []
    return memberships[0].organisation.slug if memberships else None


@public_view
def needs_index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of_request(request)
    filters = _filters(request)
    needs = need_filter(need_list(viewer=viewer), filters).distinct()
    page = Paginator(needs, 20).get_page(request.GET.get("pagina"))
    mine = own_needs_of(viewer, page.object_list)
    for need in page.object_list:
        need.mine = need.pk in mine  # type: ignore[attr-defined]  # for this page's cards only
    return render(
        request,
        "needs/index.html",
        {
            "page": page,
            "filters": filters,
            "page_base": urlencode(filters),
            "themes": Theme.objects.all(),
            "regions": known_regions(viewer),
            "kinds": NeedKind.choices,
            "statuses": NeedStatus.choices,
            "create_slug": _create_slug(request),
        },
    )


@public_view
def need_detail(request: HttpRequest, need_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    need = get_need_for_viewer(viewer=viewer, need_id=need_id)
    linkable = linkable_projects(viewer=viewer, need=need) if viewer.is_authenticated else None
    suggested = suggested_projects(viewer=viewer, need=need, linkable=linkable) if linkable else []
    return render(
        request,
        "needs/detail.html",
        {
            "need": need,
            "answers": [
                (a, can_link(viewer, need, a.project))
                for a in answers_for(viewer=viewer, need=need)
            ],
            "can_edit": can_edit(viewer, need),
            "me_too": has_me_too(viewer, need),
            "suggested": suggested,
            "linkable": list(linkable) if linkable is not None else [],
        },
    )


def _back(request: HttpRequest, need) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(need.get_absolute_url())


@login_view
@require_POST
def need_me_too(request: AuthenticatedRequest, need_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    need = get_need_for_viewer(viewer=viewer, need_id=need_id)
    on = request.POST.get("ik_ook") != "uit"
    try:
        me_too_set(actor=request.user, need=need, on=on, context=audit_context(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request, need)
    messages.success(
        request, _("Je zegt 'ik ook' bij deze vraag.") if on else _("Je 'ik ook' is ingetrokken.")
    )
    return _back(request, need)


@login_view
@require_POST
def need_link(request: AuthenticatedRequest, need_id: int) -> HttpResponse:
    """Link (or with ``ontkoppelen`` unlink) a project the viewer may read."""
    viewer = viewer_of_request(request)
    need = get_need_for_viewer(viewer=viewer, need_id=need_id)
    raw = request.POST.get("project", "")
    project = (
        Project.objects.visible_to(viewer).filter(pk=int(raw)).first()
        if raw.isdigit() and len(raw) < 19
        else None
    )
    if project is None:
        messages.error(request, _("Kies een project uit de lijst."))
        return redirect(need.get_absolute_url())
    if "ontkoppelen" in request.POST:
        answer_unlink(
            actor=request.user,
            viewer=viewer,
            need=need,
            project=project,
            context=audit_context(request),
        )
        messages.success(request, _("Het project is losgekoppeld."))
    else:
        answer_link(
            actor=request.user,
            viewer=viewer,
            need=need,
            project=project,
            context=audit_context(request),
        )
        messages.success(request, _("Het project staat nu bij deze vraag als antwoord."))
    return redirect(need.get_absolute_url())


def _save(request, form, service, **target) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        need = service(
            actor=request.user,
            data=form.service_data(),
            themes=form.cleaned_data["themes"],
            context=audit_context(request),
            **target,
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, _("Je vraag is opgeslagen."))
    return redirect(need.get_absolute_url())


@login_view
def need_edit(request: AuthenticatedRequest, need_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    need = get_need_for_editor(viewer=viewer, need_id=need_id)
    regions = known_regions(viewer)
    form = NeedForm(
        request.POST or None,
        instance=need,
        regions=regions,
        initial={"version": version_of(editable_state(need))},
    )
    if request.method == "POST":

        def update(**change):
            return need_update(base_version=form.cleaned_data["version"], **change)

        try:
            done = _save(request, form, update, need=need)
        except EditConflict as conflict:
            return _conflict(request, need.pk, form, regions, conflict)
        if done:
            return done
        need.refresh_from_db()
    return form_page(request, "needs/form.html", form, need=need)


def _conflict(request, need_id: int, form: NeedForm, regions, conflict: EditConflict):
    """Someone saved the need while this editor worked: 409 with, per field, what the other
    person saved beside what this editor typed, and the form again with the editor's input and
    the stored version, so saving again stores the merged text."""
    stored = Need.objects.get(pk=need_id)
    mine = input_state(stored, form.service_data(), themes=form.cleaned_data["themes"])
    again = conflict_form(
        NeedForm, request.POST, conflict.version, instance=stored, regions=regions
    )
    context = {
        "form": again,
        "need": stored,
        "conflict": conflict_rows(conflict.current, mine, form_labels(again, conflict.current)),
        "in_conflict": True,
    }
    return render(request, "needs/form.html", context, status=409)


@org_view("projects.create")
@once_per_submission
def need_create_view(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    viewer = viewer_of_request(request)
    form = NeedForm(request.POST or None, regions=known_regions(viewer))
    if request.method == "GET":
        form.initial.setdefault("region", organisation.region)
    if request.method == "POST":
        done = _save(request, form, need_create, organisation=organisation)
        if done:
            return done
    return form_page(request, "needs/form.html", form, need=None)


@org_view("projects.create")
def org_needs(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    viewer = viewer_of_request(request)
    return render(
        request,
        "needs/org_list.html",
        {"needs": organisation_needs(viewer=viewer, organisation_id=organisation.pk)},
    )


@public_view
def knowledge_map_view(request: HttpRequest) -> HttpResponse:
    """The Kenniskaart: per theme and region what is known against what is asked."""
    viewer = viewer_of_request(request)
    region = request.GET.get("regio", "")[:100] or None
    result = knowledge_map(viewer=viewer, region=region)
    if region is not None and region not in result.regions:
        result = knowledge_map(viewer=viewer)
    chart = {
        "labels": [c.theme_name for c in result.themes],
        "known": [c.projects for c in result.themes],
        "asked": [c.asked for c in result.themes],
        "knownLabel": _("Bekend (projecten)"),
        "askedLabel": _("Gevraagd (vragen en ik ook)"),
    }
    return render(
        request,
        "needs/map.html",
        {
            "map": result,
            "chart": chart,
            "searches": top_unanswered_searches(),
            "min_people": MIN_PEOPLE,
        },
    )
