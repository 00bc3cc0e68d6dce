"""Attachments of project records: owners add and remove files; readers of the project
download them. Each write owns its transaction, a revision note and an audit entry."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.lib.attachments import accept_upload, printable_title
from zorgwijs.organisations.visibility import Viewer

from .models import Project, ProjectAttachment, RevisionNote
from .selectors import can_edit, get_project_for_viewer
from .services import _revise

ATTACHMENT_TYPES = (
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".docx",
    ".xlsx",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
)
ATTACHMENT_MAX_MB = 20


def _clean_title(title: str, upload: UploadedFile) -> str:
    text = printable_title(title) or printable_title((upload.name or "").rsplit(".", 1)[0])
    if not text:
        raise ValidationError({"title": _("Geef de bijlage een titel.")})
    return text


def _audit(action: str, attachment: ProjectAttachment, actor, context: AuditContext | None) -> None:
    project = attachment.project
    record(
        f"projects.attachment.{action}",
        kind="change",
        actor=actor,
        organisation=project.organisation,
        obj=project,
        context=context,
        data={
            "attachment": attachment.pk,
            "title": attachment.title,
            "file": attachment.original_name,
            "size": attachment.size,
        },
    )


@transaction.atomic
def attachment_add(
    *,
    actor,
    project: Project,
    upload: UploadedFile,
    title: str = "",
    context: AuditContext | None = None,
) -> ProjectAttachment:
    """Check the file (type by extension and content, size) and keep it with the project."""
    accept_upload(upload, extensions=ATTACHMENT_TYPES, max_mb=ATTACHMENT_MAX_MB)
    assert upload.name and upload.size, "validate_upload refuses a nameless or empty file"
    attachment = ProjectAttachment(project=project)
    attachment.take(upload, title=_clean_title(title, upload), uploaded_by=actor)
    attachment.save()
    _revise(project, actor, RevisionNote.ATTACHMENT_ADDED, attachment.title)
    _audit("added", attachment, actor, context)
    return attachment


@transaction.atomic
def attachment_remove(
    *, actor, attachment: ProjectAttachment, context: AuditContext | None = None
) -> None:
    """Remove the file; the audit entry and a revision note keep what it was and who removed
    it. The file itself goes once the removal is committed."""
    project = attachment.project
    _audit("removed", attachment, actor, context)
    stored = attachment.file
    attachment.delete()
    _revise(project, actor, RevisionNote.ATTACHMENT_REMOVED, attachment.title)
    if stored.name:
        transaction.on_commit(partial(stored.storage.delete, stored.name))


def project_attachments(project: Project):
    return project.attachments.all()


def get_attachment_for_viewer(*, viewer: Viewer, attachment_id: int) -> ProjectAttachment:
    """The attachment if ``viewer`` may read its project, else 404 (as the project itself)."""
    project_id = (
        ProjectAttachment.objects.filter(pk=attachment_id).values_list("project_id", flat=True)
    ).first()
    if project_id is None:
        raise Http404
    project = get_project_for_viewer(viewer=viewer, project_id=project_id)
    attachment = project.attachments.get(pk=attachment_id)
    attachment.project = project
    return attachment


def get_attachment_for_editor(*, viewer: Viewer, attachment_id: int) -> ProjectAttachment:
    """404 for what the viewer may not read, 403 for readers who may not change the project."""
    attachment = get_attachment_for_viewer(viewer=viewer, attachment_id=attachment_id)
    if not can_edit(viewer, attachment.project):
        raise PermissionDenied
    return attachment
