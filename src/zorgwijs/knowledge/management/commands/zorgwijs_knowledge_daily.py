"""Daily knowledge work: review reminders for validated pages. Run once a day from cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zorgwijs.knowledge.reminders import knowledge_daily, review_reminders_send


class Command(BaseCommand):
    help = "Dagelijks: herinneringen voor pagina's die opnieuw gecontroleerd moeten worden."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Zet het werk in de takenwachtrij in plaats van het nu te doen.",
        )

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            self.stdout.write(f"In de wachtrij: {knowledge_daily.enqueue().id}")
            return
        self.stdout.write(f"Herinneringen: {review_reminders_send()}")
