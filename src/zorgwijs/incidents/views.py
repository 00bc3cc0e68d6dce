"""Reporting (every member), triage (coordinators, VIM committee), lessons and trends."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view, public_view
from zorgwijs.knowledge.models import Space
from zorgwijs.lib.forms import apply_service_errors
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.visibility import viewer_of_request

from .forms import AnalysisForm, CauseForm, FilterForm, LessonForm, MeasureForm, ReportForm
from .models import Incident, Severity
from .selectors import (
    IncidentFilter,
    get_incident_for_triage,
    get_lesson_for_viewer,
    get_measure_for_triage,
    incident_open,
    incident_trends,
    incidents_for_triage,
    lessons_for_organisation,
    my_incidents,
)
from .services import (
    cause_add,
    incident_analysis_save,
    incident_report,
    incident_transition,
    lesson_publish,
    measure_add,
    measure_set_done,
)

SERIOUS = {Severity.SEVERE, Severity.DEATH}


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@org_view("incidents.report")
@once_per_submission
def report(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    form = ReportForm(request.POST or None, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        anonymous = form.cleaned_data["anonymous"]
        try:
            incident = incident_report(
                access=access,
                report=form.report(),
                anonymous=anonymous,
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            _thank(request, incident)
            return redirect("incidents:mine", org_slug=org_slug)
    return render(request, "incidents/report.html", {"form": form}, status=_status(form))


def _thank(request: HttpRequest, incident: Incident) -> None:
    if incident.is_anonymous:
        messages.success(
            request,
            _("Dank je wel. Je melding is anoniem opgeslagen; je naam is nergens vastgelegd."),
        )
    else:
        messages.success(
            request,
            _("Dank je wel. Je melding staat hieronder; je ziet hier hoe ze wordt opgepakt."),
        )
    if incident.severity in SERIOUS:
        messages.warning(
            request,
            _(
                "Bij ernstige schade of overlijden kan het een calamiteit "
                "zijn: waarschuw ook direct je leidinggevende."
            ),
        )


@org_view("incidents.report")
def mine(request: OrgRequest, org_slug: str) -> HttpResponse:
    return render(
        request, "incidents/mine.html", {"incidents": my_incidents(request.org_access)[:200]}
    )


def filters_from(request: OrgRequest) -> tuple[IncidentFilter, dict[str, str]]:
    """The triage filters in the query string (invalid ones are ignored), and what was chosen."""
    form = FilterForm(request.GET or None, organisation=request.org_access.organisation)
    if not form.is_valid():
        return IncidentFilter(), {}
    data = form.cleaned_data
    chosen = {k: str(v.pk if hasattr(v, "pk") else v) for k, v in data.items() if v}
    return IncidentFilter(
        status=data["status"],
        severity=data["severity"],
        department_id=data["department"].pk if data["department"] else None,
        device_id=data["device"].pk if data["device"] else None,
    ), chosen


@org_view("incidents.triage")
def incident_list(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    form = FilterForm(request.GET or None, organisation=access.organisation)
    filters, _chosen = filters_from(request)
    rows = incidents_for_triage(access, filters)
    return render(
        request,
        "incidents/list.html",
        {
            "form": form,
            "incidents": rows[:200],
            "total": rows.count(),
            "query": request.GET.urlencode(),
        },
    )


def _detail(request: OrgRequest, incident: Incident, status: int = 200, **forms) -> HttpResponse:
    organisation = request.org_access.organisation
    initial = {"method": incident.analysis_method, "summary": incident.analysis_summary}
    context = {
        "incident": incident,
        "causes": incident.causes.all(),
        **_measures_context(incident),
        "lessons": incident.lessons.all(),
        "analysis_form": forms.get("analysis_form") or AnalysisForm(initial=initial),
        "cause_form": forms.get("cause_form") or CauseForm(),
        "measure_form": forms.get("measure_form") or MeasureForm(organisation=organisation),
        "status_error": forms.get("status_error"),
    }
    return render(request, "incidents/detail.html", context, status=status)


@org_view("incidents.triage")
def detail(request: OrgRequest, org_slug: str, incident_id: int) -> HttpResponse:
    incident = incident_open(request.org_access, incident_id, context=audit_context(request))
    return _detail(request, incident)


@org_view("incidents.triage")
@require_POST
def transition(request: OrgRequest, org_slug: str, incident_id: int) -> HttpResponse:
    access = request.org_access
    incident = get_incident_for_triage(access, incident_id)
    try:
        incident_transition(
            access=access,
            incident=incident,
            to=request.POST.get("to", ""),
            context=audit_context(request),
        )
    except ValidationError as error:
        messages_ = error.message_dict.get("status", error.messages)
        return _detail(request, incident, 400, status_error=" ".join(messages_))
    messages.success(request, _("Status gewijzigd."))
    return redirect("incidents:detail", org_slug=org_slug, incident_id=incident.pk)


def _triage_step(request, org_slug, incident_id, form_class, name, service, **form_kwargs):
    """Handle one of the detail page's small forms: call ``service`` with the form's values,
    or show the page with the form's and the service's errors."""
    access = request.org_access
    incident = get_incident_for_triage(access, incident_id)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            service(
                access=access,
                incident=incident,
                context=audit_context(request),
                **form.service_values(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("incidents:detail", org_slug=org_slug, incident_id=incident.pk)
    return _detail(request, incident, 400, **{name: form})


@org_view("incidents.triage")
@require_POST
def analysis(request: OrgRequest, org_slug: str, incident_id: int) -> HttpResponse:
    return _triage_step(
        request, org_slug, incident_id, AnalysisForm, "analysis_form", incident_analysis_save
    )


@org_view("incidents.triage")
@require_POST
@once_per_submission
def cause(request: OrgRequest, org_slug: str, incident_id: int) -> HttpResponse:
    return _triage_step(request, org_slug, incident_id, CauseForm, "cause_form", cause_add)


@org_view("incidents.triage")
@require_POST
@once_per_submission
def measure(request: OrgRequest, org_slug: str, incident_id: int) -> HttpResponse:
    organisation = request.org_access.organisation
    return _triage_step(
        request,
        org_slug,
        incident_id,
        MeasureForm,
        "measure_form",
        measure_add,
        organisation=organisation,
    )


@org_view("incidents.triage")
@require_POST
def measure_done(
    request: OrgRequest, org_slug: str, incident_id: int, measure_id: int
) -> HttpResponse:
    access = request.org_access
    incident = get_incident_for_triage(access, incident_id)
    item = get_measure_for_triage(access, incident, measure_id)
    try:
        measure_set_done(
            access=access,
            measure=item,
            done=request.POST.get("done") == "1",
            context=audit_context(request),
        )
    except ValidationError as error:
        return _detail(request, incident, 400, status_error=" ".join(error.messages))
    if request.htmx:
        return render(request, "incidents/_measures.html", _measures_context(incident))
    return redirect("incidents:detail", org_slug=org_slug, incident_id=incident.pk)


def _measures_context(incident: Incident) -> dict:
    return {
        "incident": incident,
        "measures": incident.measures.select_related("owner__user").prefetch_related("loop_links"),
        "editable": incident.status in ("in_analysis", "measures"),
        # The learning loop (scenarios/loop.py): link a measure to what it changed.
        "can_link": True,
    }


@org_view("incidents.triage")
@once_per_submission
def lesson_new(request: OrgRequest, org_slug: str, incident_id: int) -> HttpResponse:
    access = request.org_access
    incident = get_incident_for_triage(access, incident_id)
    form = LessonForm(
        request.POST or None,
        organisation=access.organisation,
        actor=request.user,
        initial={"device": incident.device_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            lesson = lesson_publish(
                access=access, incident=incident, text=form.text(), context=audit_context(request)
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("De les is gepubliceerd."))
            return redirect("lessons:detail", lesson_id=lesson.pk)
    return render(
        request,
        "incidents/lesson_form.html",
        {"form": form, "incident": incident},
        status=_status(form),
    )


@org_view("incidents.lessons")
def lessons(request: OrgRequest, org_slug: str) -> HttpResponse:
    return render(
        request, "incidents/lessons.html", {"lessons": lessons_for_organisation(request.org_access)}
    )


@public_view
def lesson(request: HttpRequest, lesson_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    found = get_lesson_for_viewer(viewer, lesson_id)
    # Named only to those who may read the space: a public lesson may sit in a private space.
    space = None
    if found.space_id:
        space = Space.objects.visible_to(viewer).filter(pk=found.space_id).first()
    return render(request, "incidents/lesson.html", {"lesson": found, "space": space})


@org_view("incidents.trends")
def trends(request: OrgRequest, org_slug: str) -> HttpResponse:
    per = "department" if request.GET.get("per") == "department" else "device"
    data = incident_trends(request.org_access, per=per)
    return render(request, "incidents/trends.html", {"per": per, "trends": data})
