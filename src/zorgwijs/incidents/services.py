"""Writes: reporting, triage, causes, measures and lessons. Each owns its transaction and its
audit entry. Every text a person types passes the patient-identifier check first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.competences.models import CompetenceItem, ItemKind
from zorgwijs.knowledge.models import Space
from zorgwijs.knowledge.signals import emit as knowledge_emit
from zorgwijs.organisations.access import OrgAccess
from zorgwijs.organisations.models import Department, Membership, Visibility
from zorgwijs.organisations.visibility import viewer_for

from .identifiers import check_patient_identifiers
from .models import (
    TRANSITIONS,
    CauseCode,
    Incident,
    IncidentCause,
    IncidentMeasure,
    Lesson,
    Status,
)
from .signals import emit

# A clock that runs a little ahead must not make a report of "just now" impossible.
FUTURE_SLACK = datetime.timedelta(minutes=10)
# VIM is for learning from recent events; older ones belong to another procedure.
OLDEST = datetime.timedelta(days=5 * 366)


@dataclass(frozen=True)
class IncidentReport:
    """What a reporter enters (the form and the API fill this in)."""

    occurred_at: datetime.datetime
    location: str
    category: str
    outcome: str
    severity: str
    what_happened: str
    department_id: int | None = None
    device_id: int | None = None
    device_details: str = ""
    immediate_action: str = ""
    prevention_idea: str = ""


TEXT_FIELDS = ("what_happened", "location", "device_details", "immediate_action", "prevention_idea")


def _moment(value: datetime.datetime) -> datetime.datetime:
    """An aware moment in the last five years (a naive one is read as Dutch local time)."""
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        value.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        raise ValidationError({"occurred_at": _("Dit is geen geldig moment.")}) from None
    now = timezone.now()
    if value > now + FUTURE_SLACK:
        raise ValidationError({"occurred_at": _("Dit moment ligt in de toekomst.")})
    if value < now - OLDEST:
        raise ValidationError({"occurred_at": _("Dit ligt meer dan vijf jaar terug.")})
    return value


def _department(access: OrgAccess, department_id: int | None) -> Department | None:
    if not department_id:
        return None
    department = Department.objects.filter(
        organisation=access.organisation, pk=department_id
    ).first()
    if department is None:
        raise ValidationError({"department": _("Kies een afdeling van deze organisatie.")})
    return department


def _device(
    access: OrgAccess, device_id: int | None, field: str = "device"
) -> CompetenceItem | None:
    if not device_id:
        return None
    device = CompetenceItem.objects.filter(
        organisation=access.organisation, pk=device_id, kind=ItemKind.DEVICE
    ).first()
    if device is None:
        raise ValidationError(
            {field: _("Kies een apparaat uit de catalogus van deze organisatie.")}
        )
    return device


@transaction.atomic
def incident_report(
    *,
    access: OrgAccess,
    report: IncidentReport,
    anonymous: bool,
    context: AuditContext | None = None,
) -> Incident:
    """Store a report. An anonymous report keeps no trace of its reporter: not in the row and
    not in the audit log (it has no entry); see docs/incidents.md."""
    check_patient_identifiers({name: getattr(report, name) for name in TEXT_FIELDS})
    occurred_at = _moment(report.occurred_at)
    incident = Incident(
        organisation=access.organisation,
        reporter=None if anonymous else access.membership.user,
        is_anonymous=anonymous,
        department=_department(access, report.department_id),
        device=_device(access, report.device_id),
        occurred_at=occurred_at,
        **{
            name: getattr(report, name)
            for name in (
                "location",
                "category",
                "outcome",
                "severity",
                "what_happened",
                "device_details",
                "immediate_action",
                "prevention_idea",
            )
        },
    )
    incident.full_clean(exclude=["organisation", "reporter", "department", "device"])
    incident.save()
    # The audit log never links a person to an incident as its reporter: admins read the log,
    # and only the triage roles may know who reported (see docs/incidents.md). A named
    # report's entry says who reported *something*, not what. An anonymous report gets no
    # entry at all: its moment, next to the same person's other entries of that second, would
    # name the reporter, and it reads no one's personal data, which is what NEN 7513 logs.
    if not anonymous:
        record(
            "incidents.incident.reported",
            kind="change",
            actor=access.membership.user,
            organisation=access.organisation,
            context=context,
            data={"anonymous": False},
        )
    emit("incident.reported", incident, None)  # never the reporter, named or not
    return incident


def _audit(
    action: str,
    *,
    access: OrgAccess,
    incident: Incident,
    context: AuditContext | None,
    data: dict[str, Any] | None = None,
) -> None:
    """The audit entry of a triage step, and the same step as an ``incident_event`` after
    commit ("incidents.measure.added" becomes "incident.measure_added")."""
    emit(_event_kind(action), incident, access.membership.user)
    record(
        action,
        kind="change",
        actor=access.membership.user,
        organisation=access.organisation,
        obj=incident,
        context=context,
        data=data or {},
    )


def _event_kind(action: str) -> str:
    _app, entity, verb = action.split(".")
    return f"incident.{verb}" if entity == "incident" else f"incident.{entity}_{verb}"


@transaction.atomic
def incident_transition(
    *, access: OrgAccess, incident: Incident, to: str, context: AuditContext | None = None
) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if to not in TRANSITIONS[incident.status]:
        raise ValidationError(
            {
                "status": _("Van '%(from)s' kan een melding niet naar '%(to)s'.")
                % {"from": incident.get_status_display(), "to": dict(Status.choices).get(to, to)}
            }
        )
    _check_ready_for(incident, to)
    before = incident.status
    incident.status = to
    incident.status_changed_at = timezone.now()
    incident.save(update_fields=["status", "status_changed_at"])
    _audit(
        "incidents.incident.status_changed",
        access=access,
        incident=incident,
        context=context,
        data={"from": before, "to": to},
    )
    return incident


def _check_ready_for(incident: Incident, to: str) -> None:
    if to == Status.MEASURES and not (incident.analysis_method and incident.causes.exists()):
        raise ValidationError(
            {"status": _("Leg eerst de analysemethode en minstens één oorzaak vast.")}
        )
    if to == Status.MEASURES and not incident.measures.exists():
        raise ValidationError({"status": _("Leg eerst minstens één maatregel vast.")})
    if to == Status.CLOSED and incident.measures.filter(done_on__isnull=True).exists():
        raise ValidationError({"status": _("Sluit pas af als alle maatregelen klaar zijn.")})


def _editable(incident: Incident) -> None:
    if incident.status in (Status.REPORTED, Status.CLOSED):
        raise ValidationError(
            _(
                "Analyse en maatregelen kunnen alleen tijdens de analyse- en "
                "maatregelfase worden vastgelegd."
            )
        )


@transaction.atomic
def incident_analysis_save(
    *,
    access: OrgAccess,
    incident: Incident,
    method: str,
    summary: str,
    context: AuditContext | None = None,
) -> Incident:
    _editable(incident)
    check_patient_identifiers({"analysis_summary": summary})
    incident.analysis_method = method
    incident.analysis_summary = summary
    incident.full_clean(exclude=["organisation", "reporter", "department", "device"])
    incident.save(update_fields=["analysis_method", "analysis_summary"])
    _audit(
        "incidents.incident.analysed",
        access=access,
        incident=incident,
        context=context,
        data={"method": method},
    )
    return incident


@transaction.atomic
def cause_add(
    *,
    access: OrgAccess,
    incident: Incident,
    code: str,
    description: str,
    context: AuditContext | None = None,
) -> IncidentCause:
    _editable(incident)
    check_patient_identifiers({"description": description})
    if code not in CauseCode.values:
        raise ValidationError({"code": _("Kies een code uit het Eindhoven-model.")})
    cause = IncidentCause.objects.create(
        organisation=access.organisation, incident=incident, code=code, description=description
    )
    _audit(
        "incidents.cause.added",
        access=access,
        incident=incident,
        context=context,
        data={"code": code},
    )
    return cause


@transaction.atomic
def measure_add(
    *,
    access: OrgAccess,
    incident: Incident,
    action: str,
    owner_id: int,
    due_on: datetime.date,
    context: AuditContext | None = None,
) -> IncidentMeasure:
    _editable(incident)
    check_patient_identifiers({"action": action})
    owner = (
        Membership.objects.active().filter(organisation=access.organisation, pk=owner_id).first()
    )
    if owner is None:
        raise ValidationError({"owner": _("Kies een medewerker van deze organisatie.")})
    measure = IncidentMeasure.objects.create(
        organisation=access.organisation,
        incident=incident,
        action=action,
        owner=owner,
        due_on=due_on,
    )
    _audit(
        "incidents.measure.added",
        access=access,
        incident=incident,
        context=context,
        data={"measure": measure.pk, "owner": owner.pk, "due_on": due_on.isoformat()},
    )
    return measure


@transaction.atomic
def measure_set_done(
    *, access: OrgAccess, measure: IncidentMeasure, done: bool, context: AuditContext | None = None
) -> IncidentMeasure:
    _editable(measure.incident)
    measure.done_on = timezone.localdate() if done else None
    measure.save(update_fields=["done_on"])
    _audit(
        "incidents.measure.done" if done else "incidents.measure.reopened",
        access=access,
        incident=measure.incident,
        context=context,
        data={"measure": measure.pk},
    )
    return measure


@dataclass(frozen=True)
class LessonText:
    title: str
    summary: str
    learned: str
    measures: str = ""
    visibility: str = Visibility.ORGANISATION
    device_id: int | None = None
    space_id: int | None = None


# A lesson in a space is listed for the space's readers who may also read the lesson; a space
# read more widely than the lesson would hide it from most of its readers without a word.
_REACH: dict[str, int] = {Visibility.ORGANISATION: 0, Visibility.NETWORK: 1, Visibility.PUBLIC: 2}


def _space(access: OrgAccess, space_id: int | None, visibility: str) -> Space | None:
    if not space_id:
        return None
    viewer = viewer_for(access.membership.user)
    space = Space.objects.visible_to(viewer).filter(pk=space_id).first()
    if space is None:
        raise ValidationError({"space": _("Kies een kennisruimte die je kunt lezen.")})
    if _REACH[space.visibility] > _REACH[visibility]:
        raise ValidationError(
            {
                "space": _(
                    "Deze kennisruimte wordt breder gelezen dan de les: kies een bredere "
                    "zichtbaarheid voor de les of een andere ruimte."
                )
            }
        )
    return space


@transaction.atomic
def lesson_publish(
    *, access: OrgAccess, incident: Incident, text: LessonText, context: AuditContext | None = None
) -> Lesson:
    """Publish what the coordinator wrote: never the reporter, never the report's own text."""
    if incident.status not in (Status.MEASURES, Status.CLOSED):
        raise ValidationError(_("Publiceer een les pas als de maatregelen bekend zijn."))
    check_patient_identifiers(
        {name: getattr(text, name) for name in ("title", "summary", "learned", "measures")}
    )
    if text.visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Kies wie de les mag lezen.")})
    lesson = Lesson.objects.create(
        organisation=access.organisation,
        incident=incident,
        title=text.title,
        summary=text.summary,
        learned=text.learned,
        measures=text.measures,
        visibility=text.visibility,
        device=_device(access, text.device_id),
        space=_space(access, text.space_id, text.visibility),
    )
    _audit(
        "incidents.lesson.published",
        access=access,
        incident=incident,
        context=context,
        data={"lesson": lesson.pk, "visibility": lesson.visibility, "space": lesson.space_id},
    )
    if lesson.space is not None:
        # The space's followers learn of it too (the incident's followers through the audit).
        knowledge_emit("space.lesson_published", lesson.space, access.membership.user)
    return lesson
