"""Demo competence data: a realistic catalogue, profiles and people in every status."""

from __future__ import annotations

import datetime

from django.utils import timezone

from zorgwijs.organisations.models import (
    Department,
    JobFunction,
    Membership,
    Organisation,
    Role,
)

from .assessors import assessor_authorise
from .catalogue import catalogue_install_defaults
from .models import (
    CompetenceItem,
    EvidenceKind,
    ItemKind,
    ProfileItem,
    RequirementLevel,
    RequirementProfile,
    RiskProfile,
)
from .network_catalogue import item_adopt, item_share, profile_adopt, profile_share
from .requirements import requirements_refresh
from .services import (
    competence_suspend,
    exemption_grant,
    performance_log,
    qualification_register,
)
from .services.catalogue import profile_save

E = EvidenceKind
HIGH, MEDIUM = RiskProfile.HIGH, RiskProfile.MEDIUM

DEVICES = (
    # name, risk, manufacturer, model, validity months
    ("Infuuspomp Volumat Agilia", HIGH, "Fresenius Kabi", "Volumat Agilia", 24),
    ("Spuitpomp Injectomat Agilia", HIGH, "Fresenius Kabi", "Injectomat Agilia", 24),
    ("Beademingsapparaat Hamilton C6", HIGH, "Hamilton Medical", "C6", 12),
    ("Defibrillator LIFEPAK 20e", HIGH, "Stryker", "LIFEPAK 20e", 12),
    ("Dialyseapparaat 5008S", HIGH, "Fresenius Medical Care", "5008S CorDiax", 12),
    ("ECMO Cardiohelp", HIGH, "Getinge", "Cardiohelp", 12),
    ("Intra-aortale ballonpomp", HIGH, "Getinge", "Cardiosave", 12),
    ("Bewakingsmonitor IntelliVue", MEDIUM, "Philips", "IntelliVue MX750", 36),
    ("Elektrochirurgie ValleyLab FT10", HIGH, "Medtronic", "FT10", 24),
)

PROFILES = {
    "umc-zuidwest": (
        (
            "Hartcentrum",
            (),
            ("Hartcentrum",),
            (
                "Infuuspomp Volumat Agilia",
                "Defibrillator LIFEPAK 20e",
                "Intra-aortale ballonpomp",
                "Bewakingsmonitor IntelliVue",
                "Katheterisaties",
                "BLS / reanimatie",
            ),
        ),
        (
            "Intensive Care",
            (),
            ("Intensive Care",),
            (
                "Beademingsapparaat Hamilton C6",
                "Infuuspomp Volumat Agilia",
                "Spuitpomp Injectomat Agilia",
                "ECMO Cardiohelp",
                "Injecties",
                "BLS / reanimatie",
            ),
        ),
        (
            "Operatiekamers",
            (),
            ("Operatiekamers",),
            (
                "Elektrochirurgie ValleyLab FT10",
                "Bewakingsmonitor IntelliVue",
                "BLS / reanimatie",
                "Hygiëne en infectiepreventie",
            ),
        ),
        (
            "Verpleegkundigen",
            ("Verpleegkundige", "IC-verpleegkundige"),
            (),
            ("Injecties", "Medicatieveiligheid", "Brandveiligheid en BHV"),
        ),
    ),
    "ziekenhuis-lingestreek": (
        (
            "Dialyse",
            (),
            ("Beschouwende specialismen/Dialyse",),
            ("Dialyseapparaat 5008S", "Puncties", "BLS / reanimatie"),
        ),
        (
            "Intensive Care",
            (),
            ("Intensive Care",),
            (
                "Beademingsapparaat Hamilton C6",
                "Infuuspomp Volumat Agilia",
                "Defibrillator LIFEPAK 20e",
                "BLS / reanimatie",
            ),
        ),
    ),
    "zorggroep-hunzedal": (
        (
            "Verpleeghuisafdeling",
            (),
            ("Verpleeghuis De Esch",),
            (
                "Inbrengen maagsonde",
                "Injecties",
                "Katheterisaties",
                "Tilprotocol",
                "BLS / reanimatie",
                "Medicatieveiligheid",
            ),
        ),
    ),
}

