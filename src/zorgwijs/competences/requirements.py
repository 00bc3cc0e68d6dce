"""Which items each member must (or should) be competent in.

A member's requirements are the union of the active profiles that match their membership
plus their individual requirements; "required" wins over "recommended". The result is kept on
``PassportLine.level``. Lines are never deleted when a requirement goes away (the records and
standing stay visible in the history); only their level is cleared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from zorgwijs.organisations.models import Membership, Organisation

from .models import IndividualRequirement, PassportLine, RequirementLevel, RequirementProfile

REQUIRED = RequirementLevel.REQUIRED


@dataclass(frozen=True)
class ProfileRule:
    function_ids: frozenset[int]
    department_paths: tuple[str, ...]
    items: dict[int, str]  # item id -> level

    def matches(self, function_id: int | None, department_paths: list[str]) -> bool:
        if not self.function_ids and not self.department_paths:
            return False
        if self.function_ids and function_id not in self.function_ids:
            return False
        if self.department_paths:
            return any(p.startswith(d) for p in department_paths for d in self.department_paths)
        return True


def profile_rules(organisation: Organisation) -> list[ProfileRule]:
    profiles = RequirementProfile.objects.filter(
        organisation=organisation, is_active=True
    ).prefetch_related("functions", "departments", "profile_items")
    return [
        ProfileRule(
            function_ids=frozenset(f.pk for f in profile.functions.all()),
            department_paths=tuple(d.path for d in profile.departments.all()),
            items={pi.item_id: pi.level for pi in profile.profile_items.all()},
        )
        for profile in profiles
    ]


def _merge(target: dict[int, str], items: dict[int, str]) -> None:
    for item_id, level in items.items():
        if target.get(item_id) != REQUIRED:
            target[item_id] = level


def requirements_of(
    membership: Membership, rules: list[ProfileRule], individual: dict[int, str]
) -> dict[int, str]:
    paths = [d.path for d in _departments(membership)]
    wanted: dict[int, str] = {}
    for rule in rules:
        if rule.matches(membership.job_function_id, paths):
            _merge(wanted, rule.items)
    _merge(wanted, individual)
    return wanted


def _departments(membership: Membership) -> list:
    primary = [membership.primary_department] if membership.primary_department else []
    return primary + list(membership.extra_departments.all())


@transaction.atomic
def requirements_refresh(
    *, organisation: Organisation, memberships: Iterable[Membership] | None = None
) -> int:
    """Bring PassportLine.level in line with profiles for some or all members.

    Returns the number of lines created or changed. Runs in a handful of queries per
    thousand members, so HR imports and profile edits can call it for everyone.
    """
    if memberships is None:
        memberships = Membership.objects.filter(organisation=organisation)
    members = list(
        Membership.objects.filter(pk__in=[m.pk for m in memberships])
        .select_related("primary_department")
        .prefetch_related("extra_departments")
    )
    rules = profile_rules(organisation)
    individual: dict[int, dict[int, str]] = {}
    for req in IndividualRequirement.objects.filter(
        organisation=organisation, membership__in=members
    ):
        individual.setdefault(req.membership_id, {})[req.item_id] = req.level
    changed = 0
    for chunk_start in range(0, len(members), 2000):
        chunk = members[chunk_start : chunk_start + 2000]
        changed += _refresh_chunk(organisation, chunk, rules, individual)
    return changed


def _refresh_chunk(organisation, members, rules, individual) -> int:
    lines_of: dict[int, dict[int, PassportLine]] = {}
    for line in PassportLine.objects.filter(organisation=organisation, membership__in=members):
        lines_of.setdefault(line.membership_id, {})[line.item_id] = line
    to_create: list[PassportLine] = []
    to_update: list[PassportLine] = []
    for member in members:
        wanted = requirements_of(member, rules, individual.get(member.pk, {}))
        lines = lines_of.get(member.pk, {})
        for item_id, level in wanted.items():
            current = lines.get(item_id)
            if current is None:
                to_create.append(
                    PassportLine(
                        organisation=organisation, membership=member, item_id=item_id, level=level
                    )
                )
            elif current.level != level:
                current.level = level
                to_update.append(current)
        for item_id, existing in lines.items():
            if item_id not in wanted and existing.level:
                existing.level = ""
                to_update.append(existing)
    PassportLine.objects.bulk_create(to_create, batch_size=2000)
    PassportLine.objects.bulk_update(to_update, ["level"], batch_size=2000)
    return len(to_create) + len(to_update)
