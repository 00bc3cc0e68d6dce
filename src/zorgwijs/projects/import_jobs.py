"""Import of a practice collection in the browser: upload → dry run → apply, as a job.

Like the HR import (``organisations/hr_import/jobs.py``) the uploaded file stays with its job
between the dry run and "Toepassen", and applying checks it again, so what is written is
checked against the projects as they are at that moment. A file that cannot be read at all is
refused at the upload (nothing is stored). Once applied, the file is deleted: it may hold
contact persons' names and addresses, and its data now lives in the projects themselves.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from zorgwijs.audit.services import record
from zorgwijs.organisations.models import Visibility

from .importing import (
    PLATFORM_COLLECTION,
    ImportFileError,
    ImportReport,
    project_import,
    read_rows,
)
from .models import ImportStatus, ProjectImportJob

logger = logging.getLogger(__name__)
MAX_STORED_ERRORS = 2_000
MAX_PREVIEW = 200


def _rows(content: bytes, filename: str) -> list[dict]:
    try:
        return read_rows(content, filename)
    except ImportFileError as error:
        raise ValidationError({"file": str(error)}) from None


def _run(job: ProjectImportJob, rows: list[dict], *, actor, apply: bool) -> ImportReport:
    return project_import(
        actor=actor,
        rows=rows,
        apply=apply,
        organisation=job.organisation,
        visibility=job.visibility,
        collection="" if job.organisation_id else PLATFORM_COLLECTION,
    )


def _store_report(job: ProjectImportJob, report: ImportReport) -> None:
    job.counts = {
        "rows": len(report.rows),
        "new": report.count("nieuw"),
        "changed": report.count("bijgewerkt"),
        "unchanged": report.count("ongewijzigd"),
        "errors": len(report.errors),
    }
    job.errors = [
        {"row": row.number, "id": row.external_id, "field": error.field, "reason": error.message}
        for row in report.errors
        for error in row.errors
    ][:MAX_STORED_ERRORS]
    job.preview = [
        {"row": r.number, "id": r.external_id, "title": r.title, "action": r.action}
        for r in report.rows
        if not r.errors and r.action in {"nieuw", "bijgewerkt"}
    ][:MAX_PREVIEW]


def _audit(action: str, job: ProjectImportJob, actor, request) -> None:
    record(
        f"projects.import.{action}",
        kind="change",
        actor=actor,
        organisation=job.organisation,
        obj=job,
        request=request,
        data={"file": job.original_name, "counts": job.counts},
    )


@transaction.atomic
def import_job_create(
    *, actor, organisation, upload: UploadedFile, visibility: str, request=None
) -> ProjectImportJob:
    """Read the file and run the dry run; ValidationError at ``file`` when it cannot be read
    (nothing is stored then)."""
    content = upload.read()
    name = get_valid_filename(upload.name or "projecten.json")[-200:]
    rows = _rows(content, name)
    if organisation is None:
        visibility = Visibility.PUBLIC  # without an owner only "public" has readers
    job = ProjectImportJob(
        organisation=organisation, created_by=actor, original_name=name, visibility=visibility
    )
    _store_report(job, _run(job, rows, actor=actor, apply=False))
    job.file.save(name, ContentFile(content), save=False)
    job.save()
    _audit("checked", job, actor, request)
    return job


def inline_limit() -> int:
    """Files up to this size are applied within the request; larger ones by a background task
    (about 75 records a second are written, with their revisions and search entries)."""
    return getattr(settings, "PROJECT_IMPORT_INLINE_MAX_BYTES", 500_000)


def import_job_request_apply(*, actor, job: ProjectImportJob) -> bool:
    """Apply a checked job now (small files) or queue it; False when it is not (or no longer)
    ready for that. Claiming the job first means a double click applies it once."""
    if not job.can_apply:
        return False
    claimed = ProjectImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.APPLY_QUEUED, applied_by=actor
    )
    if not claimed:
        return False
    if _stored_size(job) <= inline_limit():
        import_job_apply(job_id=job.pk)
    else:
        from .tasks import project_import_apply_task

        project_import_apply_task.enqueue(job_id=job.pk)
    return True


def import_job_apply(*, job_id: int) -> None:
    """Check the stored file again and write it, all or nothing. When the new check finds
    errors (the projects changed since the dry run), nothing is written and the job shows
    that check."""
    job = ProjectImportJob.objects.select_related("organisation", "applied_by").get(pk=job_id)
    ProjectImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.APPLYING)
    try:
        _apply_stored(job)
    except ValidationError as error:
        _fail(job, " ".join(error.messages))
    except Exception:
        logger.exception("Project import %s failed", job_id)
        _fail(job, _("Het verwerken is mislukt; er is niets gewijzigd."))


@transaction.atomic
def _apply_stored(job: ProjectImportJob) -> None:
    rows = _rows(_stored_content(job), job.original_name)
    report = _run(job, rows, actor=job.applied_by, apply=True)
    _store_report(job, report)
    if report.applied:
        job.status, job.applied_at, job.message = ImportStatus.APPLIED, timezone.now(), ""
        _audit("applied", job, job.applied_by, None)
        stored = job.file.name
        transaction.on_commit(lambda: _discard_file(job.pk, stored))
    else:
        job.status, job.applied_by = ImportStatus.CHECKED, None
        job.message = _("De projecten zijn sinds de controle veranderd; bekijk de nieuwe controle.")
    job.save()


def _fail(job: ProjectImportJob, message: str) -> None:
    ProjectImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, message=message)


def _stored_size(job: ProjectImportJob) -> int:
    """0 when the file is gone: applying then fails at once with a clear message."""
    try:
        return job.file.size
    except (FileNotFoundError, ValueError):
        return 0


def _stored_content(job: ProjectImportJob) -> bytes:
    try:
        with job.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, ValueError):
        raise ValidationError(
            {"file": _("Het bestand van deze import is er niet meer; upload het opnieuw.")}
        ) from None


def _discard_file(job_id: int, name: str | None) -> None:
    job = ProjectImportJob.objects.get(pk=job_id)
    if name:
        job.file.storage.delete(name)
    ProjectImportJob.objects.filter(pk=job_id).update(file="")