# Devices whose use must be kept up: (count, months) — "performed at least N times in M months".
RECENCY = {"ECMO Cardiohelp": (4, 12), "Intra-aortale ballonpomp": (3, 12)}

# One hospital shares its definition in the network; the other adopts it and tightens it.
SHARED = (
    "cmt-zuidwest",
    "umc-zuidwest",
    "Beademingsapparaat Hamilton C6",
    "ziekenhuis-lingestreek",
    9,
)

# Which demo people stand where: (e-mail, item, months ago achieved or special state).
STORIES = (
    ("sophie@umc-zuidwest.demo", "Intra-aortale ballonpomp", "missing"),
    ("sophie@umc-zuidwest.demo", "Defibrillator LIFEPAK 20e", 11),  # expiring
    ("sophie@umc-zuidwest.demo", "Katheterisaties", 13),  # expired
    ("noor@umc-zuidwest.demo", "ECMO Cardiohelp", "exempt"),
    ("noor@umc-zuidwest.demo", "Beademingsapparaat Hamilton C6", "suspended"),
    ("daan@umc-zuidwest.demo", "Infuuspomp Volumat Agilia", 23),  # expiring
)


def competences_demo_load(*, organisation: Organisation, actor) -> None:
    catalogue_install_defaults(actor=actor, organisation=organisation)
    for name, risk, manufacturer, model, months in DEVICES:
        CompetenceItem.objects.create(
            organisation=organisation,
            kind=ItemKind.DEVICE,
            name=name,
            risk_profile=risk,
            manufacturer=manufacturer,
            model_name=model,
            validity_months=months,
            warning_days=60,
            evidence_kinds=[E.ELEARNING, E.PRACTICAL, E.CERTIFICATE],
            recency_count=RECENCY.get(name, (None, None))[0],
            recency_months=RECENCY.get(name, (None, None))[1],
        )
    for name, functions, departments, items in PROFILES.get(organisation.slug, ()):
        _profile(organisation, name, functions, departments, items)
    requirements_refresh(organisation=organisation)
    _qualify_most(organisation, actor)
    _stories(organisation, actor)
    _name_assessors(organisation, actor)


def _name_assessors(organisation, actor) -> None:
    """The coordinator names the practice assessors for the catalogue (as hospitals name the
    supplier's trainer or a practice supervisor): without it an assessor who does not hold an
    item could not sign anyone off for it (assessors.may_assess)."""
    assessors = Membership.objects.filter(
        organisation=organisation, roles__role=Role.ASSESSOR
    ).distinct()
    items = CompetenceItem.objects.filter(organisation=organisation, is_active=True)
    for membership in assessors:
        for item in items:
            assessor_authorise(
                actor=actor, organisation=organisation, item=item, membership=membership
            )


def _profile(organisation, name, functions, departments, items) -> None:
    profile = RequirementProfile.objects.create(organisation=organisation, name=name)
    profile.functions.set(JobFunction.objects.filter(organisation=organisation, name__in=functions))
    profile.departments.set([_department(organisation, path) for path in departments])
    for item in CompetenceItem.objects.filter(organisation=organisation, name__in=items):
        ProfileItem.objects.create(profile=profile, item=item)


def _department(organisation, path: str) -> Department:
    department: Department | None = None
    for name in path.split("/"):
        department = Department.objects.get(organisation=organisation, parent=department, name=name)
    assert department is not None, "str.split returns at least one name"
    return department


def _months_ago(months: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=int(months * 30.4))


def _qualify_most(organisation, actor) -> None:
    """Everyone qualified some months ago for what their profiles require."""
    skip = {(email, item) for email, item, _ in STORIES}
    for membership in Membership.objects.filter(organisation=organisation).select_related("user"):
        for line in membership.passport_lines.filter(level="required").select_related("item"):
            if (membership.user.email, line.item.name) in skip:
                continue
            months = 2 + (membership.pk * 7 + line.item_id * 3) % 8
            _qualify(actor, membership, line.item, months)
            if line.item.recency_count and membership.pk % 2:
                _keep_up(actor, membership, line.item, months)


