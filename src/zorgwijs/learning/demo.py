"""Seed 001's case in the demo: a BMH graduate (acute-care track) of the demo school starts a
13-month route to interventiemedewerker at the demo UMC.

The school declares its track; the UMC's blueprint (shared with the region's hospitals) holds
passport items and outcomes per work process; Sophie's diploma covers part of it, her passport
another part; the route follows from the gap, with Peter Bakker as werkbegeleider, and is
four months under way. Idempotent: loading twice changes nothing.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zorgwijs.competences.models import CompetenceItem
from zorgwijs.organisations.models import (
    Membership,
    Network,
    Organisation,
    Role,
    RoleAssignment,
)

from .models import Blueprint, LearnBy, Outcome, PriorKind, ProofKind, RouteStep, StepKind
from .services.blueprints import (
    blueprint_create,
    blueprint_publish,
    blueprint_share,
    outcome_add,
    process_add,
)
from .services.prior import curriculum_create, curriculum_outcome_add, prior_register
from .services.routes import (
    _done,
    route_approve,
    route_propose,
)

SCHOOL, HOSPITAL, NETWORK = "zorgacademie-midden", "umc-zuidwest", "cmt-zuidwest"
LEARNER, GUIDE, COORDINATOR = (
    "sophie@umc-zuidwest.demo",
    "beoordelaar@umc-zuidwest.demo",
    "opleiding@umc-zuidwest.demo",
)
BLUEPRINT = "Interventiemedewerker interventiecardiologie"
# The route's e-learning module on medication (the gap in IC-3.4): the assessments demo's
# "Medicatierekenen" test belongs to it, so passing that test completes the module and the
# knowledge-test step after it.
MEDICATION_MODULE = "Module Bewaken en acute zorg"

# What the school's BMH acute-care track covers: (code, outcome, level).
TRACK = (
    ("IC-1.1", "Anatomie en fysiologie van hart en kransvaten", 2),
    ("IC-1.2", "Patiënt voorbereiden en time-out", 3),
    ("IC-1.3", "Steriel werken", 3),
    ("IC-3.1", "Ritmestoornissen herkennen en acuut handelen", 4),
    ("AZ-1", "Triage op de spoedeisende hulp", 4),
    ("AZ-2", "Ambulancezorg: A-B-C-D-E-benadering", 4),
)

T, P, F, SIGN, E = (
    ProofKind.KNOWLEDGE_TEST,
    ProofKind.PRACTICAL,
    ProofKind.PORTFOLIO,
    ProofKind.INTERNSHIP,
    ProofKind.PRIOR_LEARNING,
)
EL, CL, ST = LearnBy.ELEARNING, LearnBy.CLASSROOM, LearnBy.INTERNSHIP

# (process code, name, ((code, title, indicators, proof, level, learn by, hours, item, needs)))
OUTLINE = (
    (
        "WP1",
        "Voorbereiden van de interventie",
        (
            (
                "IC-1.1",
                "Kent de anatomie en fysiologie van hart en kransvaten",
                "Benoemt de kransvaten op een angiogram\nLegt uit wat een stenose doet",
                T,
                2,
                EL,
                24,
                None,
                (),
            ),
            (
                "IC-1.2",
                "Bereidt de patiënt voor en leidt de time-out",
                "Controleert identiteit, allergieën en stolling\nLeidt de time-out hardop",
                SIGN,
                4,
                ST,
                40,
                None,
                (),
            ),
            (
                "IC-1.3",
                "Werkt steriel en richt de interventietafel in",
                "Kleedt zich steriel aan\nRicht de tafel in volgens protocol",
                P,
                4,
                CL,
                16,
                None,
                (),
            ),
        ),
    ),
    (
        "WP2",
        "Assisteren bij coronaire interventies",
        (
            (
                "IC-2.1",
                "Kent materialen, katheters, voerdraden en stents",
                "Kiest het juiste materiaal bij de vraag van de cardioloog",
                T,
                2,
                EL,
                80,
                None,
                (),
            ),
            (
                "IC-2.2",
                "Assisteert als omloop en als steriele assistent bij een PCI",
                "Anticipeert op de volgende stap\nCommuniceert closed-loop",
                SIGN,
                4,
                ST,
                560,
                None,
                ("IC-2.1",),
            ),
            (
                "IC-2.3",
                "Brengt een katheter in (voorbehouden handeling)",
                "Handelt volgens de opdracht van de arts\nWerkt aseptisch",
                P,
                4,
                ST,
                16,
                "Katheterisaties",
                ("IC-2.1",),
            ),
            (
                "IC-2.4",
                "Bedient de intra-aortale ballonpomp",
                "Start en bewaakt de pomp\nHerkent alarmen",
                P,
                4,
                ST,
                24,
                "Intra-aortale ballonpomp",
                ("IC-2.1",),
            ),
        ),
    ),
    (
        "WP3",
        "Bewaken en acute zorg",
        (
            (
                "IC-3.1",
                "Herkent ritmestoornissen en handelt bij een acute situatie",
                "Herkent VF en VT op de monitor\nStart de reanimatie",
                T,
                3,
                EL,
                16,
                None,
                (),
            ),
            (
                "IC-3.2",
                "Defibrilleert en cardioverteert",
                "Bedient de defibrillator veilig",
                P,
                4,
                ST,
                8,
                "Defibrillator LIFEPAK 20e",
                ("IC-3.1",),
            ),
            (
                "IC-3.3",
                "Bewaakt de patiënt met de bewakingsmonitor",
                "Stelt alarmgrenzen in",
                P,
                4,
                ST,
                8,
                "Bewakingsmonitor IntelliVue",
                (),
            ),
            (
                "IC-3.4",
                "Rekent medicatie veilig uit en dient acute medicatie toe",
                "Rekent een voorschrift om naar milliliters en druppels\n"
                "Laat een risicovolle berekening dubbel controleren",
                T,
                3,
                EL,
                12,
                None,
                (),
            ),
        ),
    ),
    (
        "WP4",
        "Stralingshygiëne en röntgen",
        (
            (
                "IC-4.1",
                "Past stralingshygiëne toe (deskundigheidsniveau 5R)",
                "Houdt afstand, tijd en afscherming aan\nDraagt de dosimeter",
                T,
                3,
                CL,
                40,
                None,
                (),
            ),
            (
                "IC-4.2",
                "Bedient de röntgenboog en de contrastpomp",
                "Stelt projecties in op aanwijzing",
                P,
                4,
                ST,
                80,
                None,
                ("IC-4.1",),
            ),
        ),
    ),
    (
        "WP5",
        "Bereikbaarheidsdienst",
        (
            (
                "IC-5.1",
                "Werkt zelfstandig in de bereikbaarheidsdienst",
                "Zet de cathlab binnen 30 minuten klaar\nSchakelt het team op",
                SIGN,
                4,
                ST,
                400,
                None,
                ("IC-2.2", "IC-4.2"),
            ),
        ),
    ),
)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _member(organisation: Organisation, email: str) -> Membership:
    return Membership.objects.select_related("user").get(
        organisation=organisation, user__email=email
    )


def _curriculum(school: Organisation):
    actor = _member(school, "beheer@zorgacademie.demo").user
    curriculum = curriculum_create(
        actor=actor,
        organisation=school,
        programme="Bachelor Medisch Hulpverlener",
        track="Acute zorg",
        description="Vierjarige hbo-opleiding; uitstroom acute zorg met een keuzestage "
        "interventiecardiologie.",
    )
    for code, title, level in TRACK:
        curriculum_outcome_add(
            actor=actor, curriculum=curriculum, code=code, title=title, level=level
        )
    return curriculum


def _blueprint(hospital: Organisation, actor) -> Blueprint:
    bp = blueprint_create(
        actor=actor,
        organisation=hospital,
        name=BLUEPRINT,
        target_role="Interventiemedewerker",
        description="Wat een volwaardig interventiemedewerker kan, inclusief de "
        "bereikbaarheidsdiensten. "
        "Gemaakt met de eerste BMH-student als pilot.",
    )
    outcomes: dict[str, Outcome] = {}
    for code, name, rows in OUTLINE:
        process = process_add(actor=actor, blueprint=bp, code=code, name=name)
        for o_code, title, indicators, proof, level, learn_by, hours, item_name, needs in rows:
            item = (
                CompetenceItem.objects.get(organisation=hospital, name=item_name)
                if item_name
                else None
            )
            outcomes[o_code] = outcome_add(
                actor=actor,
                blueprint=bp,
                process=process,
                item=item,
                prerequisites=[outcomes[n] for n in needs],
                data={
                    "code": o_code,
                    "title": title,
                    "indicators": indicators,
                    "proof": proof,
                    "level": level,
                    "learn_by": learn_by,
                    "learn_hours": hours,
                    "assess_hours": 2,
                },
            )
    return blueprint_publish(actor=actor, blueprint=bp)


def learning_demo_load() -> None:
    hospital = Organisation.objects.get(slug=HOSPITAL)
    if Blueprint.objects.filter(organisation=hospital, name=BLUEPRINT).exists():
        return
    school = Organisation.objects.get(slug=SCHOOL)
    learner, guide, coordinator = (_member(hospital, e) for e in (LEARNER, GUIDE, COORDINATOR))
    RoleAssignment.objects.get_or_create(
        organisation=hospital, membership=guide, role=Role.WORK_SUPERVISOR
    )
    RoleAssignment.objects.get_or_create(
        organisation=hospital, membership=coordinator, role=Role.PRACTICE_TRAINER
    )
    actor = coordinator.user
    curriculum = _curriculum(school)
    bp = _blueprint(hospital, actor)
    blueprint_share(
        actor=actor, organisation=hospital, blueprint=bp, network=Network.objects.get(slug=NETWORK)
    )
    today = timezone.localdate()
    start = today - datetime.timedelta(days=122)
    prior_register(
        actor=actor,
        membership=learner,
        kind=PriorKind.DIPLOMA,
        curriculum=curriculum,
        achieved_on=start - datetime.timedelta(days=30),
    )
    prior_register(
        actor=learner.user,
        membership=learner,
        kind=PriorKind.EVC,
        codes=["IC-4.1"],
        level=3,
        achieved_on=start - datetime.timedelta(days=400),
        description="Stralingscursus 5R gevolgd bij de ambulancedienst, met certificaat.",
        evidence_file=SimpleUploadedFile("stralingscursus-5R.pdf", PDF),
    )
    route = route_propose(
        actor=actor,
        membership=learner,
        blueprint=bp,
        start_date=start,
        mentor=guide,
        hours_per_week=6,
    )
    route = route_approve(actor=actor, route=route)
    # Four months under way: the first modules, their test and the first assessment are done.
    steps = {(s.kind, s.title): s for s in RouteStep.objects.filter(route=route)}
    for (kind, title), step in steps.items():
        if kind in (StepKind.ELEARNING, StepKind.KNOWLEDGE_TEST) and "coronaire" in title:
            _done(step, via="coordinator", on=start + datetime.timedelta(days=90), by=actor)
        if kind == StepKind.PRACTICAL and "Voorbereiden" in title:
            _done(step, via="sign_off", on=start + datetime.timedelta(days=20), by=guide.user)
            step.notes.create(
                organisation=hospital,
                author=guide.user,
                kind="feedback",
                text="Time-out rustig en volledig geleid. Let bij het steriel aankleden op je "
                "mouwen.",
            )
        if kind == StepKind.INTERNSHIP and "coronaire" in title:
            step.notes.create(
                organisation=hospital,
                author=learner.user,
                kind="reflection",
                text="Eerste weken als omloop. Ik merk dat ik de materialen nu sneller vind; "
                "bij spoedprocedures wil ik meer overzicht houden.",
            )
