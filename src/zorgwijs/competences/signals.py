"""Events of the competences app that concern named people (``notifications`` listens).

``competence_event`` is sent after the change has committed, with ``kind`` (an event of
``notifications/events.py``), ``obj`` (the sign-off request or profile), ``actor`` and
``recipient_ids`` (the users it concerns: the assessors who may decide a request, the
employee a decision is about, the people a profile gave new requirements).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

competence_event = Signal()


def announce(*, kind: str, obj, actor, recipient_ids: Iterable[int]) -> None:
    """Send ``competence_event`` once the caller's transaction commits (never for a change
    that rolled back)."""
    ids = sorted(set(recipient_ids))
    if not ids:
        return
    transaction.on_commit(
        lambda: competence_event.send(
            sender=None, kind=kind, obj=obj, actor=actor, recipient_ids=ids
        )
    )
