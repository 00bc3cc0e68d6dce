"""Project pages: a public list and detail outside ``/o/…``; create under the organisation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
from zorgwijs.lib.forms import apply_service_errors, form_page, save_form
from zorgwijs.lib.http import AuthenticatedRequest, OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.visibility import viewer_of_request

from ..forms import AttachmentForm, ModerationForm, ProjectForm, ReactionForm, ReportForm
from ..models import Project, ReactionKind, ReactionStatus, Theme
from ..reactions import (
    can_moderate,
    get_reaction_for_moderator,
    get_reaction_for_viewer,
    moderation_queue,
    pending_count,
    premoderated,
    reaction_moderate,
    reaction_post,
    reaction_report,
    reactions_for_viewer,
)
from ..selectors import (
    can_edit,
    get_project_for_editor,
    get_project_for_viewer,
    get_project_page_for_viewer,
    organisation_projects,
    project_list,
)
from ..services import editable_state, input_state, project_create, project_update
from ..similar import description_similar, similar_shown

MAX_DESCRIPTION = 10_000
MODERATION_PAGE = 100


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
            "waiting_for_me": moderation_queue(viewer=viewer).count(),
        },
    )


def _detail(
    request: HttpRequest,
    viewer,
    project_id: int,
    reaction_form=None,
    attachment_form=None,
    status=200,
):
    """The project page; ``reaction_form`` and ``attachment_form`` carry refused input back to
    their fields."""
    page = get_project_page_for_viewer(viewer=viewer, project_id=project_id)
    project = page.project
    reactions = list(reactions_for_viewer(viewer=viewer, project=project))
    if reaction_form is None and viewer.is_authenticated:
        reaction_form = ReactionForm()
    editor = can_edit(viewer, project, page.co_owner_ids)
    if attachment_form is None and editor:
        attachment_form = AttachmentForm(prefix="bijlage")
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "can_edit": editor,
            "attachments": page.attachments,
            "attachment_form": attachment_form,
            "similar": similar_shown(viewer=viewer, project=project, limit=5),
            "visitor_tips": [r for r in reactions if r.kind == ReactionKind.TIP],
            "reactions": [r for r in reactions if r.kind == ReactionKind.REACTION],
            "approved_count": sum(
                r.status == ReactionStatus.APPROVED and r.kind == ReactionKind.REACTION
                for r in reactions
            ),
            "reaction_form": reaction_form,
            "waiting_for_me": pending_count(viewer=viewer, project=project),
            "posts_wait": premoderated() and not can_moderate(viewer, project),
        },
        status=status,
    )


@public_view
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    return _detail(request, viewer_of_request(request), project_id)


@login_view
@require_POST
@once_per_submission
def reaction_create(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    project = get_project_for_viewer(viewer=viewer, project_id=project_id)
    form = ReactionForm(request.POST)
    reaction = save_form(
        request,
        form,
        lambda data: reaction_post(
            actor=request.user,
            viewer=viewer,
            project=project,
            context=audit_context(request),
            **data,
        ),
    )
    if reaction is None:
        return _detail(request, viewer, project.pk, reaction_form=form, status=400)
    if reaction.status == ReactionStatus.APPROVED:
        messages.success(request, _("Dank je wel! Je bijdrage staat bij het project."))
    else:
        messages.success(
            request,
            _(
                "Dank je wel! Je bijdrage verschijnt zodra een eigenaar van het project die heeft "
                "goedgekeurd."
            ),
        )
    return redirect(f"{project.get_absolute_url()}#reacties")


@login_view
def reaction_report_view(request: AuthenticatedRequest, reaction_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    reaction = get_reaction_for_viewer(viewer=viewer, reaction_id=reaction_id)
    form = ReportForm(request.POST or None)
    report = save_form(
        request,
        form,
        lambda data: reaction_report(
            actor=request.user,
            reaction=reaction,
            reason=data["reason"],
            context=audit_context(request),
        ),
    )
    if report is not None:
        messages.success(
            request, _("Dank je wel voor je melding. De eigenaren van het project bekijken die.")
        )
        return redirect(f"{reaction.project.get_absolute_url()}#reacties")
    return form_page(request, "projects/reaction_report.html", form, reaction=reaction)


@login_view
def moderation(request: AuthenticatedRequest) -> HttpResponse:
    """The queue of reactions waiting for the viewer's decision, across their projects."""
    viewer = viewer_of_request(request)
    queue = list(moderation_queue(viewer=viewer)[:MODERATION_PAGE])
    rows = [(r, ModerationForm(prefix=f"r{r.pk}")) for r in queue]
    return render(request, "projects/moderation.html", {"rows": rows})


