"""Helpers every organisation service shares: one audit call, one same-organisation check."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record

from ..models import Organisation

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import Model

    from zorgwijs.accounts.models import User


def field_error(field: str, message: str, code: str = "invalid") -> ValidationError:
    """A ValidationError on one field: forms show it there, the API names the field (and
    answers 409 for the codes "unique" and "conflict")."""
    return ValidationError({field: ValidationError(message, code=code)})


def same_organisation(organisation: Organisation, **objects: Any) -> None:
    """Refuse rows of another organisation; ``field=row`` or ``field=[rows]``."""
    for field, value in objects.items():
        values = value if isinstance(value, list | tuple | set) else [value]
        for obj in values:
            if obj is not None and obj.organisation_id != organisation.pk:
                raise field_error(field, _("Dit hoort bij een andere organisatie."))


def audit(
    action: str,
    *,
    actor: User | None,
    organisation: Organisation | None,
    obj: Model | None = None,
    subject: User | None = None,
    context: AuditContext | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    record(
        action,
        kind="change",
        actor=actor,
        organisation=organisation,
        subject=subject,
        obj=obj,
        context=context,
        data=data or {},
    )


def value_for_log(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def apply_changes(instance: Any, values: dict[str, Any], fields: Iterable[str]) -> dict[str, list]:
    """Set ``fields`` from ``values`` on ``instance``; return ``{field: [old, new]}`` for the
    audit entry (only what really changed; rows as ids, dates as ISO text)."""
    changes = {}
    for name in fields:
        if name in values:
            old, new = value_for_log(getattr(instance, name)), value_for_log(values[name])
            if old != new:
                changes[name] = [old, new]
            setattr(instance, name, values[name])
    return changes
