"""The demo world: a small, realistic Dutch care landscape.

Organisation names are invented; departments, functions and roles are what such organisations
really have. Every apps' demo content hangs off these organisations and people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zorgwijs.organisations.models import OrganisationKind, Role


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    function: str
    department: str
    roles: tuple[str, ...] = ()
    managed: tuple[str, ...] = ()  # department paths a manager manages


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: str
    province: str
    region: str
    departments: tuple[str, ...]
    functions: tuple[str, ...]
    people: tuple[DemoPerson, ...] = field(default=())


P = DemoPerson

ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        slug="umc-zuidwest",
        name="UMC Zuidwest",
        kind=OrganisationKind.UMC,
        province="zuid-holland",
        region="Zuid-Holland West",
        departments=(
            "Hartcentrum",
            "Hartcentrum/Cathlab",
            "Hartcentrum/Cardiologie verpleegafdeling",
            "Intensive Care",
            "Operatiekamers",
            "Spoedeisende hulp",
            "Medische Technologie",
        ),
        functions=(
            "Verpleegkundige",
            "IC-verpleegkundige",
            "Bachelor medisch hulpverlener",
            "Operatieassistent",
            "Medisch technicus",
            "Praktijkbegeleider",
            "Teamleider",
        ),
        people=(
            P(
                "beheer@umc-zuidwest.demo",
                "Anouk de Vries",
                "Teamleider",
                "Medische Technologie",
                roles=(Role.ADMIN,),
            ),
            P(
                "leiding.hart@umc-zuidwest.demo",
                "Mark Jansen",
                "Teamleider",
                "Hartcentrum",
                roles=(Role.MANAGER,),
                managed=("Hartcentrum",),
            ),
            P(
                "opleiding@umc-zuidwest.demo",
                "Fatima El Amrani",
                "Medisch technicus",
                "Medische Technologie",
                roles=(Role.COORDINATOR,),
            ),
            P(
                "beoordelaar@umc-zuidwest.demo",
                "Peter Bakker",
                "Praktijkbegeleider",
                "Hartcentrum/Cathlab",
                roles=(Role.ASSESSOR,),
            ),
            P(
                "redactie@umc-zuidwest.demo",
                "Sanne Visser",
                "IC-verpleegkundige",
                "Intensive Care",
                roles=(Role.EDITOR,),
            ),
            P(
                "sophie@umc-zuidwest.demo",
                "Sophie Mulder",
                "Bachelor medisch hulpverlener",
                "Hartcentrum/Cathlab",
            ),
            P(
                "daan@umc-zuidwest.demo",
                "Daan Smit",
                "Verpleegkundige",
                "Hartcentrum/Cardiologie verpleegafdeling",
            ),
            P("noor@umc-zuidwest.demo", "Noor Hendriks", "IC-verpleegkundige", "Intensive Care"),
            P("lucas@umc-zuidwest.demo", "Lucas van Dijk", "Operatieassistent", "Operatiekamers"),
            P("emma@umc-zuidwest.demo", "Emma Bos", "Verpleegkundige", "Spoedeisende hulp"),
        ),
    ),
    DemoOrganisation(
        slug="ziekenhuis-lingestreek",
        name="Ziekenhuis Lingestreek",
        kind=OrganisationKind.HOSPITAL,
        province="gelderland",
        region="Rivierenland",
        departments=(
            "Snijdende specialismen",
            "Snijdende specialismen/Chirurgie",
            "Snijdende specialismen/Operatiekamers",
            "Beschouwende specialismen",
            "Beschouwende specialismen/Interne geneeskunde",
            "Beschouwende specialismen/Dialyse",
            "Intensive Care",
        ),
        functions=(
            "Verpleegkundige",
            "Dialyseverpleegkundige",
            "IC-verpleegkundige",
            "Operatieassistent",
            "Medisch technicus",
            "Afdelingsmanager",
        ),
        people=(
            P(
                "beheer@lingestreek.demo",
                "Ruud Peters",
                "Afdelingsmanager",
                "Intensive Care",
                roles=(Role.ADMIN,),
            ),
            P(
                "leiding.ic@lingestreek.demo",
                "Ingrid Willems",
                "Afdelingsmanager",
                "Intensive Care",
                roles=(Role.MANAGER,),
                managed=("Intensive Care",),
            ),
            P(
                "mt@lingestreek.demo",
                "Kees van den Berg",
                "Medisch technicus",
                "Intensive Care",
                roles=(Role.COORDINATOR, Role.ASSESSOR),
            ),
            P(
                "lotte@lingestreek.demo",
                "Lotte Dekker",
                "Dialyseverpleegkundige",
                "Beschouwende specialismen/Dialyse",
            ),
            P(
                "jeroen@lingestreek.demo",
                "Jeroen Vermeulen",
                "IC-verpleegkundige",
                "Intensive Care",
            ),
            P(
                "yara@lingestreek.demo",
                "Yara Koster",
                "Verpleegkundige",
                "Snijdende specialismen/Chirurgie",
            ),
        ),
    ),
    DemoOrganisation(
        slug="zorggroep-hunzedal",
        name="Zorggroep Hunzedal",
        kind=OrganisationKind.VVT,
        province="groningen",
        region="Groningen",
        departments=(
            "Verpleeghuis De Esch",
            "Verpleeghuis De Esch/Psychogeriatrie",
            "Verpleeghuis De Esch/Somatiek",
            "Wijkteams",
        ),
        functions=(
            "Verzorgende IG",
            "Verpleegkundige",
            "Praktijkexpert / leercoach",
            "Werkbegeleider",
            "Teamleider",
        ),
        people=(
            P(
                "beheer@hunzedal.demo",
                "Hilde Boersma",
                "Teamleider",
                "Verpleeghuis De Esch",
                roles=(Role.ADMIN, Role.MANAGER),
                managed=("Verpleeghuis De Esch",),
            ),
            P(
                "leercoach@hunzedal.demo",
                "Gerrit Hoekstra",
                "Praktijkexpert / leercoach",
                "Verpleeghuis De Esch/Psychogeriatrie",
                roles=(Role.ASSESSOR, Role.EDITOR),
            ),
            P(
                "marieke@hunzedal.demo",
                "Marieke Dijkstra",
                "Verzorgende IG",
                "Verpleeghuis De Esch/Psychogeriatrie",
            ),
            P("bram@hunzedal.demo", "Bram Kuipers", "Verpleegkundige", "Wijkteams"),
        ),
    ),
    DemoOrganisation(
        slug="thuiszorg-eemland",
        name="Thuiszorg Eemland",
        kind=OrganisationKind.HOME_CARE,
        province="utrecht",
        region="Eemland",
        departments=("Wijkteam Amersfoort-Noord", "Wijkteam Leusden"),
        functions=("Wijkverpleegkundige", "Verzorgende IG", "Teamcoach"),
        people=(
            P(
                "beheer@eemland.demo",
                "Tom Verhoeven",
                "Teamcoach",
                "Wijkteam Leusden",
                roles=(Role.ADMIN,),
            ),
            P(
                "ayse@eemland.demo",
                "Ayşe Yılmaz",
                "Wijkverpleegkundige",
                "Wijkteam Amersfoort-Noord",
            ),
        ),
    ),
    DemoOrganisation(
        slug="zorgacademie-midden",
        name="Zorgacademie Midden",
        kind=OrganisationKind.EDUCATION,
        province="utrecht",
        region="Midden-Nederland",
        departments=("Opleiding Verpleegkunde", "Skillslab"),
        functions=("Docent", "Student verpleegkunde"),
        people=(
            P(
                "beheer@zorgacademie.demo",
                "Wendy Claassen",
                "Docent",
                "Skillslab",
                roles=(Role.ADMIN, Role.EDITOR),
            ),
            P(
                "student@zorgacademie.demo",
                "Mila Brouwer",
                "Student verpleegkunde",
                "Opleiding Verpleegkunde",
            ),
        ),
    ),
)

# People who work for two organisations (a seconded nurse, a student on placement).
EXTRA_MEMBERSHIPS: tuple[tuple[str, str, str, str], ...] = (
    (
        "student@zorgacademie.demo",
        "umc-zuidwest",
        "Verpleegkundige",
        "Hartcentrum/Cardiologie verpleegafdeling",
    ),
    ("bram@hunzedal.demo", "thuiszorg-eemland", "Wijkverpleegkundige", "Wijkteam Leusden"),
)

NETWORKS = (
    {
        "slug": "cmt-zuidwest",
        "name": "Netwerk Medische Technologie Zuidwest",
        "kind": "convenant",
        "region": "Zuid-Holland en Rivierenland",
        "description": "Ziekenhuizen die samen werken aan het Convenant Veilige Toepassing van "
        "Medische Technologie: gedeelde risicoprofielen, bekwaamheidseisen en lessen.",
        "members": ("umc-zuidwest", "ziekenhuis-lingestreek"),
        "contacts": ("opleiding@umc-zuidwest.demo", "mt@lingestreek.demo"),
    },
    {
        "slug": "leren-is-altijd",
        "name": "Leren is altijd — regio Groningen",
        "kind": "regional",
        "region": "Groningen",
        "description": "Regionaal netwerk van zorgorganisaties en onderwijs rond leren en "
        "ontwikkelen in de ouderenzorg.",
        "members": ("zorggroep-hunzedal", "thuiszorg-eemland", "zorgacademie-midden"),
        "contacts": ("beheer@hunzedal.demo", "beheer@eemland.demo", "beheer@zorgacademie.demo"),
    },
)

PLATFORM_ADMIN = ("platform@zorgwijs.demo", "Platformbeheer Zorgwijs")
