"""Demo of the Groningen network "Leren is altijd": its convenant (signed on 9 July 2018),
six topics with actions linked to projects of the practice collection, two coordinators and an
editor, an individual participant, the working conference with workshops, registrations
(one of them on the waiting list), a workshop report with golden tips and a reaction, and the
knowledge agenda: a closed prioritisation round and an open one, in which the individual
participant voted on her own knowledge need.
Idempotent: a network that already has a convenant is left alone."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone

from zorgwijs.accounts.models import User
from zorgwijs.needs.models import NeedKind
from zorgwijs.needs.services import need_create
from zorgwijs.organisations.models import Network, Organisation, Visibility
from zorgwijs.projects.models import Project

from .access import network_access
from .models import (
    Action,
    ActionStatus,
    Contribution,
    ContributionKind,
    ContributionStatus,
    Convenant,
    Event,
    EventKind,
    MonthlyTheme,
    NetworkProfile,
    NetworkRole,
    Poster,
    RoleKind,
    Session,
    SessionReaction,
    Signatory,
    Topic,
)
from .selectors import candidate_needs
from .services.priorities import ballot_cast, round_close, round_open
from .services.registrations import registration_create

NETWORK = "leren-is-altijd"
COORDINATOR = "beheer@zorgacademie.demo"
# Zorggroep Hunzedal's administrator coordinates the network with her: the one who runs its year
# (members, topics, the editorial board, the conference's posters) in the production journeys.
CO_COORDINATOR = "beheer@hunzedal.demo"
EDITOR = "leercoach@hunzedal.demo"
PARTICIPANT = ("ilse.individu@leren.demo", "Ilse Individu")

SIGNATORIES = (
    ("zorggroep-hunzedal", "Raad van bestuur"),
    ("thuiszorg-eemland", "Directeur-bestuurder"),
    ("zorgacademie-midden", "College van bestuur"),
    ("", "Zorgplein Noord"),
    ("", "Zorgkantoor Menzis"),
    ("", "Noorderpoort"),
    ("", "Hanzehogeschool Groningen"),
)

# topic, actions: (title, owner organisation slug, owner, status, project external ids)
TOPICS = (
    (
        "Huidige professionals behouden",
        (
            (
                "HR-stromen in beeld: ziekteverzuim, inzetbaarheid en uitstroom",
                "zorggroep-hunzedal",
                "Programmaleider HR",
                ActionStatus.RUNNING,
                (),
            ),
        ),
    ),
    (
        "Nieuwe zorgprofessionals aantrekken",
        (
            (
                "Leerafdelingen en leerwerkplaatsen in de regio",
                "zorgacademie-midden",
                "Projectgroep leerafdelingen",
                ActionStatus.RUNNING,
                ("p024", "p026"),
            ),
        ),
    ),
    (
        "Anders leren",
        (
            (
                "Praktijkexperts en leercoaches op elke locatie",
                "zorggroep-hunzedal",
                "Programmaleider leren en ontwikkelen",
                ActionStatus.RUNNING,
                ("p028", "p029"),
            ),
            (
                "Werkbegeleiders in positie",
                "thuiszorg-eemland",
                "",
                ActionStatus.PLANNED,
                ("p030",),
            ),
        ),
    ),
    (
        "Anders werken",
        (
            (
                "Grensverleggend zorgen: gezamenlijke ANW en eenduidige triage",
                "thuiszorg-eemland",
                "Projectleider ANW",
                ActionStatus.RUNNING,
                (),
            ),
            ("Versterken inzet technologie", "", "Werkgroep technologie", ActionStatus.PLANNED, ()),
        ),
    ),
    (
        "Kennisverzameling",
        (("Regionale monitor", "zorgacademie-midden", "", ActionStatus.DONE, ("p034",)),),
    ),
    (
        "Duurzame zorg",
        (("Samen voor duurzaam zorgen", "", "Zorgplein Noord", ActionStatus.PLANNED, ()),),
    ),
)

WORKSHOPS = (
    (
        "Leren in de praktijk: de praktijkexpert als spil",
        "Marjo de Ronde",
        "Zaal Hunze",
        30,
        "Hoe een vrijgestelde praktijkexpert op elke afdeling het leren in het werk organiseert.",
        "Geef de praktijkexpert regeltijd in het rooster.\nBegin klein: één afdeling, één jaar.",
    ),
    (
        "Werkbegeleiders in positie",
        "Ineke Bakker",
        "Zaal Reitdiep",
        2,
        "Scholing, regeltijd en erkenning voor werkbegeleiders.",
        "",
    ),
)


def networks_demo_load() -> None:
    network = Network.objects.filter(slug=NETWORK).first()
    if network is None or Convenant.objects.filter(network=network).exists():
        return
    coordinator = User.objects.get(email=COORDINATOR)
    NetworkProfile.objects.update_or_create(
        network=network,
        defaults={
            "about": "Zorgorganisaties, onderwijs, Zorgplein Noord en het zorgkantoor in "
            "Groningen werken samen aan het Convenant Thuis in het verpleeghuis. Leren is "
            "altijd: in het werk, van elkaar en met de cliënt.",
            "public_home": True,
            "open_to_individuals": True,
            "terms": "Je deelt kennis om van te leren, niet om te oordelen. Je noemt geen "
            "cliënten of collega's bij naam. Je gaat zorgvuldig om met wat anderen delen.",
        },
    )
    convenant = Convenant.objects.create(
        network=network,
        title="Convenant Thuis in het verpleeghuis",
        signed_on=datetime.date(2018, 7, 9),
        summary="Naar een evenwichtige implementatie van het kwaliteitskader verpleeghuiszorg. "
        "Met een actieplan van zes topics, met per topic acties, gekoppeld aan de regionale "
        "RAAT-aanpak van Zorgplein Noord.",
    )
    for slug, signed_by in SIGNATORIES:
        organisation = Organisation.objects.filter(slug=slug).first() if slug else None
        Signatory.objects.create(
            convenant=convenant,
            organisation=organisation,
            organisation_name=organisation.name if organisation else signed_by,
            signed_by=signed_by if organisation else "",
        )
    NetworkRole.objects.create(network=network, user=coordinator, role=RoleKind.COORDINATOR)
    NetworkRole.objects.create(
        network=network, user=User.objects.get(email=CO_COORDINATOR), role=RoleKind.COORDINATOR
    )
    NetworkRole.objects.create(
        network=network, user=User.objects.get(email=EDITOR), role=RoleKind.EDITOR
    )
    for number, (title, actions) in enumerate(TOPICS, start=1):
        topic = Topic.objects.create(network=network, number=number, title=title)
        for position, (name, owner_slug, owner, status, projects) in enumerate(actions):
            action = Action.objects.create(
                topic=topic,
                title=name,
                owner_organisation=Organisation.objects.filter(slug=owner_slug).first(),
                owner_name=owner,
                status=status,
                position=position,
            )
            action.projects.set(Project.objects.filter(external_id__in=projects))
    participant = _participant()
    _conference(network, coordinator, participant)
    _contributions(network, participant)
    _knowledge_agenda(network, coordinator, participant)


# Who casts each member organisation's ballot in the demo's rounds.
VOTERS = {"zorggroep-hunzedal": "beheer@hunzedal.demo", "thuiszorg-eemland": "beheer@eemland.demo"}


def _knowledge_agenda(network: Network, coordinator: User, participant: User) -> None:
    """Seed 004: last year's round, closed, is the agenda on the home; this year's is open to
    individuals too, with one organisation's ballot and the participant's own in, ranking the
    need she posted in the network first."""
    needs = list(candidate_needs(network)[:6])
    if len(needs) < 3:
        return
    access = network_access(coordinator, network)
    closed = round_open(
        actor=coordinator,
        access=access,
        data={
            "title": "Kennisagenda 2026",
            "description": "Welke kennis hebben we in de regio het hardst nodig? Elke "
            "organisatie zet haar drie belangrijkste kennisvragen op volgorde.",
            "choices": 3,
        },
        candidates=needs,
    )
    rankings = {"zorggroep-hunzedal": [0, 2, 1], "thuiszorg-eemland": [2, 0, 1]}
    for slug, order in rankings.items():
        ballot_cast(
            actor=User.objects.get(email=VOTERS[slug]),
            priority_round=closed,
            organisation=Organisation.objects.get(slug=slug),
            need_ids=[needs[i].pk for i in order],
            replace=False,
        )
    round_close(actor=coordinator, access=access, priority_round=closed)
    own = need_create(
        actor=participant,
        organisation=None,
        network=network,
        data={
            "kind": NeedKind.QUESTION,
            "visibility": Visibility.NETWORK,
            "title": "Leren als mantelzorger: wat kan ik van de wijkverpleging leren?",
            "description": "Ik zorg thuis voor mijn moeder. Welke scholing van de thuiszorg "
            "staat open voor mantelzorgers, en wat leren de teams van ons?",
        },
    )
    current = round_open(
        actor=coordinator,
        access=access,
        data={"title": "Kennisagenda 2027", "choices": 3, "individuals_vote": True},
        candidates=[*needs, own],
    )
    ballot_cast(
        actor=User.objects.get(email=VOTERS["zorggroep-hunzedal"]),
        priority_round=current,
        organisation=Organisation.objects.get(slug="zorggroep-hunzedal"),
        need_ids=[needs[1].pk, needs[0].pk],
        replace=False,
    )
    ballot_cast(
        actor=participant,
        priority_round=current,
        organisation=None,
        access=network_access(participant, network),
        need_ids=[own.pk, needs[1].pk],
        replace=False,
    )


def _contributions(network: Network, participant: User) -> None:
    """A monthly theme with three pieces: one published, one with the editorial board, and an
    invited author's draft."""
    today = timezone.localdate()
    theme = MonthlyTheme.objects.create(
        network=network,
        month=today.replace(day=1),
        title="Leren in het werk",
        quote="Leren is altijd: in het werk, van elkaar en met de cliënt.",
        quote_source="Convenant Thuis in het verpleeghuis",
    )
    editor = User.objects.get(email=EDITOR)
    Contribution.objects.create(
        network=network,
        theme=theme,
        kind=ContributionKind.COLUMN,
        title="De praktijkexpert is geen extra handen",
        body="Een praktijkexpert die ook nog diensten draait, wordt opgeslokt door het rooster. "
        "Wie leren in het werk serieus neemt, geeft regeltijd.",
        author=editor,
        status=ContributionStatus.SCHEDULED,
        publish_at=timezone.now() - datetime.timedelta(days=3),
    )
    Contribution.objects.create(
        network=network,
        theme=theme,
        kind=ContributionKind.INTERVIEW,
        title="Drie vragen aan een werkbegeleider in de wijk",
        body="Over regeltijd, studenten en wat je zelf leert van begeleiden.",
        author=User.objects.get(email="ayse@eemland.demo"),
        status=ContributionStatus.IN_REVIEW,
    )
    Contribution.objects.create(
        network=network,
        theme=theme,
        kind=ContributionKind.OPINION,
        title="Leren stopt niet bij de voordeur van de instelling",
        body="Als mantelzorger zie ik hoeveel er thuis geleerd wordt.",
        author=participant,
        status=ContributionStatus.DRAFT,
    )


