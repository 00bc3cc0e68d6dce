"""The organisation's current people and structure, loaded once into dictionaries.

Planning compares 20,000 rows against these maps instead of querying per row.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled

from zorgwijs.organisations.models import Department, JobFunction, Membership, Organisation

CHUNK = 900  # stays below SQLite's limit on query parameters


@dataclass(slots=True)
class MemberRecord:
    id: int
    employee_number: str
    user_id: int
    email: str
    full_name: str
    job_function_id: int | None
    department_id: int | None
    line_manager_id: int | None
    start_date: datetime.date | None
    end_date: datetime.date | None


@dataclass
class OrgSnapshot:
    organisation: Organisation
    members: list[MemberRecord]
    by_number: dict[str, MemberRecord] = field(default_factory=dict)
    by_email: dict[str, MemberRecord] = field(default_factory=dict)
    # Keyed by id; looked up with a member's optional reference, where None finds nothing.
    by_id: dict[int | None, MemberRecord] = field(default_factory=dict)
    users_by_email: dict[str, tuple[int, str]] = field(default_factory=dict)
    departments: dict[tuple[str, ...], int] = field(default_factory=dict)
    department_labels: dict[int | None, str] = field(default_factory=dict)
    functions: dict[str, int] = field(default_factory=dict)
    function_labels: dict[int | None, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for member in self.members:
            self.by_id[member.id] = member
            self.by_email[member.email] = member
            if member.employee_number:
                self.by_number[member.employee_number] = member


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def department_key(parts: Iterable[str]) -> tuple[str, ...]:
    return tuple(part.casefold() for part in parts)


def snapshot_load(*, organisation: Organisation, emails: Iterable[str]) -> OrgSnapshot:
    snapshot = OrgSnapshot(organisation=organisation, members=_members(organisation))
    wanted = sorted(set(emails) - snapshot.by_email.keys())
    snapshot.users_by_email = _users_by_email(wanted)
    for member in snapshot.members:
        snapshot.users_by_email[member.email] = (member.user_id, member.full_name)
    _load_departments(snapshot)
    _load_functions(snapshot)
    return snapshot


def _members(organisation: Organisation) -> list[MemberRecord]:
    rows = (
        Membership.objects.filter(organisation=organisation)
        .order_by()
        .values_list(
            "id",
            "employee_number",
            "user_id",
            "user__email",
            "user__full_name",
            "job_function_id",
            "primary_department_id",
            "line_manager_id",
            "start_date",
            "end_date",
        )
    )
    return [MemberRecord(*row) for row in rows.iterator(chunk_size=2000)]


def _users_by_email(emails: list[str]) -> dict[str, tuple[int, str]]:
    users: dict[str, tuple[int, str]] = {}
    user_model = get_user_model()
    for chunk in chunks(emails):
        for pk, email, name in user_model.objects.filter(email__in=chunk).values_list(
            "id", "email", "full_name"
        ):
            users[email] = (pk, name)
    return users


def _load_departments(snapshot: OrgSnapshot) -> None:
    nodes = {
        pk: (parent_id, name)
        for pk, parent_id, name in Department.objects.filter(organisation=snapshot.organisation)
        .order_by()
        .values_list("id", "parent_id", "name")
    }
    names: dict[int, tuple[str, ...]] = {}

    def names_of(pk: int) -> tuple[str, ...]:
        if pk not in names:
            parent_id, name = nodes[pk]
            names[pk] = (names_of(parent_id) if parent_id in nodes else ()) + (name,)
        return names[pk]

    for pk in nodes:
        snapshot.departments[department_key(names_of(pk))] = pk
        snapshot.department_labels[pk] = "/".join(names_of(pk))


def _load_functions(snapshot: OrgSnapshot) -> None:
    for pk, name in JobFunction.objects.filter(organisation=snapshot.organisation).values_list(
        "id", "name"
    ):
        snapshot.functions[name.casefold()] = pk
        snapshot.function_labels[pk] = name


def users_with_other_organisations(
    *, organisation: Organisation, user_ids: Iterable[int]
) -> set[int]:
    """Which of these people also work elsewhere: their name and e-mail are not ours to change.

    Only existence is asked across organisations, never the other organisation's data.
    """
    found: set[int] = set()
    with scopes_disabled():
        for chunk in chunks(sorted(set(user_ids))):
            found.update(
                Membership.objects.filter(user_id__in=chunk)
                .exclude(organisation=organisation)
                .order_by()
                .values_list("user_id", flat=True)
            )
    return found
