"""Services for the catalogue and requirement profiles (coordinator screens).

Saving a profile re-derives the requirements of the organisation's members at once, so a
change in a profile shows up in every passport immediately.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.organisations.models import Membership, Organisation

from ..models import (
    CompetenceItem,
    PassportLine,
    ProfileItem,
    RequirementLevel,
    RequirementProfile,
)
from ..network_catalogue import profile_tightening_errors
from ..requirements import requirements_refresh
from ..signals import announce
from ..standing import expiring_from, recency_refresh

if TYPE_CHECKING:
    from collections.abc import Iterable

    from zorgwijs.accounts.models import User
    from zorgwijs.organisations.models import Department, JobFunction


@transaction.atomic
def item_save(
    *,
    actor: User,
    organisation: Organisation,
    item: CompetenceItem,
    context: AuditContext | None = None,
) -> CompetenceItem:
    """Create or update a catalogue item; a new warning window re-dates the passport lines."""
    creating = item.pk is None
    before = None if creating else CompetenceItem.objects.get(pk=item.pk)
    item.organisation = organisation
    item.full_clean()
    item.save()
    if before is not None:
        _rewarn(item)
        if (before.recency_count, before.recency_months) != (
            item.recency_count,
            item.recency_months,
        ):
            recency_refresh(item)
    audit(
        f"competences.item.{'created' if creating else 'changed'}",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=item,
        context=context,
        data={"name": item.name},
    )
    return item


def _rewarn(item: CompetenceItem) -> None:
    lines = list(PassportLine.objects.filter(item=item, valid_until__isnull=False))
    for line in lines:
        line.expiring_from = expiring_from(line.valid_until, item.warning_days)
    PassportLine.objects.bulk_update(lines, ["expiring_from"], batch_size=1000)


def _required_pairs(organisation: Organisation, item_ids: set[int]) -> set[tuple[int, int]]:
    """(membership, item) of the required lines of these items: what a profile decides."""
    return set(
        PassportLine.objects.filter(
            organisation=organisation, level=RequirementLevel.REQUIRED, item_id__in=item_ids
        ).values_list("membership_id", "item_id")
    )


@dataclass(frozen=True)
class ProfileEffect:
    """What saving a profile does to people's requirements."""

    added: dict[int, int]  # membership id -> how many items became required
    removed: dict[int, int]  # membership id -> how many are no longer required
    lines_changed: int

    @property
    def people_added(self) -> int:
        return len(self.added)

    @property
    def items_added(self) -> int:
        return sum(self.added.values())

    @property
    def people_removed(self) -> int:
        return len(self.removed)


def _apply(
    *,
    organisation: Organisation,
    profile: RequirementProfile,
    functions: Iterable[JobFunction],
    departments: Iterable[Department],
    items: dict[int, str],
) -> ProfileEffect:
    concerned = set(items) | set(
        ProfileItem.objects.filter(profile_id=profile.pk).values_list("item_id", flat=True)
        if profile.pk
        else []
    )
    before = _required_pairs(organisation, concerned)
    profile.organisation = organisation
    loosened = profile_tightening_errors(profile, items)
    if loosened:
        raise ValidationError(loosened)
    profile.full_clean()
    profile.save()
    profile.functions.set(functions)
    profile.departments.set(departments)
    ProfileItem.objects.filter(profile=profile).exclude(item_id__in=items).delete()
    existing = {pi.item_id: pi for pi in ProfileItem.objects.filter(profile=profile)}
    for item_id, level in items.items():
        current = existing.get(item_id)
        if current is None:
            ProfileItem.objects.create(profile=profile, item_id=item_id, level=level)
        elif current.level != level:
            current.level = level
            current.save(update_fields=["level"])
    changed = requirements_refresh(organisation=organisation)
    after = _required_pairs(organisation, concerned)
    return ProfileEffect(
        added=dict(Counter(m for m, _ in after - before)),
        removed=dict(Counter(m for m, _ in before - after)),
        lines_changed=changed,
    )


def profile_preview(
    *,
    organisation: Organisation,
    profile: RequirementProfile,
    functions: Iterable[JobFunction],
    departments: Iterable[Department],
    items: dict[int, str],
) -> ProfileEffect:
    """What ``profile_save`` would do, without doing it: the same work in a transaction that
    is rolled back, so the answer cannot differ from what saving does."""
    with transaction.atomic():
        effect = _apply(
            organisation=organisation,
            profile=profile,
            functions=functions,
            departments=departments,
            items=items,
        )
        transaction.set_rollback(True)
    return effect


@transaction.atomic
def profile_save(
    *,
    actor: User,
    organisation: Organisation,
    profile: RequirementProfile,
    functions: Iterable[JobFunction],
    departments: Iterable[Department],
    items: dict[int, str],
    context: AuditContext | None = None,
) -> RequirementProfile:
    """Save a profile with its functions, departments and items ({item id: level}); the
    people who get new requirements from it are told (once, after the commit)."""
    creating = profile.pk is None
    effect = _apply(
        organisation=organisation,
        profile=profile,
        functions=functions,
        departments=departments,
        items=items,
    )
    audit(
        f"competences.profile.{'created' if creating else 'changed'}",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=profile,
        context=context,
        data={
            "name": profile.name,
            "items": len(items),
            "lines_changed": effect.lines_changed,
            "people_with_new_requirements": effect.people_added,
        },
    )
    users = (
        Membership.objects.active()
        .filter(pk__in=list(effect.added))
        .values_list("user_id", flat=True)
    )
    announce(kind="profile.requirements_added", obj=profile, actor=actor, recipient_ids=list(users))
    return profile
