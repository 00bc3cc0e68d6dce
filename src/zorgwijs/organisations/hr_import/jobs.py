"""HR import jobs: an upload is checked (dry run) and later applied, in the background.

The job row carries status and progress so the pages can show them; the uploaded file stays
with the job, and applying plans again from it, so what is applied is checked against the
organisation as it is at that moment.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from zorgwijs.audit.services import record
from zorgwijs.organisations.models import HrImportJob, Organisation

from .applying import hr_import_apply
from .parsing import HrImportFileError, parse_hr_file
from .planning import HrImportPlan, hr_import_plan

logger = logging.getLogger(__name__)
Status = HrImportJob.Status
MAX_STORED_ERRORS = 10_000


def inline_limit() -> int:
    """Files up to this size are checked and applied within the request; larger ones by a task."""
    return getattr(settings, "HR_IMPORT_INLINE_MAX_BYTES", 200_000)


def hr_import_job_create(*, actor, organisation: Organisation, upload: UploadedFile) -> HrImportJob:
    name = get_valid_filename(upload.name or "hr-import.csv")[-200:]
    job = HrImportJob(organisation=organisation, created_by=actor, original_name=name)
    job.file.save(name, upload, save=False)
    job.save()
    record(
        "organisations.hr_import.uploaded",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=job,
        data={"file": name},
    )
    _run(hr_import_job_check, job, upload.size or 0)  # Django always sizes an upload
    return job


def hr_import_job_request_apply(*, actor, job: HrImportJob) -> bool:
    """Queue applying a checked job; False when it is not (or no longer) ready for that."""
    if not job.can_apply:
        return False
    claimed = HrImportJob.objects.filter(pk=job.pk, status=Status.CHECKED).update(
        status=Status.APPLY_QUEUED, applied_by=actor, updated_at=timezone.now()
    )
    if claimed:
        _run(hr_import_job_apply, job, job.file.size)
    return bool(claimed)


def _run(step, job: HrImportJob, size: int) -> None:
    from .tasks import hr_import_apply_task, hr_import_check_task

    if size <= inline_limit():
        step(job_id=job.pk)
        return
    task = hr_import_check_task if step is hr_import_job_check else hr_import_apply_task
    task.enqueue(job.pk)


def _load(job_id: int) -> HrImportJob:
    with scopes_disabled():
        return HrImportJob.objects.select_related("organisation", "applied_by").get(pk=job_id)


def _set(job: HrImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    with scope(organisation=job.organisation_id):
        HrImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now(), **fields)


def _plan(job: HrImportJob) -> HrImportPlan:
    with job.file.open("rb") as handle:
        parsed = parse_hr_file(handle, filename=job.original_name)
    _set(job, rows_total=len(parsed.rows), rows_done=0)
    return hr_import_plan(
        organisation=job.organisation,
        parsed=parsed,
        source_name=job.original_name,
        progress=lambda done: _set(job, rows_done=done),
    )


def _store_plan(job: HrImportJob, plan: HrImportPlan, status: str, message: str = "") -> None:
    summary = plan.summary()
    # Warn uploaders who would end their own membership (and so their access) by mistake.
    summary["ends_uploader"] = any(m.user_id == job.created_by_id for m in plan.deactivations)
    _set(
        job,
        status=status,
        summary=summary,
        errors=plan.errors_json()[:MAX_STORED_ERRORS],
        error_count=len(plan.errors),
        rows_done=plan.rows_total,
        message=message,
    )


def _fail(job: HrImportJob, message: str) -> None:
    _set(job, status=Status.FAILED, message=message)


def hr_import_job_check(*, job_id: int) -> None:
    """The dry run: parse the stored file, plan against the organisation, store the preview."""
    job = _load(job_id)
    _set(job, status=Status.CHECKING)
    try:
        plan = _plan(job)
    except HrImportFileError as error:
        _fail(job, str(error))
        return
    except Exception:
        logger.exception("HR import check %s failed", job_id)
        _fail(job, _("Het bestand kon niet worden gecontroleerd door een onverwachte fout."))
        return
    _store_plan(job, plan, Status.CHECKED)


def hr_import_job_apply(*, job_id: int) -> None:
    """Plan again from the stored file and apply it, all or nothing."""
    job = _load(job_id)
    _set(job, status=Status.APPLYING)
    try:
        plan = _plan(job)
        if plan.errors:
            _store_plan(
                job,
                plan,
                Status.CHECKED,
                _("De gegevens zijn sinds de controle veranderd; bekijk de nieuwe controle."),
            )
            return
        result = hr_import_apply(actor=job.applied_by, organisation=job.organisation, plan=plan)
    except HrImportFileError as error:
        _fail(job, str(error))
        return
    except Exception:
        logger.exception("HR import apply %s failed", job_id)
        _fail(job, _("Het verwerken is mislukt; er is niets gewijzigd."))
        return
    _set(
        job,
        status=Status.APPLIED,
        result=result.counts,
        applied_at=timezone.now(),
        rows_done=plan.rows_total,
    )
    _discard_file(job)


def _discard_file(job: HrImportJob) -> None:
    """The upload holds personal data; once applied, the data lives in Zorgwijs itself."""
    job.file.delete(save=False)
    _set(job, file="")