@login_view
@require_POST
def reaction_moderate_view(request: AuthenticatedRequest, reaction_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    reaction = get_reaction_for_moderator(viewer=viewer, reaction_id=reaction_id)
    form = ModerationForm(request.POST, prefix=f"r{reaction.pk}")
    decided = save_form(
        request,
        form,
        lambda data: reaction_moderate(
            actor=request.user, reaction=reaction, context=audit_context(request), **data
        ),
    )
    if decided is None:
        return form_page(request, "projects/reaction_moderate.html", form, reaction=reaction)
    messages.success(request, _("Het besluit over de reactie is opgeslagen."))
    return redirect("projects:moderation")


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
            context=audit_context(request),
            **target,
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, _("Het project is opgeslagen."))
    return redirect(project.get_absolute_url())


@org_view("projects.create")
@once_per_submission
def project_create_view(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    form = ProjectForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        done = _save(request, form, project_create, organisation=organisation)
        if done:
            return done
    return render(request, "projects/form.html", {"form": form, "project": None})


@login_view
def project_edit(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    project = get_project_for_editor(viewer=viewer, project_id=project_id)
    form = ProjectForm(
        request.POST or None,
        instance=project,
        organisation=project.organisation,
        initial={"version": version_of(editable_state(project))},
    )
    if request.method == "POST":

        def update(**change):
            return project_update(base_version=form.cleaned_data["version"], **change)

        try:
            done = _save(request, form, update, project=project)
        except EditConflict as conflict:
            return _conflict(request, project.pk, form, conflict)
        if done:
            return done
        project.refresh_from_db()
    return render(request, "projects/form.html", {"form": form, "project": project})


def _conflict(request, project_id: int, form: ProjectForm, conflict: EditConflict) -> HttpResponse:
    """Someone saved the project while this editor worked: 409 with, per field, what the other
    person saved beside what this editor typed, and the form again with the editor's input and
    the stored version, so saving again stores the merged text."""
    stored = Project.objects.get(pk=project_id)
    mine = input_state(
        stored,
        form.service_data(),
        themes=form.cleaned_data["themes"],
        co_owners=form.cleaned_data["co_owners"],
    )
    again = conflict_form(
        ProjectForm,
        request.POST,
        conflict.version,
        instance=stored,
        organisation=stored.organisation,
    )
    labels = form_labels(again, conflict.current, renamed={"contacts": "contacts_text"})
    context = {
        "form": again,
        "project": stored,
        "conflict": conflict_rows(conflict.current, mine, labels),
        "in_conflict": True,
    }
    return render(request, "projects/form.html", context, status=409)


@login_view
def project_revisions(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
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
def org_projects(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    return render(
        request,
        "projects/org_list.html",
        {
            "projects": organisation_projects(organisation_id=organisation.pk),
            "can_import": request.org_access.can("projects.import"),
        },
    )


@public_view
def comparable_projects(request: HttpRequest) -> HttpResponse:
    """ "Vind vergelijkbare projecten": paste a description, get comparable projects with the
    reasons they match, without registering a project first."""
    description = request.GET.get("beschrijving", "")[:MAX_DESCRIPTION]
    asked = bool(description.strip())
    # Sent with only spaces: say so at the field, not "nothing comparable found".
    error = _("Beschrijf je project in een paar zinnen.") if description and not asked else ""
    results = []
    if asked:
        viewer = viewer_of_request(request)
        results = description_similar(viewer=viewer, description=description, limit=10)
    return render(
        request,
        "projects/comparable.html",
        {
            "description": description,
            "asked": asked,
            "error": error,
            "results": results,
        },
        status=400 if error else 200,
    )
