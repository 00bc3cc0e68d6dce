"""Benchmark the HR import: N synthetic employees into a fresh organisation, then again.

    .venv/bin/python benchmarks/hr_import.py [--rows 20000] [--seed 1] [--xlsx]
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/hr_import.py

Migrates the database first (a no-op when it is up to date). Budget (docs/architecture.md):
20,000 rows in ≤ 30 s and ≤ 500 MB peak memory on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgwijs.settings")
# Production settings refuse to run without a secret of their own; a benchmark brings one.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))


def cpu_seconds() -> float:
    """This process's CPU time: on a busy machine a steadier figure than the wall clock."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class Clock:
    def __init__(self) -> None:
        self.figures: list[tuple[str, float]] = []

    def time(self, label: str, func, *args, **kwargs):
        start, cpu = time.perf_counter(), cpu_seconds()
        value = func(*args, **kwargs)
        seconds = time.perf_counter() - start
        self.figures.append((label, seconds))
        print(
            f"  {label:<30} {seconds:7.2f} s  (cpu {cpu_seconds() - cpu:6.2f} s)"
            f"   peak {peak_mb():6.0f} MB",
            flush=True,
        )
        return value


def run_import(clock: Clock, organisation, path: Path, label: str):
    from django_scopes import scopes_disabled

    from zorgwijs.organisations.hr_import import hr_import_apply, hr_import_plan, parse_hr_file

    print(f"{label}:")
    parsed = clock.time(f"parse {path.suffix[1:].upper()}", parse_hr_file, path)
    plan = clock.time(
        "validate + plan (dry run)",
        hr_import_plan,
        organisation=organisation,
        parsed=parsed,
        source_name=path.name,
    )
    counts = plan.counts()
    print(f"  plan: {counts}")
    if plan.errors:
        raise SystemExit(f"unexpected errors: {plan.errors[:5]}")
    with scopes_disabled():
        result = clock.time(
            "apply", hr_import_apply, actor=None, organisation=organisation, plan=plan
        )
    return counts, result


def write_xlsx(rows: list[dict], path: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    workbook.save(path)
    return path


def monthly_changes(rows: list[dict], *, seed: int) -> list[dict]:
    """A month later: 5% left, 3% moved department, 2% renamed, 2% new hires."""
    import random

    from zorgwijs.organisations.hr_import.synthetic import synthetic_rows

    rng = random.Random(seed + 1)
    managers = {r["leidinggevende"] for r in rows}
    changed = [dict(r) for r in rows if r["personeelsnummer"] in managers or rng.random() > 0.05]
    departments = sorted({r["afdeling"] for r in rows if "/" in r["afdeling"]})
    for row in changed:
        roll = rng.random()
        if roll < 0.03 and row["personeelsnummer"] not in managers:
            row["afdeling"] = rng.choice(departments)
        elif roll < 0.05:
            row["naam"] += "-Bakker"
    domain = rows[0]["e-mail"].split("@")[1]
    hires = synthetic_rows(len(rows) + len(rows) // 50, seed=seed + 2, domain=domain)[len(rows) :]
    for hire in hires:
        hire["e-mail"] = "nieuw." + hire["e-mail"]
        hire["leidinggevende"] = rng.choice(sorted(managers - {""}))
    return changed + hires


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--xlsx", action="store_true", help="upload XLSX instead of CSV")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scopes_disabled

    from zorgwijs.organisations.hr_import.synthetic import synthetic_rows, write_csv
    from zorgwijs.organisations.models import Membership, Organisation, OrganisationKind

    call_command("migrate", verbosity=0, interactive=False)
    print(
        f"database: {connection.vendor}  rows: {args.rows}  seed: {args.seed}  "
        f"format: {'xlsx' if args.xlsx else 'csv'}"
    )
    slug = f"bench-hr-{int(time.time())}"
    organisation = Organisation.objects.create(
        name=f"Benchmark {slug}", slug=slug, kind=OrganisationKind.HOSPITAL
    )
    clock = Clock()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("hr.xlsx" if args.xlsx else "hr.csv")
        write = write_xlsx if args.xlsx else write_csv
        # A domain of its own, so that every run creates its people (none exist elsewhere yet).
        rows = clock.time(
            "generate rows", synthetic_rows, args.rows, seed=args.seed, domain=f"{slug}.example"
        )
        write(rows, path)
        total, cpu = time.perf_counter(), cpu_seconds()
        first, _ = run_import(clock, organisation, path, "first import")
        first_seconds, first_cpu = time.perf_counter() - total, cpu_seconds() - cpu
        total = time.perf_counter()
        second, result = run_import(clock, organisation, path, "same file again (idempotent)")
        second_seconds = time.perf_counter() - total
        write(monthly_changes(rows, seed=args.seed), path)
        del rows
        total = time.perf_counter()
        third, _ = run_import(clock, organisation, path, "a month later (~12% changed)")
        third_seconds = time.perf_counter() - total
    with scopes_disabled():
        members = Membership.objects.filter(organisation=organisation).count()
    print()
    print(
        f"first import   {first_seconds:6.2f} s  ({first['changes']} changes; "
        f"cpu {first_cpu:.2f} s, load average {os.getloadavg()[0]:.1f})"
    )
    print(f"re-import      {second_seconds:6.2f} s  ({result.change_count} changes)")
    print(f"month later    {third_seconds:6.2f} s  ({third['changes']} changes)")
    print(f"memberships    {members}")
    print(f"peak memory    {peak_mb():6.0f} MB")
    ok = max(first_seconds, third_seconds) <= 30 and peak_mb() <= 500 and not result.change_count
    print("within budget (≤ 30 s, ≤ 500 MB, re-import 0 changes):", "yes" if ok else "NO")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
