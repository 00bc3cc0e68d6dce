"""Figures in: the organisation's submissions, the form, the upload, derived figures."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import apply_service_errors
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.lib.spreadsheets import csv_lines, csv_response

from ..forms import DeriveForm, FigureUploadForm, RowFormSet, SubmissionForm, rows_of
from ..importing import COLUMNS, FigureFileError, example_rows, figures_apply, figures_plan
from ..indicators import FIGURE_FIELDS, SECTOR_OF_KIND, Sector
from ..models import FigureUpload, Submission, SubmissionStatus, period_display
from ..periods import parse_period
from ..selectors import get_submission, networks_of, submissions_of
from ..services import submission_confirm, submission_create, submission_derive, submission_discard
from ..validation import row_errors

SUBMIT = "monitor.submit"
HISTORY = 40


@org_view("monitor.view")
def index(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    submissions = list(
        submissions_of(access.organisation).exclude(status=SubmissionStatus.DISCARDED)[:HISTORY]
    )
    return render(
        request,
        "monitor/index.html",
        {
            "submissions": submissions,
            "networks": networks_of(access.organisation),
            "can_submit": access.can(SUBMIT),
        },
    )


def _initial_rows(submission: Submission | None, organisation) -> list[dict]:
    if submission is None:
        return [{"sector": SECTOR_OF_KIND.get(organisation.kind, Sector.OTHER)}]
    return [
        {
            "sector": row.sector,
            "function_group": row.function_group,
            **{
                name: str(getattr(row, name)).replace(".", ",") if getattr(row, name) else ""
                for name in FIGURE_FIELDS
            },
        }
        for row in submission.rows.all()
    ]


@org_view(SUBMIT)
@once_per_submission
def submission_new(request: OrgRequest, org_slug: str) -> HttpResponse:
    """Enter figures for a period; with ?van=<id> start from an earlier version (a correction or
    the review of derived figures)."""
    access = request.org_access
    base = None
    source_id = request.GET.get("van", "")
    if source_id.isdigit() and len(source_id) < 12:
        base = get_submission(access.organisation, int(source_id))
    form = SubmissionForm(
        request.POST or None, initial={"period": base.period_label if base else ""}
    )
    formset = RowFormSet(
        request.POST or None,
        initial=None if request.method == "POST" else _initial_rows(base, access.organisation),
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kind, start = form.cleaned_data["period"]
        filled = [f for f in formset.forms if f.has_changed() and f.cleaned_data]
        rows = rows_of(formset)
        problems = row_errors(rows)
        for index, field, message in problems:
            if filled and field in filled[index].fields:
                filled[index].add_error(field, message)
            else:
                form.add_error(None, message)
        if not problems:
            try:
                submission = submission_create(
                    actor=request.user,
                    organisation=access.organisation,
                    period_kind=kind,
                    period_start=start,
                    rows=rows,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("De cijfers over %(period)s zijn gedeeld met je netwerken.")
                    % {"period": submission.period_display},
                )
                return redirect("monitor:detail", org_slug=org_slug, submission_id=submission.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "monitor/form.html",
        {"form": form, "formset": formset, "base": base},
        status=status,
    )


@org_view(SUBMIT)
def submission_detail(request: OrgRequest, org_slug: str, submission_id: int) -> HttpResponse:
    access = request.org_access
    submission = get_submission(access.organisation, submission_id)
    versions = submissions_of(access.organisation).filter(
        period_kind=submission.period_kind, period_start=submission.period_start
    )
    return render(
        request,
        "monitor/detail.html",
        {
            "submission": submission,
            "rows": list(submission.rows.all()),
            "versions": versions,
            "fields": FIGURE_FIELDS,
            "needs_reason": submission.status == SubmissionStatus.DRAFT
            and versions.filter(status=SubmissionStatus.SHARED).exists(),
        },
    )


@org_view(SUBMIT)
@once_per_submission
def submission_decide(request: OrgRequest, org_slug: str, submission_id: int) -> HttpResponse:
    """Confirm (share) or discard a draft."""
    access = request.org_access
    submission = get_submission(access.organisation, submission_id)
    if request.method != "POST":
        return redirect("monitor:detail", org_slug=org_slug, submission_id=submission.pk)
    try:
        if request.POST.get("besluit") == "vervallen":
            submission_discard(actor=request.user, submission=submission, request=request)
            messages.success(request, _("Het concept is vervallen."))
        else:
            submission_confirm(
                actor=request.user,
                submission=submission,
                reason=request.POST.get("reden", "")[:500],
                request=request,
            )
            messages.success(request, _("De cijfers zijn bevestigd en gedeeld met je netwerken."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("monitor:detail", org_slug=org_slug, submission_id=submission.pk)


@org_view(SUBMIT)
@once_per_submission
def derive(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    form = DeriveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind, start = form.cleaned_data["period"]
        try:
            draft = submission_derive(
                actor=request.user,
                organisation=access.organisation,
                period_kind=kind,
                period_start=start,
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Concept gemaakt. Controleer en vul aan; pas na bevestigen wordt het gedeeld."),
            )
            return redirect("monitor:detail", org_slug=org_slug, submission_id=draft.pk)
    return render(
        request, "monitor/derive.html", {"form": form}, status=400 if form.errors else 200
    )


@org_view(SUBMIT)
@once_per_submission
def upload(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    form = FigureUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            figures_plan(file, filename=file.name, organisation=access.organisation)
        except FigureFileError as error:
            form.add_error("file", str(error))
        else:
            file.seek(0)
            stored = FigureUpload.objects.create(
                organisation=access.organisation,
                original_name=file.name[:200],
                content=file.read(),
                created_by=request.user,
            )
            return redirect("monitor:upload_detail", org_slug=org_slug, upload_id=stored.pk)
    history = FigureUpload.objects.filter(organisation=access.organisation).defer("content")[:20]
    return render(
        request,
        "monitor/upload.html",
        {"form": form, "history": history},
        status=400 if form.errors else 200,
    )


def _get_upload(request: OrgRequest, upload_id: int) -> FigureUpload:
    found = FigureUpload.objects.filter(
        organisation=request.org_access.organisation, pk=upload_id
    ).first()
    if found is None:
        raise Http404
    return found


@org_view(SUBMIT)
@once_per_submission
def upload_detail(request: OrgRequest, org_slug: str, upload_id: int) -> HttpResponse:
    """The dry run of an upload; "Toepassen" shares every period in it, or nothing."""
    access = request.org_access
    stored = _get_upload(request, upload_id)
    if stored.applied_at is not None:
        return render(request, "monitor/upload_detail.html", {"upload": stored})
    try:
        plan = figures_plan(
            io.BytesIO(bytes(stored.content)),
            filename=stored.original_name,
            organisation=access.organisation,
        )
    except FigureFileError as error:
        messages.error(request, str(error))
        return redirect("monitor:upload", org_slug=org_slug)
    status = 200
    if request.method == "POST":
        try:
            with transaction.atomic():
                locked = FigureUpload.objects.select_for_update().get(pk=stored.pk)
                if locked.applied_at is not None:
                    raise ValidationError(_("Dit bestand is al verwerkt."))
                created = figures_apply(
                    actor=request.user, organisation=access.organisation, plan=plan, request=request
                )
                locked.applied_at = timezone.now()
                locked.applied_by = request.user
                locked.result = {"periods": [s.period_label for s in created]}
                locked.save(update_fields=["applied_at", "applied_by", "result"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            status = 400
        else:
            messages.success(request, _("De cijfers uit het bestand zijn gedeeld."))
            return redirect("monitor:upload_detail", org_slug=org_slug, upload_id=stored.pk)
    return render(
        request,
        "monitor/upload_detail.html",
        {
            "upload": stored,
            "applied_periods": _displayed((stored.result or {}).get("periods", [])),
            "plan": plan,
            "errors": [
                {"row": e.number, "field": e.column, "reason": e.reason} for e in plan.errors[:500]
            ],
        },
        status=status,
    )


def _displayed(codes: list[str]) -> list[str]:
    """Stored period codes as people read them (the codes stay the record)."""
    parsed = [parse_period(code) for code in codes]
    return [period_display(*p) if p else code for p, code in zip(parsed, codes, strict=True)]


@org_view(SUBMIT)
def example(request: OrgRequest, org_slug: str) -> StreamingHttpResponse:
    return csv_response(
        csv_lines(list(COLUMNS), example_rows()),
        filename="hr-cijfers-voorbeeld.csv",
        no_store=False,
    )
