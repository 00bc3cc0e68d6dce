"""Import of a practice collection in the browser: upload (dry run), preview, apply.

Two doors to the same pages: organisation admins and editors import their organisation's
projects under ``/o/<org>/projecten/import/`` (capability ``projects.import``); platform
admins import the platform's own collection (no owning organisation) under
``/projecten/import/``. Each door only ever sees its own jobs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view, platform_admin_view
from zorgwijs.lib.forms import save_form
from zorgwijs.lib.http import AuthenticatedRequest, OrgRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..forms import ProjectImportForm
from ..import_jobs import project_import_job_create, project_import_job_request_apply
from ..models import ProjectImportJob

if TYPE_CHECKING:
    from zorgwijs.organisations.models import Organisation

CAPABILITY = "projects.import"
ERRORS_PER_PAGE = 100
HISTORY_LENGTH = 25


@dataclass(frozen=True)
class ImportOwner:
    """Whose import this is: an organisation, or the platform (``organisation`` None)."""

    organisation: Organisation | None

    @property
    def _names(self) -> tuple[str, dict]:
        if self.organisation is None:
            return "projects:", {}
        return "projects_org:", {"org_slug": self.organisation.slug}

    def url(self, name: str, **kwargs) -> str:
        prefix, base = self._names
        return reverse(prefix + name, kwargs={**base, **kwargs})

    def jobs(self):
        jobs = ProjectImportJob.objects.select_related("created_by", "applied_by")
        if self.organisation is None:
            return jobs.filter(organisation__isnull=True)
        return jobs.filter(organisation=self.organisation)

    def job(self, job_id: int) -> ProjectImportJob:
        """A job of this owner, or 404."""
        job = self.jobs().filter(pk=job_id).first()
        if job is None:
            raise Http404
        return job


def _org(request: OrgRequest) -> ImportOwner:
    return ImportOwner(request.org_access.organisation)


PLATFORM = ImportOwner(None)


def _index(request: HttpRequest, owner: ImportOwner) -> HttpResponse:
    platform = owner.organisation is None
    form = ProjectImportForm(request.POST or None, request.FILES or None, platform=platform)
    job = save_form(
        request,
        form,
        lambda data: project_import_job_create(
            actor=request.user,
            organisation=owner.organisation,
            upload=data["file"],
            visibility=data.get("visibility", ""),
            context=audit_context(request),
        ),
    )
    if job is not None:
        return redirect(owner.url("import_job", job_id=job.pk))
    jobs = [(job, owner.url("import_job", job_id=job.pk)) for job in owner.jobs()[:HISTORY_LENGTH]]
    return render(
        request,
        "projects/import/index.html",
        {"form": form, "jobs": jobs, "owner": owner, "platform": platform},
        status=400 if form.is_bound and form.errors else 200,
    )


def _job(request: HttpRequest, owner: ImportOwner, job_id: int) -> HttpResponse:
    job = owner.job(job_id)
    errors = Paginator(job.errors, ERRORS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "projects/import/job.html",
        {
            "job": job,
            "owner": owner,
            "platform": owner.organisation is None,
            "errors_page": errors,
            "index_url": owner.url("import"),
            "apply_url": owner.url("import_apply", job_id=job.pk),
        },
    )


def _apply(request: HttpRequest, owner: ImportOwner, job_id: int) -> HttpResponse:
    job = owner.job(job_id)
    if not project_import_job_request_apply(actor=request.user, job=job):
        messages.error(request, _("Deze import kan niet (meer) worden toegepast."))
    # The job's page says what happened (applied, busy, or a new check with its errors).
    return redirect(owner.url("import_job", job_id=job.pk))


@org_view(CAPABILITY)
@once_per_submission
def org_import(request: OrgRequest, org_slug: str) -> HttpResponse:
    return _index(request, _org(request))


@org_view(CAPABILITY)
@require_GET
def org_import_job(request: OrgRequest, org_slug: str, job_id: int) -> HttpResponse:
    return _job(request, _org(request), job_id)


@org_view(CAPABILITY)
@require_POST
def org_import_apply(request: OrgRequest, org_slug: str, job_id: int) -> HttpResponse:
    return _apply(request, _org(request), job_id)


@platform_admin_view
@once_per_submission
def platform_import(request: AuthenticatedRequest) -> HttpResponse:
    return _index(request, PLATFORM)


@platform_admin_view
@require_GET
def platform_import_job(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    return _job(request, PLATFORM, job_id)


@platform_admin_view
@require_POST
def platform_import_apply(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    return _apply(request, PLATFORM, job_id)
