"""Figures in: the organisation's submissions, the form, the upload, derived figures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import apply_service_errors, save_form
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.lib.spreadsheets import csv_lines, csv_response

from ..forms import (
    MAX_ROWS,
    DeriveForm,
    FigureUploadForm,
    RowFormSet,
    SubmissionForm,
    rows_of,
)
from ..import_jobs import figure_upload_create, figure_upload_request_apply
from ..importing import COLUMNS, example_rows
from ..indicators import FIGURE_FIELDS, SECTOR_OF_KIND, Sector
from ..models import FigureUpload, Submission, SubmissionStatus, period_display
from ..periods import parse_period
from ..selectors import get_submission, networks_of, submissions_of
from ..services import submission_confirm, submission_create, submission_derive, submission_discard
from ..validation import row_errors

SUBMIT = "monitor.submit"
HISTORY = 40
HISTORY_LENGTH = 20
ADD_ROW = "rij_toevoegen"


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


def _typed_rows(formset) -> list[dict]:
    """The rows of a posted formset as typed (unchecked), leaving out rows left empty."""
    rows = []
    for form in formset.forms[:MAX_ROWS]:
        typed = {name: form[name].value() or "" for name in form.fields}
        if any(str(value).strip() for value in typed.values()):
            rows.append(typed)
    return rows


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
    if request.method == "POST" and ADD_ROW in request.POST:
        # "Rij toevoegen": the same page with what was typed and one more empty row; nothing is
        # checked or stored yet, so an organisation of several sectors or function groups
        # shares all its rows as one version.
        form = SubmissionForm(
            initial={name: request.POST.get(name, "") for name in ("period", "reason")}
        )
        formset = RowFormSet(initial=_typed_rows(RowFormSet(request.POST)))
        return render(
            request, "monitor/form.html", {"form": form, "formset": formset, "base": base}
        )
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
                    context=audit_context(request),
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
            submission_discard(
                actor=request.user, submission=submission, context=audit_context(request)
            )
            messages.success(request, _("Het concept is vervallen."))
        else:
            submission_confirm(
                actor=request.user,
                submission=submission,
                reason=request.POST.get("reden", "")[:500],
                context=audit_context(request),
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
                context=audit_context(request),
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
    organisation = request.org_access.organisation
    form = FigureUploadForm(request.POST or None, request.FILES or None)
    job = save_form(
        request,
        form,
        lambda data: figure_upload_create(
            actor=request.user,
            organisation=organisation,
            upload=data["file"],
            context=audit_context(request),
        ),
    )
    if job is not None:
        return redirect(_upload_url(org_slug, job))
    jobs = (
        FigureUpload.objects.filter(organisation=organisation)
        .select_related("created_by")
        .defer("errors")[:HISTORY_LENGTH]
    )
    return render(
        request,
        "monitor/upload.html",
        {"form": form, "jobs": [(job, _upload_url(org_slug, job)) for job in jobs]},
        status=400 if form.errors else 200,
    )


def _upload_url(org_slug: str, job: FigureUpload) -> str:
    return reverse("monitor:upload_detail", kwargs={"org_slug": org_slug, "upload_id": job.pk})


def _get_upload(request: OrgRequest, upload_id: int) -> FigureUpload:
    found = (
        FigureUpload.objects.filter(organisation=request.org_access.organisation, pk=upload_id)
        .select_related("created_by", "applied_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


@org_view(SUBMIT)
@once_per_submission
def upload_detail(request: OrgRequest, org_slug: str, upload_id: int) -> HttpResponse:
    """The dry run of an upload; "Toepassen" shares every period in it, or nothing."""
    job = _get_upload(request, upload_id)
    if request.method == "POST":
        if figure_upload_request_apply(actor=request.user, job=job):
            return redirect(_upload_url(org_slug, job))
        messages.error(request, _("Dit bestand kan niet (meer) worden verwerkt."))
    return render(
        request,
        "monitor/upload_detail.html",
        {
            "job": job,
            "applied_periods": _displayed(job.result.get("periods", [])),
            "errors": job.errors,
        },
        status=400 if request.method == "POST" else 200,
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
