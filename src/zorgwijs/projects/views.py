"""Project pages: a public list and detail outside ``/o/…``; create under the organisation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgwijs.core.access import login_view, org_view, public_view
from zorgwijs.lib.forms import apply_service_errors
from zorgwijs.search.viewer import viewer_of_request

from .forms import ProjectForm
from .models import Theme
from .selectors import (
    can_edit,
    get_project_for_editor,
    get_project_for_viewer,
    organisation_projects,
    project_list,
)
from .services import project_create, project_update
from .similar import description_similar, project_similar

MAX_DESCRIPTION = 10_000


@public_view
def projects_index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of_request(request)
    projects = project_list(viewer=viewer).order_by("title")
    theme = request.GET.get("thema", "")[:60]
    if theme:
        projects = projects.filter(themes__slug=theme)
    page = Paginator(projects, 20).get_page(request.GET.get("pagina"))
    return render(
        request,
        "projects/index.html",
        {
            "page": page,
            "themes": Theme.objects.all(),
            "theme": theme,
        },
    )


@public_view
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    project = get_project_for_viewer(viewer=viewer, project_id=project_id)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "can_edit": can_edit(viewer, project),
            "similar": project_similar(viewer=viewer, project=project, limit=5),
        },
    )


def _save(request, form, service, **target) -> HttpResponse | None:
    """Save a valid form with ``service`` (create or update, ``target`` says where) and go to
    the project; None to show the form again with its and the service's errors."""
    if not form.is_valid():
        return None
    try:
        project = service(
            actor=request.user,
            data=form.service_data(),
            themes=form.cleaned_data["themes"],
            co_owners=form.cleaned_data["co_owners"],
            request=request,
            **target,
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, _("Het project is opgeslagen."))
    return redirect(project.get_absolute_url())


@org_view("projects.create")
def project_create_view(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    form = ProjectForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        done = _save(request, form, project_create, organisation=organisation)
        if done:
            return done
    return render(request, "projects/form.html", {"form": form, "project": None})


@login_view
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    project = get_project_for_editor(viewer=viewer, project_id=project_id)
    form = ProjectForm(request.POST or None, instance=project, organisation=project.organisation)
    if request.method == "POST":
        done = _save(request, form, project_update, project=project)
        if done:
            return done
        project.refresh_from_db()
    return render(request, "projects/form.html", {"form": form, "project": project})


@login_view
def project_revisions(request: HttpRequest, project_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    project = get_project_for_editor(viewer=viewer, project_id=project_id)
    revisions = project.revisions.select_related("author")[:50]
    return render(
        request,
        "projects/revisions.html",
        {
            "project": project,
            "revisions": revisions,
        },
    )


@org_view("projects.create")
def org_projects(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    return render(
        request,
        "projects/org_list.html",
        {
            "projects": organisation_projects(organisation_id=organisation.pk),
        },
    )


@public_view
def comparable_projects(request: HttpRequest) -> HttpResponse:
    """ "Vind vergelijkbare projecten": paste a description, get comparable projects with the
    reasons they match, without registering a project first."""
    description = request.GET.get("beschrijving", "")[:MAX_DESCRIPTION]
    results = []
    if description.strip():
        viewer = viewer_of_request(request)
        results = description_similar(viewer=viewer, description=description, limit=10)
    return render(
        request,
        "projects/comparable.html",
        {
            "description": description,
            "results": results,
        },
    )