def _keep_up(actor, membership, item, since_months: int) -> None:
    """Log enough performances since qualifying to meet the item's recency rule."""
    for n in range(item.recency_count):
        performance_log(
            actor=actor,
            membership=membership,
            item=item,
            occurred_on=_months_ago(since_months * n / item.recency_count),
            backdate_reason="Overgenomen uit het logboek",
        )


def _qualify(actor, membership, item, months: int) -> None:
    evidence = item.evidence_kinds[-1] if item.evidence_kinds else E.PRACTICAL
    qualification_register(
        actor=actor,
        membership=membership,
        item=item,
        occurred_on=_months_ago(months),
        evidence_kind=evidence,
        backdate_reason="Overgenomen uit het vorige registratiesysteem",
        source="demo",
    )


def _stories(organisation, actor) -> None:
    for email, item_name, state in STORIES:
        membership = Membership.objects.filter(organisation=organisation, user__email=email).first()
        item = CompetenceItem.objects.filter(organisation=organisation, name=item_name).first()
        if membership is None or item is None or state == "missing":
            continue
        if isinstance(state, int):
            _qualify(actor, membership, item, state)
        elif state == "exempt":
            exemption_grant(
                actor=actor,
                membership=membership,
                item=item,
                reason="Werkt tijdelijk niet met ECMO (detachering)",
                ends_on=timezone.localdate() + datetime.timedelta(days=120),
            )
        elif state == "suspended":
            _qualify(actor, membership, item, 4)
            competence_suspend(
                actor=actor,
                membership=membership,
                item=item,
                reason="Bekwaamheid opgeschort na melding; herbeoordeling gepland",
            )


def competences_network_demo_load(*, actor_of) -> None:
    """Share one item in a network and let the other hospital adopt and tighten it.

    ``actor_of(organisation)`` names who acts for an organisation."""
    network_slug, owner_slug, name, adopter_slug, tightened_months = SHARED
    owner = Organisation.objects.get(slug=owner_slug)
    adopter = Organisation.objects.get(slug=adopter_slug)
    network = owner.networks.get(slug=network_slug)
    item = CompetenceItem.objects.get(organisation=owner, name=name)
    template = item_share(actor=actor_of(owner), organisation=owner, item=item, network=network)
    existing = CompetenceItem.objects.filter(organisation=adopter, name=name).first()
    if existing is not None:  # the demo catalogue has it too: rename it out of the way
        existing.name = f"{name} (oud)"
        existing.is_active = False
        existing.save(update_fields=["name", "is_active"])
    adopted = item_adopt(actor=actor_of(adopter), organisation=adopter, template=template)
    adopted.validity_months = tightened_months
    adopted.full_clean()
    adopted.save(update_fields=["validity_months"])


