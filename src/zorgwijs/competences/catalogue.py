"""Ready catalogues: the 14 reserved procedures of Wet BIG art. 36, common risky procedures
and mandatory trainings. Organisations install them once and edit them as their own."""

from __future__ import annotations

from django.db import transaction

from zorgwijs.audit.services import record as audit
from zorgwijs.organisations.models import Organisation

from .models import CompetenceItem, EvidenceKind, ItemKind, RiskProfile

E = EvidenceKind

# (code, name) — Wet BIG art. 36, the voorbehouden handelingen.
BIG_RESERVED_PROCEDURES: tuple[tuple[str, str], ...] = (
    ("art36-heelkundig", "Heelkundige handelingen"),
    ("art36-verloskundig", "Verloskundige handelingen"),
    ("art36-endoscopie", "Endoscopieën"),
    ("art36-katheterisatie", "Katheterisaties"),
    ("art36-injectie", "Injecties"),
    ("art36-punctie", "Puncties"),
    ("art36-narcose", "Narcose"),
    ("art36-straling", "Handelingen met radioactieve stoffen en ioniserende straling"),
    ("art36-cardioversie", "Electieve cardioversie"),
    ("art36-defibrillatie", "Defibrillatie"),
    ("art36-ect", "Elektroconvulsieve therapie"),
    ("art36-steenvergruizing", "Steenvergruizing"),
    ("art36-fertilisatie", "Kunstmatige fertilisatie"),
    ("art36-ur-geneesmiddelen", "Voorschrijven van UR-geneesmiddelen"),
)

RISKY_PROCEDURES: tuple[str, ...] = (
    "Inbrengen maagsonde",
    "Complexe wondzorg",
    "Toedienen van medicatie via een centraal veneuze lijn",
    "Tracheacanule verzorgen en uitzuigen",
    "Blaasspoelen",
)

MANDATORY_TRAININGS: tuple[tuple[str, int], ...] = (
    ("BLS / reanimatie", 12),
    ("Brandveiligheid en BHV", 12),
    ("Hygiëne en infectiepreventie", 24),
    ("Medicatieveiligheid", 24),
    ("Tilprotocol", 36),
)


def _defaults() -> list[CompetenceItem]:
    items = [
        CompetenceItem(
            kind=ItemKind.RESERVED,
            name=name,
            big_code=code,
            validity_months=12,
            warning_days=60,
            evidence_kinds=[E.THEORY_TEST, E.PRACTICAL, E.PRIOR_LEARNING],
        )
        for code, name in BIG_RESERVED_PROCEDURES
    ]
    items += [
        CompetenceItem(
            kind=ItemKind.RISKY,
            name=name,
            risk_profile=RiskProfile.MEDIUM,
            validity_months=24,
            evidence_kinds=[E.ELEARNING, E.PRACTICAL],
        )
        for name in RISKY_PROCEDURES
    ]
    items += [
        CompetenceItem(
            kind=ItemKind.TRAINING,
            name=name,
            validity_months=months,
            evidence_kinds=[E.ELEARNING, E.CERTIFICATE, E.PRACTICAL],
        )
        for name, months in MANDATORY_TRAININGS
    ]
    return items


@transaction.atomic
def catalogue_install_defaults(*, actor, organisation: Organisation) -> int:
    """Add the ready catalogue to an organisation; items it already has are left alone."""
    have = set(
        CompetenceItem.objects.filter(organisation=organisation).values_list("name", flat=True)
    )
    new = [item for item in _defaults() if item.name not in have]
    for item in new:
        item.organisation = organisation
    CompetenceItem.objects.bulk_create(new)
    audit(
        "competences.catalogue.installed",
        kind="change",
        actor=actor,
        organisation=organisation,
        data={"items": len(new)},
    )
    return len(new)
