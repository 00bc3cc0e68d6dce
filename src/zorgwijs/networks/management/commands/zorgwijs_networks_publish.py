"""Put contributions whose publication moment has come into search and tell their authors,
and close the prioritisation rounds whose last voting day has passed, publishing their
knowledge agenda (run hourly from cron; a round closes at the first run of the day after).

A scheduled piece appears on the pages at its moment without any task (published is
"scheduled and due"); search needs its document written and the author a notification. Pieces
of the last week are handled again, so a missed run is caught up; writing a document twice
changes nothing, and the notifications app makes one "published" notification per piece.
A closed round is never closed again (``rounds_close_due`` takes only open ones, under a lock),
and each close is audited as the system's (``networks.priority_round.closed``, automatic).
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from zorgwijs.networks.search_index import contribution_index, published_contributions
from zorgwijs.networks.services.priorities import rounds_close_due
from zorgwijs.networks.signals import announce


class Command(BaseCommand):
    help = "Index contributions that became published and close rounds past their end (hourly)."

    def handle(self, *args, **options) -> None:
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
        self.stdout.write(f"{count} published contributions indexed.")
        closed = rounds_close_due()
        self.stdout.write(f"{len(closed)} prioritisation rounds closed.")
