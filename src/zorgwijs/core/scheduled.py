"""Scheduled work: each app registers its daily and hourly jobs here, one runner runs them.

In ``AppConfig.ready`` an app calls ``register_scheduled(ScheduledJob(...))``. Cron runs
``manage.py zorgwijs_scheduled daily`` each morning, ``… evening`` after the working day and
``… hourly`` every hour (docs/deploy.md). Each job also keeps a command of its own name
(``zorgwijs_daily``, ``zorgwijs_notifications_daily``, …): a two-line ``ScheduledCommand``
that names the job, so a cron line or script that runs one job alone keeps working.

Every job may run twice, or on two machines at once, without doing anything twice: that is the
job's own promise (claims, unique rows), not the runner's.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.core.management.base import BaseCommand, CommandError, CommandParser

# "evening": once a day after the working day (notification digests).
Rhythm = Literal["daily", "evening", "hourly"]
RHYTHMS: tuple[Rhythm, ...] = ("daily", "evening", "hourly")


@dataclass(frozen=True)
class ScheduledJob:
    """One piece of scheduled work. ``run`` does it now for the given day (None: today) and
    returns what to print; ``task``, when set, is the same work for the task worker
    (``--enqueue``), called with ``on`` (ISO date) when ``takes_date``."""

    name: str
    rhythm: Rhythm
    help: str
    run: Callable[[datetime.date | None], str]
    task: Any = None
    takes_date: bool = False


_JOBS: dict[str, ScheduledJob] = {}


def register_scheduled(job: ScheduledJob) -> None:
    _JOBS[job.name] = job


def scheduled_jobs(rhythm: Rhythm) -> list[ScheduledJob]:
    return [job for job in _JOBS.values() if job.rhythm == rhythm]


def scheduled_job(name: str) -> ScheduledJob:
    return _JOBS[name]


def scheduled_run(
    job: ScheduledJob, *, on: datetime.date | None = None, enqueue: bool = False
) -> str:
    """Do the job now, or hand it to the task worker; a job without a task always runs now."""
    if enqueue and job.task is not None:
        kwargs = {"on": on.isoformat()} if on and job.takes_date else {}
        return f"In de wachtrij: {job.task.enqueue(**kwargs).id}"
    return job.run(on if job.takes_date else None)


def parse_day(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError("Ongeldige datum; gebruik JJJJ-MM-DD.") from None


def add_run_arguments(parser: CommandParser, *, enqueue: bool = True, date: bool = True) -> None:
    if enqueue:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Zet het werk in de takenwachtrij in plaats van het nu te doen.",
        )
    if date:
        parser.add_argument("--date", help="Doe alsof het deze dag is (JJJJ-MM-DD).")


class ScheduledCommand(BaseCommand):
    """The command of one registered job; a subclass only sets ``job_name``."""

    job_name: str

    @property
    def help(self) -> str:  # type: ignore[override]
        return scheduled_job(self.job_name).help

    def add_arguments(self, parser: CommandParser) -> None:
        job = scheduled_job(self.job_name)
        add_run_arguments(parser, enqueue=job.task is not None, date=job.takes_date)

    def handle(
        self, *args: Any, enqueue: bool = False, date: str | None = None, **options: Any
    ) -> None:
        job = scheduled_job(self.job_name)
        self.stdout.write(scheduled_run(job, on=parse_day(date), enqueue=enqueue))
