"""Roles on top of being an employee: grant one, change a manager's departments, revoke one,
or replace them all at once (the API). The same invariants guard every path: a manager covers
at least one department and only a manager has departments. The admin screens keep the last
admin; the API keeps an admin from dropping their own admin role."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import AuditContext

from ..models import Department, Membership, Role, RoleAssignment
from ..selectors.admin import admin_count
from ._common import audit, field_error, same_organisation


def _check_departments(membership: Membership, role: str, departments: list[Department]) -> None:
    same_organisation(membership.organisation, departments=departments)
    if role == Role.MANAGER and not departments:
        raise field_error("departments", _("Kies minstens één afdeling voor een leidinggevende."))
    if role != Role.MANAGER and departments:
        raise field_error("departments", _("Alleen een leidinggevende heeft afdelingen."))


def _is_admin(membership: Membership) -> bool:
    return RoleAssignment.objects.filter(membership=membership, role=Role.ADMIN).exists()


def _departments_log(departments: Iterable[Department]) -> list[int]:
    return sorted(d.pk for d in departments)


@transaction.atomic
def role_grant(
    *,
    actor: User,
    membership: Membership,
    role: str,
    departments: Iterable[Department] = (),
    context: AuditContext | None = None,
) -> RoleAssignment:
    departments = list(departments) if role == Role.MANAGER else []
    if role not in Role.values:
        raise field_error("role", _("Kies een bestaande rol."))
    _check_departments(membership, role, departments)
    if RoleAssignment.objects.filter(membership=membership, role=role).exists():
        raise field_error("role", _("Deze persoon heeft deze rol al."), "conflict")
    assignment = RoleAssignment.objects.create(
        organisation=membership.organisation, membership=membership, role=role
    )
    assignment.departments.set(departments)
    audit(
        "organisations.role.granted",
        actor=actor,
        organisation=membership.organisation,
        subject=membership.user,
        obj=assignment,
        context=context,
        data={"role": role, "departments": _departments_log(departments)},
    )
    return assignment


@transaction.atomic
def role_set_departments(
    *,
    actor: User,
    assignment: RoleAssignment,
    departments: Iterable[Department],
    context: AuditContext | None = None,
) -> RoleAssignment:
    departments = list(departments)
    _check_departments(assignment.membership, assignment.role, departments)
    assignment.departments.set(departments)
    audit(
        "organisations.role.departments_changed",
        actor=actor,
        organisation=assignment.organisation,
        subject=assignment.membership.user,
        obj=assignment,
        context=context,
        data={"role": assignment.role, "departments": _departments_log(departments)},
    )
    return assignment


@transaction.atomic
def role_revoke(
    *, actor: User, assignment: RoleAssignment, context: AuditContext | None = None
) -> None:
    if assignment.role == Role.ADMIN and admin_count(organisation=assignment.organisation) <= 1:
        raise field_error(
            "role", _("Er moet minstens één organisatiebeheerder overblijven."), "conflict"
        )
    audit(
        "organisations.role.revoked",
        actor=actor,
        organisation=assignment.organisation,
        subject=assignment.membership.user,
        obj=assignment,
        context=context,
        data={"role": assignment.role},
    )
    assignment.delete()


def _describe(roles: Iterable[tuple[str, Iterable[Department]]]) -> list[dict]:
    return [{"role": r, "department_ids": _departments_log(ds)} for r, ds in roles]


@transaction.atomic
def membership_roles_set(
    *,
    actor: User,
    membership: Membership,
    roles: Sequence[tuple[str, Sequence[Department]]],
    context: AuditContext | None = None,
) -> list[RoleAssignment]:
    """Replace a member's roles; a manager's role names the departments it covers."""
    names = [role for role, _departments in roles]
    if len(set(names)) != len(names):
        raise field_error("roles", _("Noem elke rol maar één keer."))
    for role, departments in roles:
        if role not in Role.values:
            raise field_error("roles", _("Kies een bestaande rol."))
        _check_departments(membership, role, list(departments))
    if membership.user_id == actor.pk and Role.ADMIN not in names and _is_admin(membership):
        raise field_error("roles", _("Je kunt je eigen beheerdersrol niet intrekken."), "conflict")
    current = {
        a.role: a
        for a in RoleAssignment.objects.filter(membership=membership).prefetch_related(
            "departments"
        )
    }
    before = _describe((a.role, a.departments.all()) for a in current.values())
    RoleAssignment.objects.filter(membership=membership).exclude(role__in=names).delete()
    result = []
    for role, departments in roles:
        assignment = current.get(role) or RoleAssignment.objects.create(
            organisation=membership.organisation, membership=membership, role=role
        )
        assignment.departments.set(departments)
        result.append(assignment)
    audit(
        "organisations.membership.roles_changed",
        actor=actor,
        organisation=membership.organisation,
        subject=membership.user,
        obj=membership,
        context=context,
        data={"before": before, "after": _describe(roles)},
    )
    return result
