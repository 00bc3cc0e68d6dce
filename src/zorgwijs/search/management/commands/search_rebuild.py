"""Rebuild the search index from every registered source: ``manage.py search_rebuild``."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from zorgwijs.search.services import documents_rebuild, index_tidy


class Command(BaseCommand):
    help = "Empty the search index and index every registered kind again."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = documents_rebuild()
        index_tidy()
        self.stdout.write(
            f"{count} documenten geïndexeerd in {time.perf_counter() - started:.1f} s."
        )
