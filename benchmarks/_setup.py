"""Shared set-up for benchmark scripts: Django on a database of its own.

SQLite benchmarks use var/bench/; set DATABASE_URL to benchmark PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup(name: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgwijs.settings")
    # Production settings refuse to run without a secret of their own; a benchmark brings one.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    if "DATABASE_URL" not in os.environ:
        os.environ["ZORGWIJS_VAR_DIR"] = str(ROOT / "var" / "bench" / name)
        Path(os.environ["ZORGWIJS_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def database_label() -> str:
    from django.db import connection

    return connection.vendor


def timed(fn: Callable[[], object], *, repeat: int = 5) -> tuple[float, float]:
    """Median and best wall time in milliseconds over ``repeat`` runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)
