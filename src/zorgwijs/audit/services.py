"""Write audit entries. Services call ``record``; nothing else writes the table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from zorgwijs.lib.people import client_address

from .models import AuditEntry


def _ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return client_address(request)


def _entry(
    action: str,
    *,
    kind: str,
    actor=None,
    organisation=None,
    subject=None,
    obj: models.Model | None = None,
    on_behalf_of: str = "",
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
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
        ip_address=_ip(request),
        data=data or {},
    )


def record(action: str, **kwargs: Any) -> AuditEntry:
    """Record one access: ``record("people.membership.viewed", kind="view", actor=…, …)``."""
    entry = _entry(action, **kwargs)
    entry.save()
    return entry


def record_many(action: str, *, subjects: Iterable[Any], **kwargs: Any) -> int:
    """Record the same access to many people at once (a team overview, an export)."""
    entries = [_entry(action, subject=subject, **kwargs) for subject in subjects]
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)
