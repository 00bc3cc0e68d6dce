"""The monitor's upload of figures on the shared import mechanism (``lib/import_jobs.py``).

The dry run runs within the upload's request, so a file of the wrong shape is refused at the
upload and nothing is stored; applying checks the stored file again and shares every period
in it as a submission, or nothing.
"""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django_scopes import scope

from zorgwijs.audit.context import AuditContext
from zorgwijs.lib.import_jobs import (
    ImportFileError,
    ImportPipeline,
    import_job_create,
    import_job_request_apply,
)
from zorgwijs.organisations.models import Organisation

from .importing import FigureFileError, Plan, figures_apply, figures_plan
from .models import FigureUpload

ERROR_ROWS = 500


class FigureImport(ImportPipeline[FigureUpload, Plan]):
    model = FigureUpload
    uploaded_action = "monitor.submission.uploaded"
    inline_setting = "MONITOR_UPLOAD_INLINE_MAX_BYTES"
    inline_default = 200_000
    check_at_upload = True
    default_name = "cijfers.csv"

    def plan(self, job: FigureUpload, file: IO[bytes]) -> Plan:
        try:
            with scope(organisation=job.organisation_id):
                return figures_plan(file, filename=job.original_name, organisation=job.organisation)
        except FigureFileError as error:
            raise ImportFileError(str(error)) from None

    def store(self, job: FigureUpload, plan: Plan) -> None:
        job.summary = {"rows": plan.rows, "errors": len(plan.errors), "periods": plan.summary()}
        job.errors = [
            {"row": e.number, "field": e.column, "reason": e.reason}
            for e in plan.errors[:ERROR_ROWS]
        ]

    def has_errors(self, plan: Plan) -> bool:
        return bool(plan.errors)

    def write(self, job: FigureUpload, plan: Plan) -> None:
        try:
            with scope(organisation=job.organisation_id):
                created = figures_apply(
                    actor=job.applied_by, organisation=job.organisation, plan=plan
                )
        except ValidationError as error:
            raise ImportFileError(" ".join(error.messages)) from None
        job.result = {"periods": [s.period_label for s in created]}


def figure_upload_create(
    *,
    actor: Any,
    organisation: Organisation,
    upload: UploadedFile,
    context: AuditContext | None = None,
) -> FigureUpload:
    """Store the upload with its dry run; ValidationError at ``file`` for a file of the wrong
    shape (nothing is stored then)."""
    return import_job_create(
        FigureImport(), actor=actor, upload=upload, context=context, organisation=organisation
    )


def figure_upload_request_apply(*, actor: Any, job: FigureUpload) -> bool:
    """Share every period of a checked upload now (or queue a large one); False when it is not
    (or no longer) ready for that."""
    return import_job_request_apply(FigureImport(), actor=actor, job=job)
