"""Publish the HR monitor's quarters whose submission window has closed. Run daily from cron
(docs/deploy.md); ``--enqueue`` hands the work to the task worker instead."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zorgwijs.monitor.tasks import monitor_publish, releases_publish_all


class Command(BaseCommand):
    help = (
        "Dagelijks: publiceer de kwartalen van de HR-monitor waarvan de aanlevertermijn voorbij is."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Zet het werk in de takenwachtrij in plaats van het nu te doen.",
        )

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            self.stdout.write(f"In de wachtrij: {monitor_publish.enqueue().id}")
            return
        self.stdout.write(f"Netwerken met nieuwe publicaties: {releases_publish_all()}")
