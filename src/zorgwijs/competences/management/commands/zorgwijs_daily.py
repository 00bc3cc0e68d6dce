"""The daily work: compliance snapshots, expiry reminders and managers' weekly digests.

Run it once a day from cron (docs/deploy.md). Running it twice, or on two machines at once,
sends nothing twice. ``--enqueue`` hands the work to the task worker (``manage.py db_worker``)
instead of doing it here.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from zorgwijs.competences.reminders import daily, daily_work


class Command(BaseCommand):
    help = "Dagelijks werk: nalevingsmomentopname, herinneringen en weekoverzichten."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Zet het werk in de takenwachtrij in plaats van het nu te doen.",
        )
        parser.add_argument("--date", help="Doe alsof het deze dag is (JJJJ-MM-DD).")

    def handle(self, *args, enqueue: bool = False, date: str | None = None, **options) -> None:
        on = None
        if date:
            try:
                on = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError("Ongeldige datum; gebruik JJJJ-MM-DD.") from None
        if enqueue:
            result = daily.enqueue(on=on.isoformat() if on else None)
            self.stdout.write(f"In de wachtrij: {result.id}")
            return
        totals = daily_work(on=on)
        self.stdout.write(
            "Organisaties: {organisations}, momentopnamen: {snapshots}, "
            "herinneringen: {reminders}, weekoverzichten: {digests}".format(**totals)
        )