# The three functions of learning and development the Groningen convenant introduced (seed
# 003), as function profiles one organisation shares in the network: (name, description,
# [(item, level)]). Items: (name, kind, validity in months, evidence).
LEARNING_ITEMS = {
    "Basistraining werkbegeleiding": (ItemKind.TRAINING, 36, ["elearning", "practical"]),
    "Feedback geven en leerdoelen stellen": (ItemKind.TRAINING, 24, ["practical"]),
    "Coachend begeleiden": (ItemKind.TRAINING, 36, ["certificate"]),
    "Leerklimaat en leerafdeling inrichten": (ItemKind.OTHER, None, ["prior", "certificate"]),
    "Opleiding praktijkexpert (post-hbo)": (ItemKind.TRAINING, None, ["certificate"]),
    "Leerbeleid en opleidingsplan": (ItemKind.OTHER, None, ["prior", "certificate"]),
    "Leerroutes en EVC-procedures": (ItemKind.TRAINING, 36, ["elearning", "prior"]),
}
REQ, REC = RequirementLevel.REQUIRED, RequirementLevel.RECOMMENDED
FUNCTION_PROFILES = (
    (
        "Praktijkexpert / leercoach",
        "Begeleidt collega's en leerlingen op de werkvloer, bewaakt het leerklimaat van de "
        "afdeling en verbindt praktijk en opleiding.",
        (
            ("Opleiding praktijkexpert (post-hbo)", REQ),
            ("Coachend begeleiden", REQ),
            ("Feedback geven en leerdoelen stellen", REQ),
            ("Leerklimaat en leerafdeling inrichten", REC),
        ),
    ),
    (
        "Werkbegeleider",
        "Begeleidt leerlingen en nieuwe collega's in het dagelijkse werk en beoordeelt hun "
        "praktijkopdrachten.",
        (
            ("Basistraining werkbegeleiding", REQ),
            ("Feedback geven en leerdoelen stellen", REQ),
            ("Coachend begeleiden", REC),
        ),
    ),
    (
        "Expert leren en ontwikkeling",
        "Vertaalt de ambities van de organisatie naar leerbeleid, leerroutes en een "
        "opleidingsplan, en adviseert teams over leren in het werk.",
        (
            ("Leerbeleid en opleidingsplan", REQ),
            ("Leerroutes en EVC-procedures", REQ),
            ("Leerklimaat en leerafdeling inrichten", REQ),
            ("Coachend begeleiden", REC),
        ),
    ),
)
# Who shares them, in which network, and who adopts the werkbegeleider and tightens it.
FUNCTION_PROFILES_SHARED = ("leren-is-altijd", "zorggroep-hunzedal", "thuiszorg-eemland")


def competences_function_profiles_demo_load(*, actor_of) -> None:
    """Hunzedal writes the three profiles for its functions and shares them in the Groningen
    network; Eemland adopts the werkbegeleider, makes coaching required and shortens the
    validity of the basic training. Idempotent: left alone once the network holds them."""
    network_slug, owner_slug, adopter_slug = FUNCTION_PROFILES_SHARED
    owner = Organisation.objects.filter(slug=owner_slug).first()
    adopter = Organisation.objects.filter(slug=adopter_slug).first()
    if owner is None or adopter is None:
        return
    network = owner.networks.filter(slug=network_slug).first()
    if network is None:
        return
    if RequirementProfile.network_templates.filter(network=network).exists():
        return
    actor = actor_of(owner)
    items = {}
    for name, (kind, months, evidence) in LEARNING_ITEMS.items():
        items[name], _ = CompetenceItem.objects.get_or_create(
            organisation=owner,
            name=name,
            defaults={"kind": kind, "validity_months": months, "evidence_kinds": evidence},
        )
    for name, description, lines in FUNCTION_PROFILES:
        function, _ = JobFunction.objects.get_or_create(organisation=owner, name=name)
        profile = profile_save(
            actor=actor,
            organisation=owner,
            profile=RequirementProfile(organisation=owner, name=name, description=description),
            functions=[function],
            departments=[],
            items={items[item].pk: level for item, level in lines},
        )
        profile_share(actor=actor, organisation=owner, profile=profile, network=network)
    template = RequirementProfile.network_templates.get(network=network, name="Werkbegeleider")
    adopted = profile_adopt(actor=actor_of(adopter), organisation=adopter, template=template)
    own = {
        item.name: item
        for item in CompetenceItem.objects.filter(organisation=adopter, adopted_from__isnull=False)
    }
    basic = own["Basistraining werkbegeleiding"]
    basic.validity_months = 24
    basic.full_clean()
    basic.save(update_fields=["validity_months"])
    levels = {pi.item_id: pi.level for pi in adopted.profile_items.all()}
    levels[own["Coachend begeleiden"].pk] = REQ
    function, _ = JobFunction.objects.get_or_create(organisation=adopter, name="Werkbegeleider")
    profile_save(
        actor=actor_of(adopter),
        organisation=adopter,
        profile=adopted,
        functions=[function],
        departments=[],
        items=levels,
    )
