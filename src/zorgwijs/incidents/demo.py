"""Demo incidents at UMC Zuidwest: every status, one anonymous, causes, measures and a lesson
shared with the CMT Zuidwest network (so Ziekenhuis Lingestreek learns from it too)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone
from django_scopes import scope

from zorgwijs.accounts.mfa_policy import mfa_required_for
from zorgwijs.accounts.models import User
from zorgwijs.competences.models import CompetenceItem
from zorgwijs.organisations.access import org_access_for
from zorgwijs.organisations.models import Department, Membership, Organisation, RoleAssignment
from zorgwijs.organisations.models import Role as OrgRole

from .models import Incident, Status
from .services import (
    IncidentReport,
    LessonText,
    cause_add,
    incident_analysis_save,
    incident_report,
    incident_transition,
    lesson_publish,
    measure_add,
    measure_set_done,
)

ORGANISATION = "umc-zuidwest"
COMMITTEE_MEMBER = "redactie@umc-zuidwest.demo"  # Sanne Visser, IC nurse, on the VIM committee
COORDINATOR = "opleiding@umc-zuidwest.demo"


PUMP_SPACE = "infuuspomp-volumat-agilia"


@dataclass(frozen=True)
class DemoIncident:
    reporter: str | None  # None: anonymous
    days_ago: int
    department: str
    device: str
    location: str
    category: str
    outcome: str
    severity: str
    what_happened: str
    immediate_action: str
    prevention_idea: str
    status: str = Status.REPORTED
    method: str = ""
    summary: str = ""
    causes: tuple[tuple[str, str], ...] = ()
    measures: tuple[tuple[str, str, int, bool], ...] = ()  # action, owner e-mail, days, done
    lesson: dict = field(default_factory=dict)


INCIDENTS = (
    DemoIncident(
        reporter=None,
        days_ago=2,
        department="Intensive Care",
        device="Infuuspomp Volumat Agilia",
        location="IC-box 6",
        category="medication",
        outcome="near_miss",
        severity="none",
        what_happened=(
            "Bij het aanhangen van noradrenaline stond de pomp nog op de snelheid van de vorige "
            "spuit. Bij de dubbele controle viel het op voordat de pomp werd gestart."
        ),
        immediate_action="Snelheid aangepast en opnieuw dubbel gecontroleerd.",
        prevention_idea="Pomp na elke wissel terug laten vallen op 0 ml/u.",
    ),
    DemoIncident(
        reporter="daan@umc-zuidwest.demo",
        days_ago=9,
        department="Hartcentrum/Cardiologie verpleegafdeling",
        device="Bewakingsmonitor IntelliVue",
        location="Kamer 12",
        category="device",
        outcome="no_harm",
        severity="none",
        what_happened=(
            "Het alarm voor een lage saturatie kwam niet door op de centrale post. De monitor "
            "aan bed gaf wel alarm; de verpleegkundige hoorde het bij toeval."
        ),
        immediate_action="Medische Technologie gebeld; de koppeling bleek na een update verbroken.",
        prevention_idea="Na elke software-update de alarmdoorgifte testen.",
        status=Status.IN_ANALYSIS,
        method="sire",
        summary="Chronologie opgesteld met de verpleging en Medische Technologie.",
        causes=(("TD", "Koppeling valt na update stil zonder melding"),),
    ),
    DemoIncident(
        reporter="sophie@umc-zuidwest.demo",
        days_ago=40,
        department="Hartcentrum/Cathlab",
        device="Intra-aortale ballonpomp",
        location="Cathlab zaal 2",
        category="device",
        outcome="harm",
        severity="mild",
        what_happened=(
            "Tijdens de procedure gaf de ballonpomp een heliumalarm. Niemand in het team wist "
            "direct hoe de cilinder te wisselen; de ondersteuning stond enkele minuten stil."
        ),
        immediate_action="Anesthesioloog ondersteunde met medicatie; cilinder gewisseld.",
        prevention_idea="Wisselen van de heliumcilinder oefenen in de jaarlijkse training.",
        status=Status.MEASURES,
        method="prisma",
        summary="Oorzakenboom: weinig ervaring met een zelden voorkomende handeling.",
        causes=(
            ("HKK", "Wisselen van de heliumcilinder niet geoefend"),
            ("OK", "Werkinstructie niet bij het apparaat"),
            ("TE", "Reservecilinder stond in een ander magazijn"),
        ),
        measures=(
            ("Werkinstructie aan de ballonpomp bevestigd", COORDINATOR, -10, True),
            ("Cilinderwissel opgenomen in de jaarlijkse training", COORDINATOR, 60, False),
        ),
    ),
    DemoIncident(
        reporter=None,
        days_ago=95,
        department="Hartcentrum/Cardiologie verpleegafdeling",
        device="Infuuspomp Volumat Agilia",
        location="Kamer 3",
        category="device",
        outcome="harm",
        severity="moderate",
        what_happened=(
            "Na het verwisselen van de infuuslijn liep heparine ongecontroleerd door (free flow): "
            "de lijn was geopend voordat ze in de pomp zat."
        ),
        immediate_action="Infuus gestopt, arts gewaarschuwd, stolling gecontroleerd.",
        prevention_idea="Altijd eerst de lijn in de pomp, dan pas de rolklem open.",
        status=Status.CLOSED,
        method="prisma",
        summary="Oorzakenboom met drie basisoorzaken.",
        causes=(
            ("TD", "Lijn zonder anti-free-flow-klem"),
            ("OP", "Werkinstructie noemt de volgorde niet"),
            ("HRC", "Geen controle op de klem voor het openen"),
        ),
        measures=(
            ("Alleen nog lijnen met anti-free-flow-klem bestellen", COORDINATOR, -40, True),
            ("Werkinstructie aangepast en besproken in het teamoverleg", COORDINATOR, -30, True),
        ),
        lesson={
            "title": "Heparine liep vrij door na het wisselen van de infuuslijn",
            "summary": (
                "Bij het wisselen van een infuuslijn werd de rolklem geopend voordat de lijn in "
                "de pomp zat. De heparine liep ongecontroleerd door."
            ),
            "learned": (
                "Een lijn zonder anti-free-flow-klem maakt één vergissing in de volgorde "
                "gevaarlijk. De werkinstructie moet de volgorde expliciet noemen."
            ),
            "measures": (
                "Alleen nog lijnen met anti-free-flow-klem; werkinstructie aangepast; "
                "wisselen van lijnen opgenomen in de praktijktoets."
            ),
            "visibility": "network",
        },
    ),
    DemoIncident(
        reporter="noor@umc-zuidwest.demo",
        days_ago=150,
        department="Intensive Care",
        device="Beademingsapparaat Hamilton C6",
        location="IC-box 2",
        category="device",
        outcome="near_miss",
        severity="none",
        what_happened=(
            "Het alarmvolume van de beademing stond op het laagste niveau na transport. Een "
            "disconnectie-alarm werd pas na enige tijd opgemerkt."
        ),
        immediate_action="Volume hersteld; collega's op de afdeling gewaarschuwd.",
        prevention_idea="Minimaal alarmvolume vastzetten in de instellingen.",
        status=Status.CLOSED,
        method="sire",
        summary="Korte SIRE met het IC-team.",
        causes=(("OP", "Geen controle van alarminstellingen na transport"),),
        measures=(
            ("Minimaal alarmvolume vastgezet door Medische Technologie", COORDINATOR, -120, True),
        ),
    ),
)


def incidents_demo_load() -> None:
    """Idempotent: without the demo hospital, or when it has incidents, nothing changes."""
    organisation = Organisation.objects.filter(slug=ORGANISATION).first()
    if organisation is None:
        return
    with scope(organisation=organisation.pk):
        if Incident.objects.filter(organisation=organisation).exists():
            return
        committee = _committee_member(organisation)
        triage = org_access_for(committee, organisation.slug)
        for spec in INCIDENTS:
            _load(organisation, triage, spec)


def _committee_member(organisation: Organisation) -> User:
    membership = Membership.objects.get(organisation=organisation, user__email=COMMITTEE_MEMBER)
    RoleAssignment.objects.get_or_create(
        organisation=organisation, membership=membership, role=OrgRole.INCIDENT_COMMITTEE
    )
    user = membership.user
    if mfa_required_for(user) and not Authenticator.objects.filter(user=user).exists():
        from zorgwijs.core.demo.loader import demo_totp_secret

        TOTP.activate(user, demo_totp_secret(user.email))
    return user


def _department(organisation: Organisation, path: str) -> Department:
    department: Department | None = None
    for name in path.split("/"):
        department = Department.objects.get(organisation=organisation, parent=department, name=name)
    assert department is not None, "str.split returns at least one name"
    return department


def _load(organisation: Organisation, triage, spec: DemoIncident) -> None:
    reporter = spec.reporter or COMMITTEE_MEMBER  # an anonymous report still needs a member
    access = org_access_for(User.objects.get(email=reporter), organisation.slug)
    device = CompetenceItem.objects.get(organisation=organisation, name=spec.device)
    when = timezone.now() - datetime.timedelta(days=spec.days_ago, hours=3)
    report = IncidentReport(
        occurred_at=when,
        location=spec.location,
        category=spec.category,
        outcome=spec.outcome,
        severity=spec.severity,
        what_happened=spec.what_happened,
        department_id=_department(organisation, spec.department).pk,
        device_id=device.pk,
        immediate_action=spec.immediate_action,
        prevention_idea=spec.prevention_idea,
    )
    incident = incident_report(access=access, report=report, anonymous=spec.reporter is None)
    Incident.objects.filter(pk=incident.pk).update(reported_at=when + datetime.timedelta(hours=2))
    _triage(organisation, triage, incident, spec)


def _triage(organisation, triage, incident: Incident, spec: DemoIncident) -> None:
    if spec.status == Status.REPORTED:
        return
    incident = incident_transition(access=triage, incident=incident, to=Status.IN_ANALYSIS)
    incident_analysis_save(
        access=triage, incident=incident, method=spec.method, summary=spec.summary
    )
    for code, description in spec.causes:
        cause_add(access=triage, incident=incident, code=code, description=description)
    measures = []
    for action, owner, days, done in spec.measures:
        member = Membership.objects.get(organisation=organisation, user__email=owner)
        due_on = timezone.localdate() + datetime.timedelta(days=days)
        measure = measure_add(
            access=triage, incident=incident, action=action, owner_id=member.pk, due_on=due_on
        )
        measures.append((measure, done))
    if spec.status == Status.IN_ANALYSIS:
        return
    incident = incident_transition(access=triage, incident=incident, to=Status.MEASURES)
    for measure, done in measures:
        if done:
            measure_set_done(access=triage, measure=measure, done=True)
    if spec.status == Status.CLOSED:
        incident = incident_transition(access=triage, incident=incident, to=Status.CLOSED)
    if spec.lesson:
        lesson_publish(
            access=triage,
            incident=incident,
            text=LessonText(device_id=incident.device_id, space_id=_pump_space_id(), **spec.lesson),
        )


def _pump_space_id() -> int | None:
    """The infusion pump's knowledge space, where the lesson belongs (if the demo made it)."""
    from zorgwijs.knowledge.models import Space

    return Space.objects.filter(slug=PUMP_SPACE).values_list("pk", flat=True).first()
