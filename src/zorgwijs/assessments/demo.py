"""Demo assessments for UMC Zuidwest: a medication-calculation test, a theory test,
checklists for the bedside, an xAPI activity, and attempts, assessments and a statement made
through the same services as the screens."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone

from zorgwijs.accounts.models import User
from zorgwijs.competences.models import CompetenceItem
from zorgwijs.organisations.models import Membership, Organisation

from .models import (
    Checklist,
    Criterion,
    KnowledgeTest,
    PracticalAssessment,
    Question,
    QuestionKind,
    QuestionPool,
    XapiActivity,
)
from .services import (
    assessment_sign,
    assessment_submit,
    attempt_start,
    attempt_submit,
    statement_receive,
)
from .services.checklists import MET, NOT_MET, Finding

ORGANISATION = "umc-zuidwest"
N = QuestionKind.NUMERIC

# (text, right answer, tolerance, unit, explanation)
CALCULATIONS = (
    (
        "Voorgeschreven: 500 mg amoxicilline. Voorraad: 250 mg per 5 ml. Hoeveel ml dien je toe?",
        "10",
        "0",
        "ml",
        "500 / 250 × 5 ml = 10 ml.",
    ),
    (
        "Voorgeschreven: 2 mg morfine s.c. Voorraad: ampul 10 mg/ml. Hoeveel ml trek je op?",
        "0.2",
        "0.005",
        "ml",
        "2 / 10 = 0,2 ml.",
    ),
    (
        "1000 ml NaCl 0,9% moet in 8 uur inlopen. Hoeveel ml per uur stel je in op de pomp?",
        "125",
        "1",
        "ml/u",
        "1000 / 8 = 125 ml/u.",
    ),
    (
        "Heparine 25.000 IE in 50 ml. Voorgeschreven: 1.000 IE per uur. Hoeveel ml per uur?",
        "2",
        "0.05",
        "ml/u",
        "25.000 / 50 = 500 IE/ml; 1.000 / 500 = 2 ml/u.",
    ),
    (
        "Noradrenaline 4 mg in 50 ml. Voorgeschreven: 0,1 microgram/kg/min bij 70 kg. "
        "Hoeveel ml per uur?",
        "5.25",
        "0.1",
        "ml/u",
        "0,1 × 70 × 60 = 420 µg/u; 4000 / 50 = 80 µg/ml; 420 / 80 = 5,25.",
    ),
    (
        "Paracetamol drank 24 mg/ml. Voorgeschreven: 360 mg. Hoeveel ml?",
        "15",
        "0",
        "ml",
        "360 / 24 = 15 ml.",
    ),
    (
        "Een kind van 18 kg krijgt 15 mg/kg paracetamol. Hoeveel mg is één gift?",
        "270",
        "0",
        "mg",
        "18 × 15 = 270 mg.",
    ),
    (
        "Kaliumchloride 1 mmol/ml. Voorgeschreven: 20 mmol in 500 ml infuus. Hoeveel ml KCl "
        "voeg je toe?",
        "20",
        "0",
        "ml",
        "20 mmol / 1 mmol per ml = 20 ml.",
    ),
)

# (kind, text, options with * for right ones, explanation)
SAFETY = (
    (
        QuestionKind.SINGLE,
        "Wat controleer je bij een dubbele controle van een hoog-risicomedicijn?",
        (
            "*Patiënt, middel, dosis, toedieningsweg en tijd, onafhankelijk van elkaar",
            "Alleen de dosis",
            "Alleen of de collega heeft getekend",
        ),
        "De tweede controleur rekent en controleert zelfstandig alle vijf de juiste punten.",
    ),
    (
        QuestionKind.MULTIPLE,
        "Welke middelen gelden als hoog-risicomedicatie?",
        ("*Insuline", "*Kaliumchloride-concentraat", "Paracetamol 500 mg tablet", "*Heparine"),
        "",
    ),
    (
        QuestionKind.TRUE_FALSE,
        "Een mondelinge opdracht voor een opiaat mag je uitvoeren zonder dat de arts hem "
        "binnen 24 uur vastlegt.",
        (),
        "Een mondelinge opdracht leg je direct vast en de arts bevestigt hem.",
    ),
    (
        QuestionKind.SINGLE,
        "Je twijfelt aan een voorgeschreven dosis. Wat doe je?",
        (
            "Toedienen en daarna melden",
            "*Niet toedienen en overleggen met de voorschrijver",
            "De helft geven",
        ),
        "",
    ),
)

CATHETER_THEORY = (
    (
        QuestionKind.SINGLE,
        "Waarmee reinig je het ostium urethrae voor een katheterisatie?",
        ("*Steriel water of NaCl 0,9% volgens protocol", "Alcohol 70%", "Kraanwater"),
        "",
    ),
    (
        QuestionKind.TRUE_FALSE,
        "Bij weerstand tijdens het inbrengen duw je de katheter door.",
        (),
        "Bij weerstand stop je en overleg je.",
    ),
    (
        QuestionKind.MULTIPLE,
        "Welke handelingen horen bij steriel werken?",
        (
            "*Steriele handschoenen aantrekken",
            "*Een steriel veld maken",
            "De katheter op het bed leggen",
        ),
        "",
    ),
)

CHECKLISTS = (
    (
        "Katheterisatie (praktijk)",
        "Katheterisaties",
        (
            ("Controleert de identiteit van de patiënt en de indicatie", True),
            ("Legt de handeling uit en vraagt toestemming", False),
            ("Werkt steriel vanaf het openen van de set", True),
            ("Brengt de katheter in zonder kracht te zetten", True),
            ("Vult de ballon met de juiste hoeveelheid", False),
            ("Fixeert de katheter en hangt de opvangzak onder blaasniveau", False),
            ("Rapporteert en registreert de handeling", False),
        ),
    ),
    (
        "Defibrillator LIFEPAK 20e bedienen",
        "Defibrillator LIFEPAK 20e",
        (
            ("Voert de dagelijkse controle uit", False),
            ("Plakt de elektroden op de juiste plaats", True),
            ("Kiest de juiste modus (AED of handmatig)", False),
            ("Roept 'iedereen los' en controleert dat voor de schok", True),
            ("Hervat direct de borstcompressies na de schok", False),
        ),
    ),
)


def _options(lines: tuple[str, ...]) -> tuple[list[dict], list[str]]:
    options, correct = [], []
    for index, line in enumerate(lines, start=1):
        options.append({"key": str(index), "text": line.lstrip("*")})
        if line.startswith("*"):
            correct.append(str(index))
    return options, correct


def _add_questions(organisation, pool, rows) -> None:
    for kind, text, lines, explanation in rows:
        if kind == QuestionKind.TRUE_FALSE:
            options = [{"key": "true", "text": "Waar"}, {"key": "false", "text": "Niet waar"}]
            correct = ["false"]
        else:
            options, correct = _options(lines)
        Question.objects.create(
            organisation=organisation,
            pool=pool,
            kind=kind,
            text=text,
            options=options,
            correct=correct,
            explanation=explanation,
        )


def _member(organisation, email: str) -> Membership:
    return Membership.objects.select_related("user", "organisation").get(
        organisation=organisation, user__email=email
    )


def _answers(attempt, right: int) -> dict[int, list[str]]:
    """The first ``right`` questions answered right, the rest wrong."""
    given = {}
    for answer in attempt.answers.all():
        if answer.position <= right:
            value = (
                [f"{answer.answer_value.normalize():f}".replace(".", ",")]
                if answer.kind == N
                else list(answer.correct)
            )
        else:
            value = ["999"] if answer.kind == N else [answer.options[-1]["key"]]
            if answer.kind != N and value == answer.correct:
                value = [answer.options[0]["key"]]
        given[answer.position] = value
    return given


# The module of the learning demo's route (``zorgwijs.learning.demo.MEDICATION_MODULE``).
MEDICATION_MODULE = "Module Bewaken en acute zorg"


def assessments_demo_load() -> None:
    organisation = Organisation.objects.filter(slug=ORGANISATION).first()
    if organisation is None or KnowledgeTest.objects.filter(organisation=organisation).exists():
        return
    items = {i.name: i for i in CompetenceItem.objects.filter(organisation=organisation)}
    medication = KnowledgeTest.objects.create(
        organisation=organisation,
        item=items["Injecties"],
        title="Medicatierekenen",
        instructions="Reken zonder rekenmachine-apps met opgeslagen formules. Gebruik een "
        "komma of punt voor decimalen.",
        pass_percent=80,
        time_limit_minutes=30,
        max_attempts=3,
        wait_hours=24,
        interview_after_fails=2,
        remedial_module="Herhaling medicatierekenen (e-learning)",
    )
    sums = QuestionPool.objects.create(
        organisation=organisation, test=medication, name="Rekenen", draw_count=5
    )
    for text, value, tolerance, unit, explanation in CALCULATIONS:
        Question.objects.create(
            organisation=organisation,
            pool=sums,
            kind=N,
            text=text,
            answer_value=Decimal(value),
            tolerance=Decimal(tolerance),
            unit=unit,
            explanation=explanation,
        )
    safety = QuestionPool.objects.create(
        organisation=organisation, test=medication, name="Medicatieveiligheid", draw_count=3
    )
    _add_questions(organisation, safety, SAFETY)
    catheter = KnowledgeTest.objects.create(
        organisation=organisation,
        item=items["Katheterisaties"],
        title="Katheterisatie theorie",
        pass_percent=67,
        max_attempts=None,
        wait_hours=0,
    )
    pool = QuestionPool.objects.create(
        organisation=organisation, test=catheter, name="Theorie", draw_count=3
    )
    _add_questions(organisation, pool, CATHETER_THEORY)
    checklists = {}
    for title, item_name, criteria in CHECKLISTS:
        checklist = Checklist.objects.create(
            organisation=organisation,
            item=items[item_name],
            title=title,
            instructions="Observeer de hele handeling bij een echte patiënt.",
            pass_percent=75,
        )
        Criterion.objects.bulk_create(
            Criterion(
                organisation=organisation,
                checklist=checklist,
                position=i,
                text=text,
                critical=critical,
            )
            for i, (text, critical) in enumerate(criteria, start=1)
        )
        checklists[title] = checklist
    activity = XapiActivity.objects.create(
        organisation=organisation,
        iri="https://leren.example.org/xapi/activities/volumat-agilia",
        item=items["Infuuspomp Volumat Agilia"],
        min_scaled_score=Decimal("0.8"),
    )
    _attempts(organisation, medication, catheter)
    # Since these results, the test also closes the e-learning module on medication of Sophie's
    # route (seed 001's case, loaded before this): her route leads her to it, still to take.
    KnowledgeTest.objects.filter(pk=medication.pk).update(module=MEDICATION_MODULE)
    _practical(organisation, checklists["Katheterisatie (praktijk)"])
    coordinator = User.objects.get(email="opleiding@umc-zuidwest.demo")
    statement_receive(
        actor=coordinator,
        organisation=organisation,
        statement={
            "id": str(uuid.UUID("6f1c6d0e-2d7b-4f7c-9a55-0d6f1d3c2a01")),
            "actor": {"objectType": "Agent", "mbox": "mailto:daan@umc-zuidwest.demo"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
            "object": {"id": activity.iri},
            "result": {"success": True, "score": {"scaled": 0.92}},
            "timestamp": (timezone.now() - datetime.timedelta(days=2)).isoformat(),
        },
    )


def _attempts(organisation, medication, catheter) -> None:
    sophie = _member(organisation, "sophie@umc-zuidwest.demo")
    emma = _member(organisation, "emma@umc-zuidwest.demo")
    lucas = _member(organisation, "lucas@umc-zuidwest.demo")
    attempt = attempt_start(test=medication, membership=sophie)
    attempt_submit(attempt=attempt, given=_answers(attempt, right=8))
    attempt = attempt_start(test=medication, membership=emma)
    attempt_submit(attempt=attempt, given=_answers(attempt, right=4))
    attempt = attempt_start(test=catheter, membership=lucas)
    attempt_submit(attempt=attempt, given=_answers(attempt, right=3))
    attempt = attempt_start(test=catheter, membership=emma)
    attempt_submit(attempt=attempt, given=_answers(attempt, right=1))


def _practical(organisation, checklist: Checklist) -> None:
    assessor = _member(organisation, "beoordelaar@umc-zuidwest.demo")
    today = timezone.localdate()
    for email, results, sign in (
        ("daan@umc-zuidwest.demo", None, True),
        ("noor@umc-zuidwest.demo", None, False),
    ):
        candidate = _member(organisation, email)
        findings = [
            Finding(c.pk, MET if results is None else results, "") for c in checklist.criteria.all()
        ]
        findings[1] = Finding(
            findings[1].criterion_id, NOT_MET, "Toestemming niet expliciet gevraagd."
        )
        assessment = assessment_submit(
            assessor=assessor,
            checklist=checklist,
            candidate=candidate,
            performed_on=today - datetime.timedelta(days=1),
            findings=findings,
            comment="Rustig en zorgvuldig gewerkt.",
        )
        if sign:
            assessment_sign(candidate=candidate, assessment=assessment)


__all__ = ["PracticalAssessment", "assessments_demo_load"]
