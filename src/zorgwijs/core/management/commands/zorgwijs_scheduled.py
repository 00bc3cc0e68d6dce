"""Run every registered job of one rhythm (core/scheduled.py) from cron: ``zorgwijs_scheduled
daily`` each morning, ``evening`` after the working day, ``hourly`` every hour (docs/deploy.md).

A job that fails is logged and the others still run; the command then ends with an error, so
cron reports it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zorgwijs.core.scheduled import (
    RHYTHMS,
    add_run_arguments,
    parse_day,
    scheduled_jobs,
    scheduled_run,
)

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Voer het geplande werk uit: alle taken van één ritme (daily, evening of hourly)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rhythm", choices=RHYTHMS)
        add_run_arguments(parser)

    def handle(
        self,
        *args: Any,
        rhythm: str,
        enqueue: bool = False,
        date: str | None = None,
        **options: Any,
    ) -> None:
        on = parse_day(date)
        failed = []
        for job in scheduled_jobs(rhythm):  # type: ignore[arg-type]
            try:
                line = scheduled_run(job, on=on, enqueue=enqueue)
            except Exception:
                logger.exception("Scheduled job %s failed", job.name)
                self.stderr.write(f"{job.name}: mislukt")
                failed.append(job.name)
                continue
            self.stdout.write(f"{job.name}: {line}")
        if failed:
            raise CommandError(f"Mislukt: {', '.join(failed)}")
