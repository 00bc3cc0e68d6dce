"""Import screens for coordinators: upload → preview (dry run) → apply. Capability
``competences.register``, like registering one qualification by hand."""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgwijs.core.access import org_view
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.hr_import.forms import HrImportUploadForm
from zorgwijs.organisations.hr_import.parsing import HrImportFileError

from ..models import QualificationImport
from .importing import (
    QualificationImportError,
    qualification_file_parse,
    qualification_import_apply,
    qualification_import_plan,
)

CAPABILITY = "competences.register"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
HISTORY_LENGTH = 25
PREVIEW_ROWS = 200
ERROR_ROWS = 500


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


def plan_for(upload: QualificationImport):
    parsed = qualification_file_parse(
        io.BytesIO(bytes(upload.content)), filename=upload.original_name
    )
    return qualification_import_plan(
        organisation=upload.organisation, parsed=parsed, filename=upload.original_name
    )


@org_view(CAPABILITY)
@once_per_submission
def import_index(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    form = QualificationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            qualification_file_parse(upload, filename=upload.name)
        except HrImportFileError as error:
            form.add_error("file", str(error))
        else:
            upload.seek(0)
            created = QualificationImport.objects.create(
                organisation=access.organisation,
                original_name=upload.name[:200],
                content=upload.read(),
                created_by=request.user,
            )
            return redirect(
                "competences:qualification_import_detail", org_slug=org_slug, import_id=created.pk
            )
    history = (
        QualificationImport.objects.filter(organisation=access.organisation)
        .select_related("created_by")
        .defer("content")[:HISTORY_LENGTH]
    )
    return render(
        request,
        "competences/import/index.html",
        {"form": form, "history": history},
        status=400 if request.method == "POST" else 200,
    )


@org_view(CAPABILITY)
def import_detail(request: OrgRequest, org_slug: str, import_id: int) -> HttpResponse:
    upload = get_import(request, import_id)
    if upload.applied_at is not None:
        return render(request, "competences/import/detail.html", {"upload": upload})
    try:
        plan = plan_for(upload)
    except HrImportFileError as error:
        messages.error(request, str(error))
        return redirect("competences:qualification_import", org_slug=org_slug)
    if request.method == "POST":
        try:
            _apply_once(request, upload, plan)
        except QualificationImportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("De import is verwerkt."))
            return redirect(
                "competences:qualification_import_detail", org_slug=org_slug, import_id=upload.pk
            )
    return render(
        request,
        "competences/import/detail.html",
        {
            "upload": upload,
            "plan": plan,
            "counts": plan.summary(),
            "preview": plan.rows[:PREVIEW_ROWS],
            "errors": [{"row": e.number, "reason": e.reason} for e in plan.errors[:ERROR_ROWS]],
        },
        status=400 if request.method == "POST" else 200,
    )


@transaction.atomic
def _apply_once(request: OrgRequest, upload: QualificationImport, plan) -> None:
    """Apply and mark the upload applied in one transaction; the row lock (PostgreSQL) makes
    a second click or a second coordinator wait, then find it applied."""
    locked = QualificationImport.objects.select_for_update().get(pk=upload.pk)
    if locked.applied_at is not None:
        raise QualificationImportError(_("Deze import is al verwerkt."))
    summary = qualification_import_apply(actor=request.user, plan=plan, request=request)
    locked.applied_at = timezone.now()
    locked.applied_by = request.user
    locked.result = summary
    locked.save(update_fields=["applied_at", "applied_by", "result"])
