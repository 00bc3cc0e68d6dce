"""Events of the networks app addressed to named people (``notifications`` listens).

``network_event`` is sent after the change has committed, with ``kind`` (an event of
``notifications/events.py``: ``contribution.submitted``, ``.commented``, ``.returned``,
``.accepted``, ``.scheduled``, ``.published``), ``obj`` (the contribution), ``actor`` and
``recipient_ids`` (the editorial board for a submitted piece, the author for the rest). The
notifications app makes one notification per person and event — a repeated signal, or the
hourly publish run finding the same piece again, adds nothing — and mails it as each person
chose; the networks app sends no e-mail of its own for these steps.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

network_event = Signal()


def announce(*, kind: str, obj, actor, recipient_ids: Iterable[int]) -> None:
    """Send ``network_event`` once the caller's transaction commits (never for a change that
    rolled back)."""
    ids = sorted(set(recipient_ids))
    if not ids:
        return
    transaction.on_commit(
        lambda: network_event.send(sender=None, kind=kind, obj=obj, actor=actor, recipient_ids=ids)
    )
