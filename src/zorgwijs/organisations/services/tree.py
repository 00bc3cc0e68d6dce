"""The department tree's paths: create and move without audit (callers own that: the
services in this package, the HR import and the demo loader)."""

from __future__ import annotations

from django.db import transaction

from ..models import Department, Organisation


def _path_for(department: Department) -> tuple[str, int]:
    if department.parent is None:
        return f"/{department.pk}/", 0
    return f"{department.parent.path}{department.pk}/", department.parent.depth + 1


@transaction.atomic
def department_create(
    *, organisation: Organisation, name: str, parent: Department | None = None, code: str = ""
) -> Department:
    department = Department(organisation=organisation, name=name, parent=parent, code=code)
    department.full_clean(exclude=["path"])
    department.save()
    department.path, department.depth = _path_for(department)
    department.save(update_fields=["path", "depth"])
    return department


@transaction.atomic
def department_move(*, department: Department, parent: Department | None) -> Department:
    """Move a department (and its subtree) under another parent."""
    old_path = department.path
    department.parent = parent
    department.full_clean(exclude=["path"])
    department.path, department.depth = _path_for(department)
    department.save()
    for child in Department.objects.filter(
        organisation_id=department.organisation_id, path__startswith=old_path
    ).exclude(pk=department.pk):
        child.path = department.path + child.path[len(old_path) :]
        child.depth = child.path.count("/") - 2
        child.save(update_fields=["path", "depth"])
    return department
