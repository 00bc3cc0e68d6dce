"""HR import screens for organisation admins: upload, progress, preview, apply, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from zorgwijs.core.access import org_view
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.lib.spreadsheets import csv_lines, csv_response

from ..hr_import.forms import HrImportUploadForm
from ..hr_import.jobs import hr_import_job_create, hr_import_job_request_apply
from ..hr_import.synthetic import HEADERS
from ..models import HrImportJob

CAPABILITY = "hr.import"
ERRORS_PER_PAGE = 100
HISTORY_LENGTH = 25
FIELD_LABELS = {
    "employee_number": gettext_lazy("Personeelsnummer"),
    "full_name": gettext_lazy("Naam"),
    "email": gettext_lazy("E-mail"),
    "job_function": gettext_lazy("Functie"),
    "department": gettext_lazy("Afdeling"),
    "line_manager": gettext_lazy("Leidinggevende"),
    "start_date": gettext_lazy("In dienst"),
    "end_date": gettext_lazy("Uit dienst"),
}


def get_hr_import_job(request: OrgRequest, job_id: int) -> HrImportJob:
    """A job of the organisation in the URL, or 404."""
    job = (
        HrImportJob.objects.filter(organisation=request.org_access.organisation, pk=job_id)
        .select_related("created_by", "applied_by")
        .first()
    )
    if job is None:
        raise Http404
    return job


def _job_url(job: HrImportJob) -> str:
    from django.urls import reverse

    return reverse(
        "organisations:hr_import_job", kwargs={"org_slug": job.organisation.slug, "job_id": job.pk}
    )


@org_view(CAPABILITY)
@once_per_submission
def hr_import_index(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    form = HrImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = hr_import_job_create(
            actor=request.user, organisation=access.organisation, upload=form.cleaned_data["file"]
        )
        return redirect(_job_url(job))
    jobs = (
        HrImportJob.objects.filter(organisation=access.organisation)
        .select_related("created_by", "organisation")
        .defer("summary", "errors")[:HISTORY_LENGTH]
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "organisations/hr_import/index.html",
        {"form": form, "jobs": [(job, _job_url(job)) for job in jobs]},
        status=status,
    )


@org_view(CAPABILITY)
@require_GET
def hr_import_example(request: OrgRequest, org_slug: str) -> StreamingHttpResponse:
    example = [
        "100234",
        "Anna de Vries",
        "a.devries@voorbeeld.nl",
        "Verpleegkundige",
        "Hartcentrum/Cathlab",
        "100101",
        "2019-09-01",
        "",
    ]
    return csv_response(
        csv_lines(HEADERS, [example], delimiter=";"),
        filename="hr-import-voorbeeld.csv",
        no_store=False,
    )


@org_view(CAPABILITY)
@require_GET
def hr_import_job(request: OrgRequest, org_slug: str, job_id: int) -> HttpResponse:
    job = get_hr_import_job(request, job_id)
    errors = Paginator(job.errors, ERRORS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "organisations/hr_import/job.html",
        {
            "job": job,
            "errors_page": errors,
            "counts": job.summary.get("counts", {}),
            "updates": _labelled_updates(job.summary.get("updates", [])),
        },
    )


def _labelled_updates(updates: list[dict]) -> list[dict]:
    return [
        {
            **update,
            "changes": [
                {"label": FIELD_LABELS.get(name, name), "old": old, "new": new}
                for name, old, new in update["changes"]
            ],
        }
        for update in updates
    ]


@org_view(CAPABILITY)
@require_GET
def hr_import_progress(request: OrgRequest, org_slug: str, job_id: int) -> HttpResponse:
    """The progress block, polled by htmx; when the work is done the whole page reloads.

    Opened without htmx (no JavaScript, a bookmark) it sends the person to the job's page.
    """
    job = get_hr_import_job(request, job_id)
    if not request.htmx:
        return redirect(_job_url(job))
    response = render(
        request,
        "core/import/_progress.html",
        {"job": job, "progress_url": request.path, "job_url": _job_url(job)},
    )
    if not job.is_busy:
        response["HX-Refresh"] = "true"
    return response


@org_view(CAPABILITY)
@require_POST
def hr_import_apply(request: OrgRequest, org_slug: str, job_id: int) -> HttpResponse:
    job = get_hr_import_job(request, job_id)
    if job.summary.get("confirm_deactivations") and not request.POST.get("confirm"):
        messages.error(request, _("Bevestig eerst dat deze medewerkers uit dienst gaan."))
        return redirect(_job_url(job))
    if not hr_import_job_request_apply(actor=request.user, job=job):
        messages.error(request, _("Deze import kan niet (meer) worden toegepast."))
    return redirect(_job_url(job))
