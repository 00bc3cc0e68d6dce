"""``knowledge_event``: sent by every knowledge service after its change is committed.

Following and notifications (a later app) connect here; the services do not know who
listens. Receivers get ``kind`` ("page.revised", "question.asked", …), ``obj`` and ``actor``.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

knowledge_event = Signal()


def emit(kind: str, obj, actor) -> None:
    """Send after commit: a listener never sees a change that was rolled back."""
    transaction.on_commit(
        lambda: knowledge_event.send(sender=type(obj), kind=kind, obj=obj, actor=actor)
    )
