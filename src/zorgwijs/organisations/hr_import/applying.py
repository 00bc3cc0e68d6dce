"""Apply a planned HR import: all or nothing, in bulk, with audit entries."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record, record_many
from zorgwijs.organisations.models import Department, JobFunction, Membership, Organisation
from zorgwijs.organisations.services import department_create
from zorgwijs.organisations.signals import announce_membership_changes

from .planning import HrImportPlan, PersonCreate, PersonUpdate
from .snapshot import chunks, department_key

BATCH = 1000
MEMBERSHIP_FIELDS = {
    "employee_number": "employee_number",
    "job_function": "job_function_id",
    "department": "primary_department_id",
    "line_manager": "line_manager_id",
    "start_date": "start_date",
    "end_date": "end_date",
}
USER_FIELDS = {"full_name": "full_name", "email": "email"}


class HrImportPlanError(Exception):
    """The plan has errors or belongs to another organisation; nothing was changed."""


@dataclass(frozen=True)
class HrImportResult:
    counts: dict[str, int]

    @property
    def change_count(self) -> int:
        return self.counts["changes"]


def hr_import_apply(
    *, actor, organisation: Organisation, plan: HrImportPlan, context: AuditContext | None = None
) -> HrImportResult:
    """Apply ``plan`` to ``organisation`` in one transaction; a second run changes nothing."""
    if plan.organisation_id != organisation.pk:
        raise HrImportPlanError("The plan was made for another organisation.")
    if plan.errors:
        raise HrImportPlanError("A plan with errors cannot be applied.")
    if plan.change_count == 0:
        return HrImportResult(plan.counts())
    with scope(organisation=organisation.pk), transaction.atomic():
        applier = _Applier(organisation, plan)
        applier.run()
        announce_membership_changes(organisation, applier.changed_membership_ids())
        _audit(actor=actor, organisation=organisation, plan=plan, context=context)
    return HrImportResult(plan.counts())


class _Applier:
    def __init__(self, organisation: Organisation, plan: HrImportPlan):
        self.organisation = organisation
        self.plan = plan
        self.now = timezone.now()
        self.unlinked: list = []  # new rows whose new manager was not inserted before them

    def run(self) -> None:
        self.create_departments()
        self.create_functions()
        self.create_users()
        self.update_users()
        self.create_memberships()
        self.update_memberships()
        self.link_new_managers()
        self.deactivate()

    def create_departments(self) -> None:
        known: dict[tuple[str, ...], Department] = {}
        for parts in sorted(self.plan.new_departments, key=len):
            key = department_key(parts)
            parent = self._department(key[:-1], known) if len(key) > 1 else None
            known[key] = department_create(
                organisation=self.organisation, name=parts[-1], parent=parent
            )
            self.plan.department_ids[key] = known[key].pk

    def _department(self, key: tuple[str, ...], known: dict) -> Department:
        if key not in known:
            known[key] = Department.objects.get(
                organisation=self.organisation, pk=self.plan.department_ids[key]
            )
        return known[key]

    def create_functions(self) -> None:
        if not self.plan.new_functions:
            return
        JobFunction.objects.bulk_create(
            [JobFunction(organisation=self.organisation, name=n) for n in self.plan.new_functions],
            batch_size=BATCH,
        )
        for pk, name in JobFunction.objects.filter(organisation=self.organisation).values_list(
            "id", "name"
        ):
            self.plan.function_ids[name.casefold()] = pk

    def create_users(self) -> None:
        user_model = get_user_model()
        new = [c for c in self.plan.creates if c.user_id is None]
        users = []
        for create in new:
            # They sign in via a reset link or SSO. Like set_unusable_password(), without its
            # get_random_string(), which costs seconds for 20,000 people.
            password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
            users.append(
                user_model(email=create.row.email, full_name=create.row.name, password=password)
            )
        user_model.objects.bulk_create(users, batch_size=BATCH)
        ids = _ids_by_email(user_model, [u.email for u in users if u.pk is None])
        for create, user in zip(new, users, strict=True):
            create.user_id = user.pk or ids[user.email]

    def update_users(self) -> None:
        user_model = get_user_model()
        changed = [u for u in self.plan.updates if USER_FIELDS.keys() & u.changes.keys()]
        fields = sorted({USER_FIELDS[f] for u in changed for f in u.changes if f in USER_FIELDS})
        users = [
            user_model(pk=u.member.user_id, full_name=u.row.name, email=u.row.email)
            for u in changed
        ]
        if users:
            user_model.objects.bulk_update(users, fields, batch_size=BATCH)

    def create_memberships(self) -> None:
        """Insert managers before their reports, so each row gets its line manager at once."""
        ids = self.plan.member_ids
        for level in _levels(self.plan.creates):
            memberships = [self._new_membership(c) for c in level]
            Membership.objects.bulk_create(memberships, batch_size=BATCH)
            if any(m.pk is None for m in memberships):  # backends without RETURNING
                ids.update(self._number_ids([m.employee_number for m in memberships]))
            else:
                ids.update((m.employee_number, m.pk) for m in memberships)

    def _number_ids(self, numbers: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in chunks(numbers):
            found.update(
                Membership.objects.filter(organisation=self.organisation, employee_number__in=chunk)
                .order_by()
                .values_list("employee_number", "id")
            )
        return found

    def _new_membership(self, create: PersonCreate) -> Membership:
        row, columns = create.row, self.plan.columns
        if row.manager and row.manager not in self.plan.member_ids:
            self.unlinked.append(row)
        assert create.user_id is not None, "create_users gave every new person an account"
        membership = Membership(
            organisation=self.organisation,
            user_id=create.user_id,
            employee_number=row.employee_number,
            start_date=row.start_date,
            end_date=row.end_date,
            line_manager_id=self.plan.member_ids.get(row.manager),
        )
        if "function" in columns:
            membership.job_function_id = self._function_id(row.function)
        if "department" in columns:
            membership.primary_department_id = self._department_id(row.department)
        return membership

    def _function_id(self, name: str) -> int | None:
        return self.plan.function_ids[name.casefold()] if name else None

    def _department_id(self, parts: tuple[str, ...]) -> int | None:
        return self.plan.department_ids[department_key(parts)] if parts else None

    def update_memberships(self) -> None:
        """Changed fields of existing members: one UPDATE per field and new value.

        Django's ``bulk_update`` builds a CASE expression per row in Python, which takes
        seconds for thousands of rows; HR changes share values (a department, a function, a
        manager, a date), so grouping by value needs far fewer, cheaper statements.
        """
        groups: dict[tuple[str, Any], list[int]] = defaultdict(list)
        for update in self.plan.updates:
            for name in update.changes.keys() & MEMBERSHIP_FIELDS.keys():
                groups[(MEMBERSHIP_FIELDS[name], self._new_value(name, update.row))].append(
                    update.member.id
                )
        for (column, value), ids in groups.items():
            for chunk in chunks(ids):
                Membership.objects.filter(organisation=self.organisation, pk__in=chunk).update(
                    **{column: value, "updated_at": self.now}
                )

    def link_new_managers(self) -> None:
        """Managers that did not exist yet when their reports were inserted (a cycle)."""
        groups: dict[int, list[int]] = defaultdict(list)
        for row in self.unlinked:
            groups[self.plan.member_ids[row.manager]].append(
                self.plan.member_ids[row.employee_number]
            )
        for manager_id, ids in groups.items():
            for chunk in chunks(ids):
                Membership.objects.filter(organisation=self.organisation, pk__in=chunk).update(
                    line_manager_id=manager_id, updated_at=self.now
                )

    def changed_membership_ids(self) -> list[int]:
        """New members and members whose function or department changed."""
        new = [self.plan.member_ids[c.row.employee_number] for c in self.plan.creates]
        moved = [
            u.member.id
            for u in self.plan.updates
            if u.changes.keys() & {"job_function", "department"}
        ]
        return new + moved

    def deactivate(self) -> None:
        ids = [m.id for m in self.plan.deactivations]
        for chunk in chunks(ids):
            Membership.objects.filter(organisation=self.organisation, pk__in=chunk).update(
                end_date=self.plan.today, updated_at=self.now
            )

    def _new_value(self, name: str, row) -> Any:
        if name == "job_function":
            return self._function_id(row.function)
        if name == "department":
            return self._department_id(row.department)
        if name == "line_manager":
            return self.plan.member_ids[row.manager] if row.manager else None
        return getattr(row, name)


def _levels(creates: list[PersonCreate]) -> list[list[PersonCreate]]:
    """New memberships by depth below a manager who already exists (or none): top first.

    In a cycle of new people the first one reached starts at the top; ``link_new_managers``
    sets its manager afterwards.
    """
    new = {c.row.employee_number: c for c in creates}
    levels: dict[str, int] = {}
    for create in creates:
        chain: list[str] = []
        number = create.row.employee_number
        while number in new and number not in levels and number not in chain:
            chain.append(number)
            number = new[number].row.manager
        level = levels.get(number, -1) if number not in chain else -1
        for member in reversed(chain):
            level += 1
            levels[member] = level
    grouped: dict[int, list[PersonCreate]] = defaultdict(list)
    for create in creates:
        grouped[levels[create.row.employee_number]].append(create)
    return [grouped[level] for level in sorted(grouped)]


def _ids_by_email(user_model, emails: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in chunks(emails):
        ids.update(user_model.objects.filter(email__in=chunk).values_list("email", "id"))
    return ids


def _person(user_id: int | None, name: str, email: str):
    """A stand-in User for the audit label, so auditing needs no query per person."""
    return get_user_model()(pk=user_id, full_name=name, email=email)


def _audit(
    *, actor, organisation: Organisation, plan: HrImportPlan, context: AuditContext | None = None
) -> None:
    common: dict[str, Any] = {
        "kind": "change",
        "actor": actor,
        "organisation": organisation,
        "context": context,
    }
    record(
        "organisations.hr_import.applied",
        data={"file": plan.source_name, **plan.counts()},
        **common,
    )
    record_many(
        "organisations.membership.imported",
        subjects=[_person(c.user_id, c.row.name, c.row.email) for c in plan.creates],
        data={"fields": ["created"]},
        **common,
    )
    for fields, people in _updates_by_fields(plan.updates).items():
        record_many(
            "organisations.membership.import_updated",
            subjects=people,
            data={"fields": list(fields)},
            **common,
        )
    record_many(
        "organisations.membership.import_ended",
        subjects=[_person(m.user_id, m.full_name, m.email) for m in plan.deactivations],
        data={"end_date": plan.today.isoformat()},
        **common,
    )


def _updates_by_fields(updates: Iterable[PersonUpdate]) -> dict[tuple[str, ...], list]:
    groups: dict[tuple[str, ...], list] = defaultdict(list)
    for update in updates:
        groups[tuple(sorted(update.changes))].append(
            _person(update.member.user_id, update.row.name, update.row.email)
        )
    return groups
