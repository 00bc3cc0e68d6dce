"""The dry run: compare the file with the organisation and list what an import would change.

Rules:
- memberships are matched by (organisation, employee number); a member without an employee
  number is matched by e-mail and gets the number from the file;
- people are matched by e-mail across the platform: someone who already works elsewhere keeps
  their account, name and password; their e-mail cannot be changed by one organisation;
- members with an employee number that is not in the file, and no end date, get today as end
  date; nobody is deleted;
- a column that is absent from the file leaves that field as it is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from zorgwijs.organisations.models import Organisation

from .parsing import ParsedFile
from .snapshot import (
    MemberRecord,
    OrgSnapshot,
    department_key,
    snapshot_load,
    users_with_other_organisations,
)
from .validation import ImportRow, RowError, validate_rows

PREVIEW_LIMIT = 200
PROGRESS_EVERY = 2000
MANY_DEACTIVATIONS = 10
NEW = -1  # stands for "a row this import creates" where an id is compared


@dataclass(slots=True)
class PersonCreate:
    row: ImportRow
    user_id: int | None  # an existing account (from another organisation) is reused


@dataclass(slots=True)
class PersonUpdate:
    row: ImportRow
    member: MemberRecord
    changes: dict[str, tuple[str, str]]  # field -> (old, new), as text for people


@dataclass
class HrImportPlan:
    organisation_id: int
    columns: frozenset[str]
    today: datetime.date
    source_name: str = ""
    rows_total: int = 0
    members_before: int = 0  # memberships with an employee number, before the import
    creates: list[PersonCreate] = field(default_factory=list)
    updates: list[PersonUpdate] = field(default_factory=list)
    deactivations: list[MemberRecord] = field(default_factory=list)
    new_departments: list[tuple[str, ...]] = field(default_factory=list)
    new_functions: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    department_ids: dict[tuple[str, ...], int] = field(default_factory=dict)
    function_ids: dict[str, int] = field(default_factory=dict)
    member_ids: dict[str, int] = field(default_factory=dict)  # employee number -> membership

    @property
    def change_count(self) -> int:
        return (
            len(self.creates)
            + len(self.updates)
            + len(self.deactivations)
            + len(self.new_departments)
            + len(self.new_functions)
        )

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows_total,
            "creates": len(self.creates),
            "updates": len(self.updates),
            "deactivations": len(self.deactivations),
            "new_departments": len(self.new_departments),
            "new_functions": len(self.new_functions),
            "errors": len(self.errors),
            "changes": self.change_count,
        }

    def summary(self, limit: int = PREVIEW_LIMIT) -> dict[str, Any]:
        """What the preview page shows, as JSON: counts and the first ``limit`` of each list."""
        return {
            "counts": self.counts(),
            "creates": [_create_json(c) for c in self.creates[:limit]],
            "updates": [_update_json(u) for u in self.updates[:limit]],
            "deactivations": [
                {"employee_number": m.employee_number, "name": m.full_name, "email": m.email}
                for m in self.deactivations[:limit]
            ],
            "new_departments": ["/".join(p) for p in self.new_departments[:limit]],
            "new_functions": self.new_functions[:limit],
            "today": self.today.isoformat(),
            "confirm_deactivations": self.deactivates_many,
        }

    @property
    def deactivates_many(self) -> bool:
        """Ending a tenth or more of the staff is more often a partial export than news."""
        ended = len(self.deactivations)
        return ended >= MANY_DEACTIVATIONS and ended * 10 >= self.members_before

    def errors_json(self) -> list[dict[str, Any]]:
        return [{"row": e.number, "reason": e.reason} for e in self.errors]


def _create_json(create: PersonCreate) -> dict[str, Any]:
    row = create.row
    return {
        "row": row.number,
        "employee_number": row.employee_number,
        "name": row.name,
        "email": row.email,
        "function": row.function,
        "department": "/".join(row.department),
        "manager": row.manager,
        "existing_user": create.user_id is not None,
    }


def _update_json(update: PersonUpdate) -> dict[str, Any]:
    return {
        "row": update.row.number,
        "employee_number": update.row.employee_number,
        "name": update.row.name,
        "changes": [[name, old, new] for name, (old, new) in update.changes.items()],
    }


def hr_import_plan(
    *,
    organisation: Organisation,
    parsed: ParsedFile,
    source_name: str = "",
    today: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> HrImportPlan:
    """Plan an import without changing anything; ``progress(rows_done)`` is called now and then."""
    rows, errors = validate_rows(parsed)
    plan = HrImportPlan(
        organisation_id=organisation.pk,
        columns=parsed.columns,
        today=today or timezone.localdate(),
        source_name=source_name,
        rows_total=len(parsed.rows),
        errors=errors,
    )
    with scope(organisation=organisation.pk):
        snapshot = snapshot_load(organisation=organisation, emails=[r.email for r in rows])
        file_numbers = {r.values.get("employee_number", "") for r in parsed.rows} - {""}
        plan.members_before = len(snapshot.by_number)
        _Planner(plan, snapshot, file_numbers, progress).run(rows)
    plan.errors.sort(key=lambda e: e.number)
    return plan


class _Planner:
    def __init__(
        self,
        plan: HrImportPlan,
        snapshot: OrgSnapshot,
        file_numbers: set[str],
        progress: Callable[[int], None] | None = None,
    ):
        self.plan = plan
        self.progress = progress
        self.snapshot = snapshot
        self.file_numbers = file_numbers
        self.columns = plan.columns
        self.new_department_keys: set[tuple[str, ...]] = set()
        self.new_function_keys: set[str] = set()
        plan.department_ids = dict(snapshot.departments)
        plan.function_ids = dict(snapshot.functions)

    def error(self, row: ImportRow, reason: str) -> None:
        self.plan.errors.append(RowError(row.number, reason))

    def run(self, rows: list[ImportRow]) -> None:
        matched = [(row, member) for row in rows if (member := self.match(row)) is not False]
        self.plan.member_ids = {n: m.id for n, m in self.snapshot.by_number.items()}
        self.plan.member_ids.update(
            (row.employee_number, member.id) for row, member in matched if member is not None
        )
        for index, (row, member) in enumerate(matched, start=1):
            self.plan_row(row, member)
            if self.progress and index % PROGRESS_EVERY == 0:
                self.progress(index)
        self.restrict_shared_people()
        self.plan_deactivations()

    def match(self, row: ImportRow) -> MemberRecord | Literal[False] | None:
        """The membership this row updates, None for a new one, False when the row is wrong."""
        snapshot = self.snapshot
        member = snapshot.by_number.get(row.employee_number)
        holder = snapshot.by_email.get(row.email)
        ok = self.check_manager(row)
        if holder is not None and holder is not member:
            if holder.employee_number or member is not None:
                self.error(
                    row,
                    _(
                        "E-mailadres %(email)s is in deze organisatie al in gebruik bij "
                        "personeelsnummer %(other)s."
                    )
                    % {"email": row.email, "other": holder.employee_number or "—"},
                )
                return False
            member = holder  # a member without an employee number gets one
        elif (
            member is not None
            and row.email != member.email
            and row.email in (snapshot.users_by_email)
        ):
            self.error(
                row,
                _("E-mailadres %(email)s hoort al bij een ander account.") % {"email": row.email},
            )
            return False
        return member if ok else False

    def check_manager(self, row: ImportRow) -> bool:
        if "manager" not in self.columns or not row.manager:
            return True
        if row.manager in self.file_numbers or row.manager in self.snapshot.by_number:
            return True
        self.error(
            row,
            _(
                "Leidinggevende %(number)s staat niet in het bestand en is geen "
                "medewerker van deze organisatie."
            )
            % {"number": row.manager},
        )
        return False

    def plan_row(self, row: ImportRow, member: MemberRecord | None) -> None:
        department_id = self.department_target(row)
        function_id = self.function_target(row)
        if member is None:
            user = self.snapshot.users_by_email.get(row.email)
            self.plan.creates.append(PersonCreate(row, user[0] if user else None))
            return
        changes = self.changes(row, member, department_id, function_id)
        if changes:
            self.plan.updates.append(PersonUpdate(row, member, changes))

    def department_target(self, row: ImportRow) -> int | None:
        if "department" not in self.columns or not row.department:
            return None
        key = department_key(row.department)
        for depth in range(1, len(key) + 1):
            prefix = key[:depth]
            if prefix not in self.plan.department_ids and prefix not in self.new_department_keys:
                self.new_department_keys.add(prefix)
                self.plan.new_departments.append(row.department[:depth])
        return self.plan.department_ids.get(key, NEW)

    def function_target(self, row: ImportRow) -> int | None:
        if "function" not in self.columns or not row.function:
            return None
        key = row.function.casefold()
        if key not in self.plan.function_ids and key not in self.new_function_keys:
            self.new_function_keys.add(key)
            self.plan.new_functions.append(row.function)
        return self.plan.function_ids.get(key, NEW)

    def manager_target(self, row: ImportRow) -> int | None:
        if not row.manager:
            return None
        return self.plan.member_ids.get(row.manager, NEW)

    def changes(
        self,
        row: ImportRow,
        member: MemberRecord,
        department_id: int | None,
        function_id: int | None,
    ) -> dict[str, tuple[str, str]]:
        snapshot, columns = self.snapshot, self.columns
        changes: dict[str, tuple[str, str]] = {}
        if member.employee_number != row.employee_number:
            changes["employee_number"] = (member.employee_number, row.employee_number)
        if member.full_name != row.name:
            changes["full_name"] = (member.full_name, row.name)
        if member.email != row.email:
            changes["email"] = (member.email, row.email)
        if "function" in columns and member.job_function_id != function_id:
            changes["job_function"] = (
                snapshot.function_labels.get(member.job_function_id, ""),
                row.function,
            )
        if "department" in columns and member.department_id != department_id:
            changes["department"] = (
                snapshot.department_labels.get(member.department_id, ""),
                "/".join(row.department),
            )
        if "manager" in columns and member.line_manager_id != self.manager_target(row):
            current = snapshot.by_id.get(member.line_manager_id)
            changes["line_manager"] = (current.employee_number if current else "", row.manager)
        for name in ("start_date", "end_date"):
            old, new = getattr(member, name), getattr(row, name)
            if name in columns and old != new:
                changes[name] = (old.isoformat() if old else "", new.isoformat() if new else "")
        return changes

    def restrict_shared_people(self) -> None:
        """People who also work elsewhere keep their name; their e-mail is not ours to change."""
        personal = [u for u in self.plan.updates if {"full_name", "email"} & u.changes.keys()]
        if not personal:
            return
        shared = users_with_other_organisations(
            organisation=self.snapshot.organisation, user_ids=[u.member.user_id for u in personal]
        )
        for update in personal:
            if update.member.user_id not in shared:
                continue
            if "email" in update.changes:
                self.error(
                    update.row,
                    _(
                        "%(name)s werkt ook bij een andere organisatie; het "
                        "e-mailadres kan daarom niet via deze import worden "
                        "gewijzigd."
                    )
                    % {"name": update.member.full_name},
                )
            update.changes.pop("full_name", None)
        self.plan.updates = [
            u
            for u in self.plan.updates
            if u.changes and not (u.member.user_id in shared and "email" in u.changes)
        ]

    def plan_deactivations(self) -> None:
        self.plan.deactivations = [
            m
            for m in self.snapshot.members
            if m.employee_number
            and m.employee_number not in self.file_numbers
            and m.end_date is None
        ]
