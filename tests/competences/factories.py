from __future__ import annotations

import factory
from django_scopes import scope, scopes_disabled
from factory.django import DjangoModelFactory

from zorgwijs.competences.models import (
    AuthorisedAssessor,
    CompetenceItem,
    EvidenceKind,
    ItemKind,
    ProfileItem,
    RequirementProfile,
    RiskProfile,
)
from zorgwijs.competences.requirements import requirements_refresh


class DeviceFactory(DjangoModelFactory):
    class Meta:
        model = CompetenceItem

    kind = ItemKind.DEVICE
    name = factory.Sequence(lambda n: f"Infuuspomp type {n}")
    risk_profile = RiskProfile.HIGH
    validity_months = 12
    warning_days = 30
    evidence_kinds = [EvidenceKind.ELEARNING, EvidenceKind.PRACTICAL]


def required_device(world, name: str, departments, *, profile: str = "Iedereen") -> CompetenceItem:
    """A device of organisation A that a requirement profile makes required for everyone in
    ``departments``; requirements are refreshed, so the passport lines exist."""
    with scopes_disabled():
        device = DeviceFactory(organisation=world.org_a, name=name)
        requirement = RequirementProfile.objects.create(organisation=world.org_a, name=profile)
        requirement.departments.add(*departments)
        ProfileItem.objects.create(profile=requirement, item=device)
    with scope(organisation=world.org_a.pk):
        requirements_refresh(organisation=world.org_a)
    return device


def authorised_assessor(membership, item: CompetenceItem) -> AuthorisedAssessor:
    """Name ``membership`` assessor for ``item`` (what a coordinator does on the item's
    assessors page), for fixtures that register practical assessments."""
    with scopes_disabled():
        return AuthorisedAssessor.objects.create(
            organisation_id=membership.organisation_id, membership=membership, item=item
        )
