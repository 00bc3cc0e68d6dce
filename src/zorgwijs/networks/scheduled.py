"""The networks' hourly job: contributions whose publication moment has come, and prioritisation
rounds past their last voting day (a round closes at the first run of the day after).

A scheduled piece appears on the pages at its moment without any task (published is
"scheduled and due"); search needs its document written and the author a notification. Pieces
of the last week are handled again, so a missed run is caught up; writing a document twice
changes nothing, and the notifications app makes one "published" notification per piece.
A closed round is never closed again (``rounds_close_due`` takes only open ones, under a lock),
and each close is audited as the system's (``networks.priority_round.closed``, automatic).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from zorgwijs.core.scheduled import ScheduledJob

from .search_index import contribution_index, published_contributions
from .services.priorities import rounds_close_due
from .signals import announce


def contributions_publish_due() -> int:
    """Index the pieces published in the last week and tell their authors; returns how many."""
    since = timezone.now() - datetime.timedelta(days=7)
    count = 0
    with transaction.atomic():
        for piece in published_contributions().filter(publish_at__gte=since):
            contribution_index(piece)
            if piece.author_id is not None:
                announce(
                    kind="contribution.published",
                    obj=piece,
                    actor=None,
                    recipient_ids=[piece.author_id],
                )
            count += 1
    return count


def hourly_report(on: datetime.date | None) -> str:
    published = contributions_publish_due()
    closed = rounds_close_due()
    return (
        f"{published} published contributions indexed.\n{len(closed)} prioritisation rounds closed."
    )


HOURLY = ScheduledJob(
    name="zorgwijs_networks_publish",
    rhythm="hourly",
    help="Index contributions that became published and close rounds past their end (hourly).",
    run=hourly_report,
)
