"""``incident_event``: sent by the incident services after their change is committed.

The same contract as ``knowledge.signals.knowledge_event``: receivers get ``kind``
("incident.status_changed", "incident.measure_added", …), ``obj`` (always the ``Incident``) and
``actor``. The actor is the person doing triage; a report itself is sent with ``actor=None``,
named or anonymous, so no listener can ever link a reporter to an incident.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

incident_event = Signal()


def emit(kind: str, incident, actor) -> None:
    """Send after commit: a listener never sees a change that was rolled back."""
    transaction.on_commit(
        lambda: incident_event.send(sender=type(incident), kind=kind, obj=incident, actor=actor)
    )
