"""Write operations on departments, job functions, memberships and roles, by an actor.

Each service owns its transaction and writes one audit entry (kind "change"); a validation
failure raises Django's ``ValidationError`` and changes nothing. Conflicts with existing data
carry the code "unique" or "conflict" (the API answers those with 409, other errors with 400).
The callers have checked the actor's capability; the services keep every referenced row inside
the same organisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from zorgwijs.accounts.models import User
from zorgwijs.audit.services import record

from . import services as structure
from .models import Department, JobFunction, Membership, Organisation, Role, RoleAssignment
from .signals import announce_membership_changes

MEMBERSHIP_FIELDS = frozenset(
    {
        "employee_number",
        "job_function",
        "primary_department",
        "line_manager",
        "start_date",
        "end_date",
    }
)


def _error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _same_organisation(organisation: Organisation, **objects: Any) -> None:
    for field, value in objects.items():
        values = value if isinstance(value, list | tuple | set) else [value]
        for obj in values:
            if obj is not None and obj.organisation_id != organisation.pk:
                raise _error(field, "Kies iets van dezelfde organisatie.")


def _audit(action: str, *, actor, organisation, obj, request, subject=None, **data: Any) -> None:
    record(
        action,
        kind="change",
        actor=actor,
        organisation=organisation,
        subject=subject,
        obj=obj,
        request=request,
        data=data,
    )


# Departments ----------------------------------------------------------------------------------


def _check_unique_department_name(
    organisation: Organisation, parent: Department | None, name: str, exclude: int | None = None
) -> None:
    # The database constraint cannot see two top-level departments with one name (NULL parent).
    siblings = Department.objects.filter(organisation=organisation, parent=parent, name=name)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude)
    if siblings.exists():
        raise _error("name", "Er is al een afdeling met deze naam op deze plek.", "unique")


@transaction.atomic
def department_add(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    parent: Department | None = None,
    code: str = "",
    request: HttpRequest | None = None,
) -> Department:
    _same_organisation(organisation, parent=parent)
    _check_unique_department_name(organisation, parent, name)
    department = structure.department_create(
        organisation=organisation, name=name, parent=parent, code=code
    )
    _audit(
        "organisations.department.created",
        actor=actor,
        organisation=organisation,
        obj=department,
        request=request,
        name=name,
        parent_id=getattr(parent, "pk", None),
    )
    return department


@transaction.atomic
def department_update(
    *, actor: User, department: Department, request: HttpRequest | None = None, **changes: Any
) -> Department:
    allowed = {"name", "code"}
    changes = {k: v for k, v in changes.items() if k in allowed}
    for field, value in changes.items():
        setattr(department, field, value)
    _check_unique_department_name(
        department.organisation, department.parent, department.name, exclude=department.pk
    )
    department.full_clean(exclude=["path"])
    department.save(update_fields=[*changes] or None)
    _audit(
        "organisations.department.updated",
        actor=actor,
        organisation=department.organisation,
        obj=department,
        request=request,
        fields=sorted(changes),
    )
    return department


@transaction.atomic
def department_relocate(
    *,
    actor: User,
    department: Department,
    parent: Department | None,
    request: HttpRequest | None = None,
) -> Department:
    """Move a department and its subtree under ``parent`` (``None``: to the top level)."""
    organisation = department.organisation
    _same_organisation(organisation, parent=parent)
    if parent is not None and f"/{department.pk}/" in parent.path:
        raise _error("parent", "Een afdeling kan niet onder zichzelf vallen.")
    _check_unique_department_name(organisation, parent, department.name, exclude=department.pk)
    old_parent_id = department.parent_id
    department = structure.department_move(department=department, parent=parent)
    _audit(
        "organisations.department.moved",
        actor=actor,
        organisation=organisation,
        obj=department,
        request=request,
        from_parent_id=old_parent_id,
        to_parent_id=getattr(parent, "pk", None),
    )
    return department


# Job functions --------------------------------------------------------------------------------


@transaction.atomic
def job_function_add(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    code: str = "",
    big_registered: bool = False,
    request: HttpRequest | None = None,
) -> JobFunction:
    function = JobFunction(
        organisation=organisation, name=name, code=code, big_registered=big_registered
    )
    function.full_clean()
    function.save()
    _audit(
        "organisations.job_function.created",
        actor=actor,
        organisation=organisation,
        obj=function,
        request=request,
        name=name,
    )
    return function


@transaction.atomic
def job_function_update(
    *, actor: User, function: JobFunction, request: HttpRequest | None = None, **changes: Any
) -> JobFunction:
    allowed = {"name", "code", "big_registered"}
    changes = {k: v for k, v in changes.items() if k in allowed}
    for field, value in changes.items():
        setattr(function, field, value)
    function.full_clean()
    function.save(update_fields=[*changes] or None)
    _audit(
        "organisations.job_function.updated",
        actor=actor,
        organisation=function.organisation,
        obj=function,
        request=request,
        fields=sorted(changes),
    )
    return function


# Memberships ----------------------------------------------------------------------------------


def _check_employee_number(membership: Membership) -> None:
    if not membership.employee_number:
        return
    taken = Membership.objects.filter(
        organisation_id=membership.organisation_id, employee_number=membership.employee_number
    ).exclude(pk=membership.pk)
    if taken.exists():
        raise _error("employee_number", "Dit personeelsnummer is al in gebruik.", "unique")


def _check_membership_refs(membership: Membership, extra_departments: Iterable[Department]) -> None:
    organisation = membership.organisation
    _same_organisation(
        organisation,
        job_function=membership.job_function,
        primary_department=membership.primary_department,
        line_manager=membership.line_manager,
        extra_departments=list(extra_departments),
    )
    if membership.pk and membership.line_manager_id == membership.pk:
        raise _error("line_manager", "Iemand kan niet zijn eigen leidinggevende zijn.")
    _check_employee_number(membership)


@transaction.atomic
def membership_add(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    full_name: str,
    extra_departments: Sequence[Department] = (),
    request: HttpRequest | None = None,
    **fields: Any,
) -> Membership:
    """Employ a person: an existing account (found by e-mail) or a new one without a password
    (the person signs in with single sign-on or sets a password through "wachtwoord vergeten")."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first()
    already = Membership.objects.filter(organisation=organisation, user=user)
    if user is not None and already.exists():
        raise _error(
            "email", "Deze persoon heeft al een dienstverband bij deze organisatie.", "conflict"
        )
    if user is None:
        user = User(email=email, full_name=full_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    membership = Membership(
        organisation=organisation,
        user=user,
        **{k: v for k, v in fields.items() if k in MEMBERSHIP_FIELDS},
    )
    _check_membership_refs(membership, extra_departments)
    membership.full_clean()
    membership.save()
    membership.extra_departments.set(extra_departments)
    _audit(
        "organisations.membership.created",
        actor=actor,
        organisation=organisation,
        subject=user,
        obj=membership,
        request=request,
    )
    announce_membership_changes(organisation, [membership.pk])
    return membership


@transaction.atomic
def membership_update(
    *,
    actor: User,
    membership: Membership,
    extra_departments: Sequence[Department] | None = None,
    request: HttpRequest | None = None,
    **changes: Any,
) -> Membership:
    changes = {k: v for k, v in changes.items() if k in MEMBERSHIP_FIELDS}
    for field, value in changes.items():
        setattr(membership, field, value)
    _check_membership_refs(membership, extra_departments or ())
    membership.full_clean()
    membership.save()
    changed = sorted(changes)
    if extra_departments is not None:
        membership.extra_departments.set(extra_departments)
        changed.append("extra_departments")
    _audit(
        "organisations.membership.updated",
        actor=actor,
        organisation=membership.organisation,
        subject=membership.user,
        obj=membership,
        request=request,
        fields=changed,
    )
    if set(changed) & {"job_function", "primary_department", "extra_departments"}:
        announce_membership_changes(membership.organisation, [membership.pk])
    return membership


# Roles ----------------------------------------------------------------------------------------


def _describe_roles(assignments: Iterable[RoleAssignment]) -> list[dict[str, Any]]:
    return [
        {"role": a.role, "department_ids": sorted(d.pk for d in a.departments.all())}
        for a in assignments
    ]


def _check_roles(
    membership: Membership, roles: Sequence[tuple[str, Sequence[Department]]], actor: User
) -> None:
    names = [role for role, _ in roles]
    if len(set(names)) != len(names):
        raise _error("roles", "Noem elke rol maar één keer.")
    for role, departments in roles:
        if role not in Role.values:
            raise _error("roles", f"Onbekende rol: {role}.")
        _same_organisation(membership.organisation, departments=list(departments))
        if role == Role.MANAGER and not departments:
            raise _error("department_ids", "Een leidinggevende heeft minstens één afdeling.")
        if role != Role.MANAGER and departments:
            raise _error("department_ids", "Alleen een leidinggevende heeft afdelingen.")
    if membership.user_id == actor.pk and Role.ADMIN not in names:
        had_admin = RoleAssignment.objects.filter(membership=membership, role=Role.ADMIN).exists()
        if had_admin:
            raise _error("roles", "Je kunt je eigen beheerdersrol niet intrekken.", "conflict")


@transaction.atomic
def membership_roles_set(
    *,
    actor: User,
    membership: Membership,
    roles: Sequence[tuple[str, Sequence[Department]]],
    request: HttpRequest | None = None,
) -> list[RoleAssignment]:
    """Replace a member's roles; a manager's role names the departments it covers."""
    _check_roles(membership, roles, actor)
    current = {
        a.role: a
        for a in RoleAssignment.objects.filter(membership=membership).prefetch_related(
            "departments"
        )
    }
    before = _describe_roles(current.values())
    wanted = dict(roles)
    RoleAssignment.objects.filter(membership=membership).exclude(role__in=list(wanted)).delete()
    result = []
    for role, departments in roles:
        assignment = current.get(role) or RoleAssignment.objects.create(
            organisation=membership.organisation, membership=membership, role=role
        )
        assignment.departments.set(departments)
        result.append(assignment)
    _audit(
        "organisations.membership.roles_changed",
        actor=actor,
        organisation=membership.organisation,
        subject=membership.user,
        obj=membership,
        request=request,
        before=before,
        after=[{"role": r, "department_ids": sorted(d.pk for d in ds)} for r, ds in roles],
    )
    return result
