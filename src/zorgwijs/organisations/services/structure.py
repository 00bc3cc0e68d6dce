"""Departments and job functions, changed by an actor (the admin screens and the API).

Each service owns its transaction and writes one audit entry (kind "change") when something
changed. A name that is taken carries the code "unique" (the API answers 409).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import AuditContext

from ..models import Department, JobFunction, Organisation
from ..selectors.admin import department_blockers
from ._common import apply_changes, audit, field_error, same_organisation
from .tree import department_create, department_move

DEPARTMENT_FIELDS = ("name", "code", "parent")
JOB_FUNCTION_FIELDS = ("name", "code", "big_registered")


def _check_unique_name(department: Department) -> None:
    # The database constraint cannot see two top-level departments with one name (NULL parent).
    siblings = Department.objects.filter(
        organisation_id=department.organisation_id,
        parent_id=department.parent_id,
        name=department.name,
    ).exclude(pk=department.pk)
    if siblings.exists():
        raise field_error("name", _("Er is al een afdeling met deze naam op deze plek."), "unique")


def _check_not_below_itself(department: Department, parent: Department | None) -> None:
    if parent is not None and parent.path.startswith(department.path):
        raise field_error("parent", _("Een afdeling kan niet onder zichzelf vallen."))


@transaction.atomic
def department_add(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    code: str = "",
    parent: Department | None = None,
    context: AuditContext | None = None,
) -> Department:
    same_organisation(organisation, parent=parent)
    _check_unique_name(Department(organisation=organisation, parent=parent, name=name))
    department = department_create(organisation=organisation, name=name, parent=parent, code=code)
    audit(
        "organisations.department.created",
        actor=actor,
        organisation=organisation,
        obj=department,
        context=context,
        data={"name": name, "parent": getattr(parent, "pk", None)},
    )
    return department


@transaction.atomic
def department_update(
    *, actor: User, department: Department, context: AuditContext | None = None, **values: Any
) -> Department:
    """Change name, code and/or parent (a move takes the subtree along); fields left out stay.
    Reads the stored row: a ModelForm may already have changed ``department``."""
    fresh = Department.objects.select_for_update().get(pk=department.pk)
    organisation = fresh.organisation
    parent = values.get("parent")
    same_organisation(organisation, parent=parent)
    moves = "parent" in values and fresh.parent_id != getattr(parent, "pk", None)
    if moves:
        _check_not_below_itself(fresh, parent)
    changes = apply_changes(fresh, values, DEPARTMENT_FIELDS)
    _check_unique_name(fresh)
    if moves:
        fresh = department_move(department=fresh, parent=parent)
    else:
        fresh.full_clean(exclude=["path"])
        fresh.save()
    if changes:
        audit(
            "organisations.department.updated",
            actor=actor,
            organisation=organisation,
            obj=fresh,
            context=context,
            data={"changes": changes},
        )
    return fresh


@transaction.atomic
def department_relocate(
    *,
    actor: User,
    department: Department,
    parent: Department | None,
    context: AuditContext | None = None,
) -> Department:
    """Move a department and its subtree under ``parent`` (``None``: to the top level)."""
    fresh = Department.objects.select_for_update().get(pk=department.pk)
    organisation = fresh.organisation
    same_organisation(organisation, parent=parent)
    _check_not_below_itself(fresh, parent)
    old_parent_id = fresh.parent_id
    fresh.parent = parent
    _check_unique_name(fresh)
    fresh = department_move(department=fresh, parent=parent)
    audit(
        "organisations.department.moved",
        actor=actor,
        organisation=organisation,
        obj=fresh,
        context=context,
        data={"from_parent_id": old_parent_id, "to_parent_id": getattr(parent, "pk", None)},
    )
    return fresh


@transaction.atomic
def department_delete(
    *, actor: User, department: Department, context: AuditContext | None = None
) -> None:
    """Delete an empty department; anything still attached is explained, never cascaded."""
    reasons = department_blockers(department=department)
    if reasons:
        raise ValidationError(reasons)
    audit(
        "organisations.department.deleted",
        actor=actor,
        organisation=department.organisation,
        obj=department,
        context=context,
        data={"name": department.name, "path": department.path},
    )
    department.delete()


@transaction.atomic
def job_function_add(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    code: str = "",
    big_registered: bool = False,
    context: AuditContext | None = None,
) -> JobFunction:
    function = JobFunction(
        organisation=organisation, name=name, code=code, big_registered=big_registered
    )
    function.full_clean()
    function.save()
    audit(
        "organisations.job_function.created",
        actor=actor,
        organisation=organisation,
        obj=function,
        context=context,
        data={"name": name},
    )
    return function


@transaction.atomic
def job_function_update(
    *, actor: User, job_function: JobFunction, context: AuditContext | None = None, **values: Any
) -> JobFunction:
    """Change a job function; fields left out stay. Reads the stored row (see above)."""
    fresh = JobFunction.objects.select_for_update().get(pk=job_function.pk)
    changes = apply_changes(fresh, values, JOB_FUNCTION_FIELDS)
    fresh.full_clean()
    fresh.save()
    if changes:
        audit(
            "organisations.job_function.updated",
            actor=actor,
            organisation=fresh.organisation,
            obj=fresh,
            context=context,
            data={"changes": changes},
        )
    return fresh
