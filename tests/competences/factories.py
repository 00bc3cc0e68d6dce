from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from zorgwijs.competences.models import CompetenceItem, EvidenceKind, ItemKind, RiskProfile


class DeviceFactory(DjangoModelFactory):
    class Meta:
        model = CompetenceItem

    kind = ItemKind.DEVICE
    name = factory.Sequence(lambda n: f"Infuuspomp type {n}")
    risk_profile = RiskProfile.HIGH
    validity_months = 12
    warning_days = 30
    evidence_kinds = [EvidenceKind.ELEARNING, EvidenceKind.PRACTICAL]
