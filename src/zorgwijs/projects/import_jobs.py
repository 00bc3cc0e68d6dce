"""Import of a practice collection in the browser, on the shared import mechanism
(``lib/import_jobs.py``): upload → dry run → apply (in the background for a large file).

The dry run runs within the upload's request: a file that cannot be read at all is refused at
the upload and nothing is stored. Once applied, the file is deleted: it may hold contact
persons' names and addresses, and its data now lives in the projects themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.lib.import_jobs import (
    ImportFileError,
    ImportPipeline,
    import_job_create,
    import_job_request_apply,
)
from zorgwijs.organisations.models import Organisation, Visibility

from .importing import PLATFORM_COLLECTION, ImportReport, project_import, read_rows
from .importing import ImportFileError as ProjectFileError
from .models import ProjectImportJob

MAX_STORED_ERRORS = 2_000
MAX_PREVIEW = 200


@dataclass
class ProjectImportPlan:
    rows: list[dict[str, Any]]
    report: ImportReport


class ProjectImport(ImportPipeline[ProjectImportJob, ProjectImportPlan]):
    model = ProjectImportJob
    uploaded_action = "projects.import.checked"
    # About 75 records a second are written, with their revisions and search entries.
    inline_setting = "PROJECT_IMPORT_INLINE_MAX_BYTES"
    inline_default = 500_000
    check_at_upload = True
    default_name = "projecten.json"
    changed_message = gettext_lazy(
        "De projecten zijn sinds de controle veranderd; bekijk de nieuwe controle."
    )

    def plan(self, job: ProjectImportJob, file: IO[bytes]) -> ProjectImportPlan:
        try:
            rows = read_rows(file.read(), job.original_name)
        except ProjectFileError as error:
            raise ImportFileError(str(error)) from None
        return ProjectImportPlan(rows, _import(job, rows, apply=False))

    def store(self, job: ProjectImportJob, plan: ProjectImportPlan) -> None:
        report = plan.report
        job.counts = {
            "rows": len(report.rows),
            "new": report.count("nieuw"),
            "changed": report.count("bijgewerkt"),
            "unchanged": report.count("ongewijzigd"),
            "errors": len(report.errors),
        }
        job.errors = [
            {"row": row.number, "id": row.external_id, "field": e.field, "reason": e.message}
            for row in report.errors
            for e in row.errors
        ][:MAX_STORED_ERRORS]
        job.preview = [
            {"row": r.number, "id": r.external_id, "title": r.title, "action": r.action}
            for r in report.rows
            if not r.errors and r.action in {"nieuw", "bijgewerkt"}
        ][:MAX_PREVIEW]

    def has_errors(self, plan: ProjectImportPlan) -> bool:
        return bool(plan.report.errors)

    def write(self, job: ProjectImportJob, plan: ProjectImportPlan) -> None:
        plan.report = _import(job, plan.rows, apply=True)
        if not plan.report.applied:
            raise RuntimeError("the rows changed between the check and applying")
        self.store(job, plan)
        record(
            "projects.import.applied",
            kind="change",
            actor=job.applied_by,
            organisation=job.organisation,
            obj=job,
            data=self.audit_data(job),
        )

    def audit_data(self, job: ProjectImportJob) -> dict[str, Any]:
        return {"file": job.original_name, "counts": job.counts}


def _import(job: ProjectImportJob, rows: list[dict[str, Any]], *, apply: bool) -> ImportReport:
    return project_import(
        actor=job.applied_by if apply else job.created_by,
        rows=rows,
        apply=apply,
        organisation=job.organisation,
        visibility=job.visibility,
        collection="" if job.organisation_id else PLATFORM_COLLECTION,
    )


def project_import_job_create(
    *,
    actor: Any,
    organisation: Organisation | None,
    upload: UploadedFile,
    visibility: str,
    context: AuditContext | None = None,
) -> ProjectImportJob:
    """Store the upload with its dry run; ValidationError at ``file`` when it cannot be read
    (nothing is stored then)."""
    if organisation is None:
        visibility = Visibility.PUBLIC  # without an owner only "public" has readers
    return import_job_create(
        ProjectImport(),
        actor=actor,
        upload=upload,
        context=context,
        organisation=organisation,
        visibility=visibility,
    )


def project_import_job_request_apply(*, actor: Any, job: ProjectImportJob) -> bool:
    """Apply a checked job now (small files) or queue it; False when it is not (or no longer)
    ready for that."""
    return import_job_request_apply(ProjectImport(), actor=actor, job=job)
