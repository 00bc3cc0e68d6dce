"""Attachments of a project: owners upload and remove; readers of the project download."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, public_view
from zorgwijs.lib.forms import save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.lib.uploads import stored_file_response
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import viewer_of_request

from ..attachments import (
    attachment_add,
    attachment_remove,
    get_attachment_for_editor,
    get_attachment_for_viewer,
)
from ..forms import AttachmentForm
from ..selectors import get_project_for_editor
from .projects import _detail


def _to_attachments(project) -> HttpResponse:
    return redirect(f"{project.get_absolute_url()}#bijlagen")


@login_view
@require_POST
@once_per_submission
def attachment_upload(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    project = get_project_for_editor(viewer=viewer, project_id=project_id)
    form = AttachmentForm(request.POST, request.FILES, prefix="bijlage")
    attachment = save_form(
        request,
        form,
        lambda data: attachment_add(
            actor=request.user,
            project=project,
            upload=data["file"],
            title=data["title"],
            context=audit_context(request),
        ),
    )
    if attachment is None:
        # Back to the project page, with the refused input and the messages at the fields.
        return _detail(request, viewer, project.pk, attachment_form=form, status=400)
    messages.success(request, _("Bijlage toegevoegd."))
    return _to_attachments(project)


@public_view
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """The file, for whoever may read the project (else 404, as the project itself). Never
    rendered as a page: a fixed content type by extension, no sniffing, a sandbox, and a
    download (images may show in the browser)."""
    viewer = viewer_of_request(request)
    attachment = get_attachment_for_viewer(viewer=viewer, attachment_id=attachment_id)
    response = stored_file_response(attachment.file, filename=attachment.original_name)
    public = attachment.project.visibility == Visibility.PUBLIC
    response["Cache-Control"] = "private, max-age=300" if public else "private, no-store"
    return response


@login_view
def attachment_remove_view(request: AuthenticatedRequest, attachment_id: int) -> HttpResponse:
    """GET asks to confirm, POST removes."""
    viewer = viewer_of_request(request)
    attachment = get_attachment_for_editor(viewer=viewer, attachment_id=attachment_id)
    project = attachment.project
    if request.method == "POST":
        attachment_remove(actor=request.user, attachment=attachment, context=audit_context(request))
        messages.success(
            request, _("Bijlage ‘%(title)s’ verwijderd.") % {"title": attachment.title}
        )
        return _to_attachments(project)
    return render(
        request,
        "projects/attachment_remove.html",
        {"attachment": attachment, "project": project},
    )
