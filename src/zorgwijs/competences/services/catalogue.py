"""Services for the catalogue and requirement profiles (coordinator screens).

Saving a profile re-derives the requirements of the organisation's members at once, so a
change in a profile shows up in every passport immediately.
"""

from __future__ import annotations

from django.db import transaction

from zorgwijs.audit.services import record as audit
from zorgwijs.organisations.models import Organisation

from ..models import CompetenceItem, PassportLine, ProfileItem, RequirementProfile
from ..requirements import requirements_refresh
from ..standing import expiring_from, recency_refresh


@transaction.atomic
def item_save(
    *, actor, organisation: Organisation, item: CompetenceItem, request=None
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
        request=request,
        data={"name": item.name},
    )
    return item


def _rewarn(item: CompetenceItem) -> None:
    lines = list(PassportLine.objects.filter(item=item, valid_until__isnull=False))
    for line in lines:
        line.expiring_from = expiring_from(line.valid_until, item.warning_days)
    PassportLine.objects.bulk_update(lines, ["expiring_from"], batch_size=1000)


@transaction.atomic
def profile_save(
    *,
    actor,
    organisation: Organisation,
    profile: RequirementProfile,
    functions,
    departments,
    items: dict[int, str],
    request=None,
) -> RequirementProfile:
    """Save a profile with its functions, departments and items ({item id: level})."""
    creating = profile.pk is None
    profile.organisation = organisation
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
    audit(
        f"competences.profile.{'created' if creating else 'changed'}",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=profile,
        request=request,
        data={"name": profile.name, "items": len(items), "lines_changed": changed},
    )
    return profile
