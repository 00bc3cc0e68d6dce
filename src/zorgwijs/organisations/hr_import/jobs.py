"""HR import jobs on the shared import mechanism (``lib/import_jobs.py``): the upload is stored,
checked (in the background for a large file, with progress per row) and later applied.

An unreadable file leaves a failed job that says why. Once applied, the upload is deleted.
"""

from __future__ import annotations

from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile

from zorgwijs.lib.import_jobs import (
    ImportFileError,
    ImportPipeline,
    import_job_create,
    import_job_request_apply,
    import_job_update,
)
from zorgwijs.organisations.models import HrImportJob, Organisation

from .applying import hr_import_apply
from .parsing import HrImportFileError, parse_hr_file
from .planning import HrImportPlan, hr_import_plan

MAX_STORED_ERRORS = 10_000


class HrImport(ImportPipeline[HrImportJob, HrImportPlan]):
    model = HrImportJob
    uploaded_action = "organisations.hr_import.uploaded"
    inline_setting = "HR_IMPORT_INLINE_MAX_BYTES"
    inline_default = 200_000
    default_name = "hr-import.csv"

    def plan(self, job: HrImportJob, file: IO[bytes]) -> HrImportPlan:
        try:
            parsed = parse_hr_file(file, filename=job.original_name)
        except HrImportFileError as error:
            raise ImportFileError(str(error)) from None
        import_job_update(job, rows_total=len(parsed.rows), rows_done=0)
        return hr_import_plan(
            organisation=job.organisation,
            parsed=parsed,
            source_name=job.original_name,
            progress=lambda done: import_job_update(job, rows_done=done),
        )

    def store(self, job: HrImportJob, plan: HrImportPlan) -> None:
        summary = plan.summary()
        # Warn uploaders who would end their own membership (and so their access) by mistake.
        summary["ends_uploader"] = any(m.user_id == job.created_by_id for m in plan.deactivations)
        job.summary = summary
        job.errors = plan.errors_json()[:MAX_STORED_ERRORS]
        job.error_count = len(plan.errors)
        job.rows_done = plan.rows_total

    def has_errors(self, plan: HrImportPlan) -> bool:
        return bool(plan.errors)

    def write(self, job: HrImportJob, plan: HrImportPlan) -> None:
        result = hr_import_apply(actor=job.applied_by, organisation=job.organisation, plan=plan)
        job.result = result.counts


def hr_import_job_create(
    *, actor: Any, organisation: Organisation, upload: UploadedFile
) -> HrImportJob:
    return import_job_create(HrImport(), actor=actor, upload=upload, organisation=organisation)


def hr_import_job_request_apply(*, actor: Any, job: HrImportJob) -> bool:
    """Queue applying a checked job; False when it is not (or no longer) ready for that."""
    return import_job_request_apply(HrImport(), actor=actor, job=job)
