"""The qualification import on the shared import mechanism (``lib/import_jobs.py``).

The dry run runs within the upload's request, so a file that cannot be read is refused at the
upload and nothing is stored; applying checks the stored file again and registers every row or
none (in the background for a large file).
"""

from __future__ import annotations

from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django_scopes import scope

from zorgwijs.audit.context import AuditContext
from zorgwijs.lib.import_jobs import (
    ImportFileError,
    ImportPipeline,
    import_job_create,
    import_job_request_apply,
)
from zorgwijs.organisations.hr_import.parsing import HrImportFileError
from zorgwijs.organisations.models import Organisation

from ..models import QualificationImport
from .importing import (
    QualificationImportError,
    QualificationImportPlan,
    qualification_file_parse,
    qualification_import_apply,
    qualification_import_plan,
)

PREVIEW_ROWS = 200
SKIPPED_ROWS = 200
ERROR_ROWS = 500


class QualificationImportPipeline(ImportPipeline[QualificationImport, QualificationImportPlan]):
    model = QualificationImport
    uploaded_action = "competences.qualification_import.uploaded"
    inline_setting = "QUALIFICATION_IMPORT_INLINE_MAX_BYTES"
    inline_default = 200_000
    check_at_upload = True
    default_name = "bekwaamheden.csv"

    def plan(self, job: QualificationImport, file: IO[bytes]) -> QualificationImportPlan:
        try:
            parsed = qualification_file_parse(file, filename=job.original_name)
        except HrImportFileError as error:
            raise ImportFileError(str(error)) from None
        with scope(organisation=job.organisation_id):
            return qualification_import_plan(
                organisation=job.organisation, parsed=parsed, filename=job.original_name
            )

    def store(self, job: QualificationImport, plan: QualificationImportPlan) -> None:
        job.summary = {
            "counts": plan.summary(),
            "preview": [
                {
                    "row": row.number,
                    "name": row.membership.user.full_name,
                    "item": row.item.name,
                    "occurred_on": row.occurred_on.isoformat(),
                    "evidence": row.evidence_kind,
                }
                for row in plan.rows[:PREVIEW_ROWS]
            ],
            "skipped": [{"row": e.number, "reason": e.reason} for e in plan.skipped[:SKIPPED_ROWS]],
        }
        job.errors = [{"row": e.number, "reason": e.reason} for e in plan.errors[:ERROR_ROWS]]

    def has_errors(self, plan: QualificationImportPlan) -> bool:
        return not plan.is_valid

    def write(self, job: QualificationImport, plan: QualificationImportPlan) -> None:
        try:
            with scope(organisation=job.organisation_id):
                job.result = qualification_import_apply(actor=job.applied_by, plan=plan)
        except QualificationImportError as error:
            raise ImportFileError(str(error)) from None


def qualification_import_create(
    *,
    actor: Any,
    organisation: Organisation,
    upload: UploadedFile,
    context: AuditContext | None = None,
) -> QualificationImport:
    """Store the upload with its dry run; ValidationError at ``file`` when it cannot be read."""
    return import_job_create(
        QualificationImportPipeline(),
        actor=actor,
        upload=upload,
        context=context,
        organisation=organisation,
    )


def qualification_import_request_apply(*, actor: Any, job: QualificationImport) -> bool:
    """Apply a checked import now (or queue a large one); False when it is not (or no longer)
    ready for that."""
    return import_job_request_apply(QualificationImportPipeline(), actor=actor, job=job)
