"""Import screens for coordinators: upload → preview (dry run) → apply. Capability
``competences.register``, like registering one qualification by hand."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import save_form
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.hr_import.forms import HrImportUploadForm

from ..models import EvidenceKind, QualificationImport
from .jobs import qualification_import_create, qualification_import_request_apply

CAPABILITY = "competences.register"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
HISTORY_LENGTH = 25


class QualificationUploadForm(HrImportUploadForm):
    """The HR import's checks on type and content, with this import's label and size."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = gettext_lazy("Bestand met bekwaamheden (CSV of XLSX)")
        self.fields["file"].help_text = gettext_lazy(
            "Een .csv- of .xlsx-bestand van maximaal 10 MB."
        )

    def clean_file(self):
        upload = super().clean_file()
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Het bestand is te groot; het maximum is 10 MB."))
        return upload


def get_import(request: OrgRequest, import_id: int) -> QualificationImport:
    found = (
        QualificationImport.objects.filter(
            organisation=request.org_access.organisation, pk=import_id
        )
        .select_related("created_by", "applied_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


def _detail_url(request: OrgRequest, job: QualificationImport) -> str:
    return reverse(
        "competences:qualification_import_detail",
        kwargs={"org_slug": request.org_access.organisation.slug, "import_id": job.pk},
    )


@org_view(CAPABILITY)
@once_per_submission
def import_index(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    form = QualificationUploadForm(request.POST or None, request.FILES or None)
    job = save_form(
        request,
        form,
        lambda data: qualification_import_create(
            actor=request.user,
            organisation=organisation,
            upload=data["file"],
            context=audit_context(request),
        ),
    )
    if job is not None:
        return redirect(_detail_url(request, job))
    jobs = (
        QualificationImport.objects.filter(organisation=organisation)
        .select_related("created_by")
        .defer("errors")[:HISTORY_LENGTH]
    )
    return render(
        request,
        "competences/import/index.html",
        {"form": form, "jobs": [(job, _detail_url(request, job)) for job in jobs]},
        status=400 if form.is_bound and form.errors else 200,
    )


@org_view(CAPABILITY)
def import_detail(request: OrgRequest, org_slug: str, import_id: int) -> HttpResponse:
    """The dry run and outcome; a POST applies it (all or nothing)."""
    job = get_import(request, import_id)
    if request.method == "POST":
        if qualification_import_request_apply(actor=request.user, job=job):
            return redirect(_detail_url(request, job))
        messages.error(request, _("Deze import kan niet (meer) worden toegepast."))
    return render(
        request,
        "competences/import/detail.html",
        {"job": job, "preview": _preview(job)},
        status=400 if request.method == "POST" else 200,
    )


def _preview(job: QualificationImport) -> list[dict]:
    return [
        {
            **row,
            "occurred_on": datetime.date.fromisoformat(row["occurred_on"]),
            "evidence": EvidenceKind(row["evidence"]).label,
        }
        for row in job.summary.get("preview", [])
    ]
