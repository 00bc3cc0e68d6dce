"""Write audit entries. Services and audited selectors call ``record``; nothing else writes the
table, and no view or API module calls it (``tests/audit/test_where_recorded.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from .context import AuditContext
from .models import AuditEntry

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User
    from zorgwijs.organisations.models import Organisation


def _context(context: AuditContext | None, actor: Any) -> AuditContext:
    """The caller's ``context=`` (an explicit ``actor=`` wins over its actor); without one, the
    ``actor=`` alone: a background job or a command, which has no client address."""
    if context is None:
        return AuditContext(actor=actor)
    return context if actor is None else replace(context, actor=actor)


def _entry(
    action: str,
    *,
    kind: str,
    actor: User | None = None,
    organisation: Organisation | None = None,
    subject: User | None = None,
    obj: models.Model | None = None,
    on_behalf_of: str = "",
    context: AuditContext | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    context = _context(context, actor)
    actor = context.actor
    return AuditEntry(
        at=timezone.now(),
        kind=kind,
        action=action,
        actor_id=getattr(actor, "pk", None),
        actor_label=str(getattr(actor, "email", "") or "") if actor else "systeem",
        on_behalf_of=on_behalf_of,
        organisation_id=getattr(organisation, "pk", None),
        organisation_label=str(organisation or ""),
        subject_user_id=getattr(subject, "pk", None),
        subject_label=str(subject) if subject else "",
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=context.ip_address,
        data=data or {},
    )


def record(action: str, **kwargs: Any) -> AuditEntry:
    """Record one access: ``record("people.membership.viewed", kind="view", context=…, …)``."""
    entry = _entry(action, **kwargs)
    entry.save()
    return entry


def record_many(action: str, *, subjects: Iterable[Any], **kwargs: Any) -> int:
    """Record the same access to many people at once (a team overview, an export)."""
    entries = [_entry(action, subject=subject, **kwargs) for subject in subjects]
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)