def _participant() -> User:
    email, name = PARTICIPANT
    user = User.objects.filter(email=email).first()
    if user is None:
        from zorgwijs.core.demo.loader import DEMO_PASSWORD

        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


POSTERS = (
    (
        "Leerafdeling in het verpleeghuis: studenten runnen een woongroep",
        "zorggroep-hunzedal",
        "Een woongroep waar studenten van mbo en hbo samen de zorg dragen, met een "
        "praktijkexpert als vaste begeleider. Wat het de bewoners, de studenten en het team "
        "bracht.",
        "Posterprijs",
    ),
    (
        "Werkbegeleiders in positie",
        "thuiszorg-eemland",
        "Regeltijd, scholing en erkenning: hoe wijkteams werkbegeleiding een vaste plek gaven.",
        "",
    ),
)
# A minimal valid PDF: the demo's posters download like real ones.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
    b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _posters(event: Event, submitter: User) -> None:
    from django.core.files.base import ContentFile

    for number, (title, slug, abstract, award) in enumerate(POSTERS, start=1):
        organisation = Organisation.objects.get(slug=slug)
        poster = Poster(
            event=event,
            title=title,
            organisation=organisation,
            organisation_name=organisation.name,
            abstract=abstract,
            submitted_by=submitter,
            original_name=f"poster-{number}.pdf",
            award=award,
        )
        poster.file.save(f"poster-{number}.pdf", ContentFile(DEMO_PDF), save=False)
        poster.save()


