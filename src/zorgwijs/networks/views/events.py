"""Events: the list and calendar feed, one event with its programme and registrations, the
organisers' screens (edit, programme, attendance list, import) and the workshop pages."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, public_view
from zorgwijs.lib.forms import form_page, save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..access import (
    get_event_for_organiser,
    get_event_for_viewer,
    get_network_for_coordinator,
    get_network_for_person,
    get_network_for_viewer,
    get_session_for_viewer,
)
from ..calendar import calendar_bytes
from ..forms import CalendarImportForm, EventForm, ReactionForm, ReportForm, SessionForm
from ..import_jobs import calendar_import_create, calendar_import_request_apply
from ..models import CalendarImport, SessionReaction
from ..selectors import (
    attendance_read,
    calendar_imports,
    event_page,
    events_for,
    feed_fields,
    own_registration,
    session_reactions,
)
from ..services.events import (
    event_save,
    reaction_moderate,
    reaction_post,
    session_report_save,
    session_save,
)
from ..services.registrations import registration_cancel, registration_create

ERRORS_PER_PAGE = 100
HISTORY_LENGTH = 25


@public_view
def event_list(request: HttpRequest, network_slug: str) -> HttpResponse:
    access = get_network_for_viewer(request, network_slug)
    return render(
        request,
        "networks/events.html",
        {
            "access": access,
            "network": access.network,
            "upcoming": list(events_for(access, upcoming=True)),
            "past": list(events_for(access, upcoming=False)[:50]),
        },
    )


@public_view
def calendar_feed(request: HttpRequest, network_slug: str) -> HttpResponse:
    """The network's events as an iCalendar feed (what the caller may see: calendar clients
    without a session get the public events)."""
    access = get_network_for_viewer(request, network_slug)
    events = feed_fields(events_for(access))
    body = calendar_bytes(events, network_slug=network_slug, name=access.network.name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{network_slug}.ics"'
    return response


@public_view
def event_detail(request: HttpRequest, network_slug: str, event_id: int) -> HttpResponse:
    access = get_network_for_viewer(request, network_slug)
    event = get_event_for_viewer(access, event_id)
    page = event_page(access, event)
    return render(
        request,
        "networks/event.html",
        {
            "access": access,
            "network": access.network,
            "event": event,
            "page": page,
            "own_event": page.own.get(None),
            "own_event_position": page.waiting_positions.get(None),
            "event_full": event.places_left == 0,
            "is_past": event.ends_at <= timezone.now(),
            "sessions": [
                (s, page.own.get(s.pk), page.waiting_positions.get(s.pk), s.places_left == 0)
                for s in page.sessions
            ],
            "organiser": access.organises(event),
        },
    )


@login_view
@require_POST
def register(request: AuthenticatedRequest, network_slug: str, event_id: int) -> HttpResponse:
    access = get_network_for_person(request, network_slug)
    event = get_event_for_viewer(access, event_id)
    session = None
    if request.POST.get("session"):
        try:
            session_id = int(request.POST["session"])
        except ValueError:
            session_id = 0
        session = get_object_or_404(event.sessions.all(), pk=session_id)
    try:
        registration = registration_create(
            actor=request.user, event=event, session=session, context=audit_context(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == "confirmed":
            messages.success(request, _("Je bent aangemeld. Je krijgt een bevestiging per e-mail."))
        else:
            messages.warning(
                request,
                _(
                    "Het is vol. Je staat op de wachtlijst; komt er een plaats vrij, "
                    "dan krijg je die."
                ),
            )
    return redirect(event.get_absolute_url())


@login_view
@require_POST
def cancel(
    request: AuthenticatedRequest, network_slug: str, event_id: int, registration_id: int
) -> HttpResponse:
    access = get_network_for_person(request, network_slug)
    event = get_event_for_viewer(access, event_id)
    registration = own_registration(access, event, registration_id)
    try:
        registration_cancel(
            actor=request.user, registration=registration, context=audit_context(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Je bent afgemeld."))
    if "deelnemers" in request.POST.get("next", ""):
        return redirect("networks:attendance", network_slug=network_slug, event_id=event.pk)
    return redirect(event.get_absolute_url())


@login_view
def attendance_list(
    request: AuthenticatedRequest, network_slug: str, event_id: int
) -> HttpResponse:
    """Who comes, for the organisers. Names and e-mail addresses are personal data: every
    person shown is recorded in the audit log."""
    access = get_network_for_person(request, network_slug)
    event = get_event_for_organiser(access, event_id)
    rows = attendance_read(event, context=audit_context(request))
    return render(
        request,
        "networks/attendance.html",
        {"access": access, "network": access.network, "event": event, "rows": rows},
    )


@login_view
@once_per_submission
def event_edit(
    request: AuthenticatedRequest, network_slug: str, event_id: int | None = None
) -> HttpResponse:
    """Create an event (coordinators) or change one (its organisers)."""
    if event_id is None:
        access = get_network_for_coordinator(request, network_slug)
        event = None
    else:
        access = get_network_for_person(request, network_slug)
        event = get_event_for_organiser(access, event_id)
    initial = {"registration_open": True}
    if event is not None:
        initial = {name: getattr(event, name) for name in EventForm.base_fields}
    form = EventForm(request.POST if request.method == "POST" else None, initial=initial)
    saved = save_form(
        request,
        form,
        lambda data: event_save(
            actor=request.user,
            network=access.network,
            data=data,
            event=event,
            context=audit_context(request),
        ),
    )
    if saved:
        messages.success(request, _("De activiteit is opgeslagen."))
        return redirect(saved.get_absolute_url())
    return form_page(request, "networks/event_form.html", form, event=event, network=access.network)


@login_view
@once_per_submission
def session_edit(
    request: AuthenticatedRequest,
    network_slug: str,
    event_id: int,
    session_id: int | None = None,
) -> HttpResponse:
    access = get_network_for_person(request, network_slug)
    event = get_event_for_organiser(access, event_id)
    session = get_session_for_viewer(access, event, session_id) if session_id else None
    initial = (
        {name: getattr(session, name) for name in SessionForm.base_fields}
        if session
        else {"starts_at": event.starts_at, "ends_at": event.ends_at}
    )
    form = SessionForm(
        request.POST if "session" in request.POST else None, initial=initial, prefix="session"
    )
    report = ReportForm(
        request.POST if "report" in request.POST else None,
        initial={"summary": session.summary, "golden_tips": session.golden_tips} if session else {},
        prefix="report",
    )
    saved = save_form(
        request,
        form,
        lambda data: session_save(
            actor=request.user,
            event=event,
            data=data,
            session=session,
            context=audit_context(request),
        ),
    )
    if saved is None and session is not None:
        saved = save_form(
            request,
            report,
            lambda data: session_report_save(
                actor=request.user, session=session, context=audit_context(request), **data
            ),
        )
    if saved:
        messages.success(request, _("Het programmaonderdeel is opgeslagen."))
        return redirect(event.get_absolute_url())
    return form_page(
        request,
        "networks/session_form.html",
        report if report.is_bound else form,
        session_form=form,
        report_form=report,
        event=event,
        session=session,
        network=access.network,
    )


@public_view
def session_detail(
    request: HttpRequest, network_slug: str, event_id: int, session_id: int
) -> HttpResponse:
    """A workshop's page: what it was, its summary and golden tips, visitors' reactions."""
    access = get_network_for_viewer(request, network_slug)
    event = get_event_for_viewer(access, event_id)
    session = get_session_for_viewer(access, event, session_id)
    organiser = access.organises(event)
    form = None
    user = request.user
    if access.is_network_person and isinstance(user, User):
        form = ReactionForm(request.POST if request.method == "POST" else None)
        reaction = save_form(
            request,
            form,
            lambda data: reaction_post(
                actor=user,
                session=session,
                text=data["text"],
                approved=organiser,
                context=audit_context(request),
            ),
        )
        if reaction:
            messages.success(
                request,
                _("Dank je! Je reactie staat er zodra een organisator haar heeft bekeken.")
                if not organiser
                else _("Je reactie staat erbij."),
            )
            return redirect(request.path)
    elif request.method == "POST":
        return redirect(request.path)
    context = {
        "access": access,
        "network": access.network,
        "event": event,
        "session": session,
        "reactions": session_reactions(session, include_pending=organiser),
        "organiser": organiser,
    }
    if form is None:
        return render(request, "networks/session.html", context)
    return form_page(request, "networks/session.html", form, **context)


@login_view
@require_POST
def reaction_review(
    request: AuthenticatedRequest,
    network_slug: str,
    event_id: int,
    session_reaction_id: int,
) -> HttpResponse:
    access = get_network_for_person(request, network_slug)
    event = get_event_for_organiser(access, event_id)
    reaction = get_object_or_404(
        SessionReaction.objects.select_related("session"),
        session__event=event,
        pk=session_reaction_id,
    )
    reaction_moderate(
        actor=request.user,
        reaction=reaction,
        approve=request.POST.get("besluit") == "goedkeuren",
        context=audit_context(request),
    )
    messages.success(request, _("De reactie is beoordeeld."))
    return redirect(
        "networks:session",
        network_slug=network_slug,
        event_id=event.pk,
        session_id=reaction.session_id,
    )


@login_view
@once_per_submission
def calendar_upload(request: AuthenticatedRequest, network_slug: str) -> HttpResponse:
    """Upload an .ics file: it is checked at once (a file that is no calendar is refused at the
    field, nothing stored) and its dry run shown on the job's page; with the history."""
    access = get_network_for_coordinator(request, network_slug)
    form = CalendarImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    job = save_form(
        request,
        form,
        lambda data: calendar_import_create(
            actor=request.user,
            network=access.network,
            upload=data["file"],
            kind=data["kind"],
            visibility=data["visibility"],
            context=audit_context(request),
        ),
    )
    if job is not None:
        return redirect(_job_url(network_slug, job))
    jobs = calendar_imports(access.network)[:HISTORY_LENGTH]
    return render(
        request,
        "networks/calendar_import.html",
        {
            "form": form,
            "network": access.network,
            "jobs": [(job, _job_url(network_slug, job)) for job in jobs],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_view
@once_per_submission
def calendar_import_job(
    request: AuthenticatedRequest, network_slug: str, calendar_import_id: int
) -> HttpResponse:
    """A calendar import's dry run and outcome; a POST imports its events (all or nothing)."""
    access = get_network_for_coordinator(request, network_slug)
    job = get_object_or_404(calendar_imports(access.network), pk=calendar_import_id)
    if request.method == "POST":
        if calendar_import_request_apply(actor=request.user, job=job):
            return redirect(_job_url(network_slug, job))
        messages.error(request, _("Deze import kan niet (meer) worden toegepast."))
    errors = Paginator(job.errors, ERRORS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "networks/calendar_import_job.html",
        {
            "network": access.network,
            "job": job,
            "errors_page": errors,
            "preview": [
                {**row, "starts_at": datetime.datetime.fromisoformat(row["starts_at"])}
                for row in job.summary.get("preview", [])
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


def _job_url(network_slug: str, job: CalendarImport) -> str:
    return reverse(
        "networks:calendar_import_job",
        kwargs={"network_slug": network_slug, "calendar_import_id": job.pk},
    )
