"""Generate competence data at scale for benchmarks: ~60 items, ~25 requirements a person,
a few years of history. Records are bulk-inserted and the passport lines derived from them
with the same fold as the services use, so the data is consistent, only faster to make."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.utils import timezone

from zorgwijs.lib.dates import add_months
from zorgwijs.organisations.models import Department, JobFunction, Organisation

from .catalogue import catalogue_install_defaults
from .models import (
    CompetenceItem,
    CompetenceRecord,
    EvidenceKind,
    ItemKind,
    PassportLine,
    ProfileItem,
    RecordKind,
    RequirementProfile,
    RiskProfile,
)
from .requirements import requirements_refresh
from .standing import standing_apply, standing_from_records

DEVICE_TYPES = (
    "Infuuspomp",
    "Spuitpomp",
    "Beademingsapparaat",
    "Defibrillator",
    "Dialyseapparaat",
    "Bewakingsmonitor",
    "Elektrochirurgie",
    "Anesthesietoestel",
    "Bloedgasanalyser",
    "Echoapparaat",
    "Hypothermiesysteem",
    "Pacemaker extern",
)
MODELS = ("type A", "type B", "type C")


def competences_scale_load(*, organisation: Organisation, actor, seed: int = 1) -> dict:
    rng = random.Random(seed)
    catalogue_install_defaults(actor=actor, organisation=organisation)
    _devices(organisation, rng)
    _profiles(organisation, rng)
    requirements_refresh(organisation=organisation)
    records = _history(organisation, actor, rng)
    return {
        "items": CompetenceItem.objects.filter(organisation=organisation).count(),
        "lines": PassportLine.objects.filter(organisation=organisation).count(),
        "records": records,
    }


def _devices(organisation, rng) -> None:
    CompetenceItem.objects.bulk_create(
        CompetenceItem(
            organisation=organisation,
            kind=ItemKind.DEVICE,
            name=f"{device} {model}",
            validity_months=rng.choice((12, 24, 36)),
            risk_profile=rng.choice(
                (RiskProfile.HIGH, RiskProfile.HIGH, RiskProfile.MEDIUM, RiskProfile.LOW)
            ),
            warning_days=60,
            evidence_kinds=[EvidenceKind.ELEARNING, EvidenceKind.PRACTICAL],
        )
        for device in DEVICE_TYPES
        for model in MODELS
    )


def _profile(organisation, name, items, *, functions=(), departments=()) -> None:
    profile = RequirementProfile.objects.create(organisation=organisation, name=name)
    profile.functions.set(functions)
    profile.departments.set(departments)
    ProfileItem.objects.bulk_create(ProfileItem(profile=profile, item=i) for i in items)


def _profiles(organisation, rng) -> None:
    items = list(CompetenceItem.objects.filter(organisation=organisation))
    by_kind = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item)
    departments = list(Department.objects.filter(organisation=organisation))
    top = [d for d in departments if d.parent_id is None]
    _profile(organisation, "Alle medewerkers", by_kind[ItemKind.TRAINING], departments=top)
    for department in departments:
        count = 10 if department.parent_id is None else 5
        _profile(
            organisation,
            f"Afdeling {department.name}",
            rng.sample(by_kind[ItemKind.DEVICE], count),
            departments=[department],
        )
    procedures = by_kind[ItemKind.RESERVED] + by_kind[ItemKind.RISKY]
    for function in JobFunction.objects.filter(organisation=organisation):
        _profile(
            organisation,
            f"Functie {function.name}",
            rng.sample(procedures, 5),
            functions=[function],
        )


def _history(organisation, actor, rng) -> int:
    today = timezone.localdate()
    lines = list(
        PassportLine.objects.filter(organisation=organisation, level="required").select_related(
            "item", "membership"
        )
    )
    records: list[CompetenceRecord] = []
    for line in lines:
        records += _line_records(line, actor, rng, today)
    CompetenceRecord.objects.bulk_create(records, batch_size=5000)
    by_line = defaultdict(list)
    for record in records:
        by_line[(record.person_id, record.item_id)].append(record)
    # Lines are derived data: rebuilding them in one insert is far faster than an UPDATE each.
    PassportLine.objects.filter(organisation=organisation).delete()
    for line in lines:
        standing = standing_from_records(by_line.get((line.membership.user_id, line.item_id), []))
        line.pk = None
        standing_apply(line, standing, line.item)
    PassportLine.objects.bulk_create(lines, batch_size=5000)
    return len(records)


def _line_records(line, actor, rng, today) -> list[CompetenceRecord]:
    """1–4 certifications over the last four years; ~6% never qualified."""
    if rng.random() < 0.06:
        return []
    months = line.item.validity_months or 36
    day = today - datetime.timedelta(days=rng.randint(0, 4 * 365))
    records = []
    while day <= today:
        records.append(
            CompetenceRecord(
                organisation_id=line.organisation_id,
                person_id=line.membership.user_id,
                item_id=line.item_id,
                kind=RecordKind.QUALIFICATION,
                occurred_on=day,
                valid_until=add_months(day, months),
                evidence_kind=EvidenceKind.PRACTICAL,
                registered_by=actor,
                source="scale",
            )
        )
        # Most people re-certify a little before expiry, some a little after.
        day = add_months(day, months) + datetime.timedelta(days=rng.randint(-60, 25))
    return records