def _conference(network: Network, coordinator: User, participant: User) -> None:
    NetworkRole.objects.create(
        network=network,
        user=participant,
        role=RoleKind.PARTICIPANT,
        terms_accepted_at=timezone.now(),
    )
    day = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    start = day + datetime.timedelta(days=45)
    event = Event.objects.create(
        network=network,
        kind=EventKind.CONFERENCE,
        title="Werkconferentie Leren is altijd",
        description="Een dag om kennis te maken met de veelheid aan onderwerpen over leren en "
        "ontwikkelen in de regio, met workshops van de programma's.",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=7),
        location="Martiniplaza, Groningen",
        visibility=Visibility.PUBLIC,
        capacity=120,
        poster_criteria="Relevantie voor de praktijk\nOverdraagbaarheid naar andere organisaties\n"
        "Vormgeving",
        public_vote=True,
    )
    event.organisers.add(coordinator)
    event.jury.add(coordinator)
    _posters(event, participant)
    sessions = []
    for offset, (title, leaders, room, capacity, description, tips) in enumerate(WORKSHOPS):
        sessions.append(
            Session.objects.create(
                event=event,
                title=title,
                leaders=leaders,
                room=room,
                capacity=capacity,
                description=description,
                golden_tips=tips,
                starts_at=start + datetime.timedelta(hours=1 + 2 * offset),
                ends_at=start + datetime.timedelta(hours=2 + 2 * offset),
            )
        )
    people = [
        participant,
        *User.objects.filter(
            email__in=["marieke@hunzedal.demo", "ayse@eemland.demo", "bram@hunzedal.demo"]
        ).order_by("email"),
    ]
    for person in people:
        registration_create(actor=person, event=event)
        # The small workshop fills up: the last one lands on its waiting list.
        registration_create(actor=person, event=event, session=sessions[1])
    SessionReaction.objects.create(
        session=sessions[0],
        author=participant,
        text="Herkenbaar! Wij gaan de regeltijd voor werkbegeleiders ook regelen.",
        status="approved",
    )
    # Last year's meeting of the core team, for the network only.
    past = day - datetime.timedelta(days=60)
    Event.objects.create(
        network=network,
        kind=EventKind.MEETING,
        title="Kernteamoverleg",
        starts_at=past,
        ends_at=past + datetime.timedelta(hours=2),
        location="Groningen",
    )
