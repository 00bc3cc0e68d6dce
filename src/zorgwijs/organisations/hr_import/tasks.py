"""Background tasks (django-tasks) for HR import jobs; they take only the job id."""

from __future__ import annotations

from django_tasks import task

from . import jobs


@task()
def hr_import_check_task(job_id: int) -> None:
    jobs.hr_import_job_check(job_id=job_id)


@task()
def hr_import_apply_task(job_id: int) -> None:
    jobs.hr_import_job_apply(job_id=job_id)
