"""Daily notification digests. Run once a day from cron (after the working day)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zorgwijs.notifications.digests import digests_send, notifications_daily


class Command(BaseCommand):
    help = "Dagelijks: de samenvattingen van meldingen per e-mail (dagelijks en wekelijks)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Zet het werk in de takenwachtrij in plaats van het nu te doen.",
        )

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            self.stdout.write(f"In de wachtrij: {notifications_daily.enqueue().id}")
            return
        self.stdout.write(f"Samenvattingen: {digests_send()}")
