"""Load: many people at once on the production stack, with p50/p95 per page and a /healthz floor.

Starts `make prod-check`'s stack (PostgreSQL — a cluster of its own here —, DEBUG=0, the
collectstatic manifest, gunicorn with several workers, a task worker, an SMTP relay), gives the
simulated people accounts of their own (the demo's 29, then employees of a generated
organisation), and runs them with locust (benchmarks/load_users.py): first the floor, /healthz
without pauses, then the mix. Prints p50/p95 per page, the errors (there must be none), the
throughput and the server's CPU seconds, so that throughput per core can be set next to the
floor measured in the same run. Fails on any error, or on a traceback in the server logs.

    .venv/bin/python benchmarks/load.py                  # 100 people, 5 minutes
    .venv/bin/python benchmarks/load.py --quick          # 20 people, 30 s: the smoke test
    .venv/bin/python benchmarks/load.py --users 50 --seconds 120 --workers 4
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from _stack import ROOT, VENV, Stack, load_accounts, log_alarms, stack, step, tail


def accounts_for(stack: Stack, users: int) -> list[dict]:
    """The demo's accounts first (managers with TOTP among them), then generated employees."""
    demo = [
        {"email": address, "totp": account["totp"]}
        for address, account in sorted(stack.logins["accounts"].items())
        if "Platformbeheerder" not in account["roles"]
    ]
    extra = load_accounts(stack, users - len(demo)) if users > len(demo) else []
    return (demo + [{"email": address} for address in extra])[:users]


def load_start(stack: Stack, options: argparse.Namespace, *, floor: bool = True) -> dict:
    """Start the simulated people in a process of their own; returns its configuration."""
    folder = stack.tmp / f"load-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    config = {
        "url": stack.url,
        "run": folder.name,
        "password": stack.logins["password"],
        "accounts": accounts_for(stack, options.users),
        "users": options.users,
        "spawn_rate": options.spawn_rate,
        "seconds": options.seconds,
        "think_min": options.think[0],
        "think_max": options.think[1],
        "floor_users": 10,
        "floor_seconds": options.floor_seconds if floor else 0,
        "gunicorn_pid": next(p.pid for name, p, _ in stack.processes.started if name == "gunicorn"),
        "acknowledged": str(folder / "acknowledged.jsonl"),
        "failures": str(folder / "failures.jsonl"),
        "results": str(folder / "results.json"),
        "mark_file": str(folder / "measuring"),
        "log": str(folder / "locust.log"),
    }
    (folder / "config.json").write_text(json.dumps(config))
    with Path(config["log"]).open("w") as log:
        config["process"] = subprocess.Popen(  # noqa: S603 - our own script
            [str(VENV / "python"), str(ROOT / "benchmarks" / "load_users.py")]
            + [str(folder / "config.json")],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return config


def load_results(config: dict) -> dict:
    process = config["process"]
    process.wait()
    if process.returncode != 0 or not Path(config["results"]).exists():
        raise SystemExit(f"load: the simulated people failed:\n{tail(Path(config['log']))}")
    return json.loads(Path(config["results"]).read_text())


def acknowledged(config: dict) -> list[dict]:
    path = Path(config["acknowledged"])
    lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(line) for line in lines]


def report(name: str, result: dict) -> None:
    cores = os.cpu_count() or 1
    print(f"\n{name}: {result['users']} users, {result['seconds']} s,", end=" ")
    print(f"{result['requests']} requests")
    print(f"  {'page':<22} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7}")
    for page, figures in result["pages"].items():
        print(
            f"  {page:<22} {figures['requests']:>8} {figures['failures']:>6}"
            f" {figures['p50']:>7.0f} {figures['p95']:>7.0f}"
        )
    print(
        f"  {'all':<22} {result['requests']:>8} {result['failures']:>6}"
        f" {result['p50']:>7.0f} {result['p95']:>7.0f}"
    )
    print(
        f"  throughput {result['rps']:.1f} req/s = {result['rps'] / cores:.1f} req/s per core"
        f" ({cores} cores); server CPU {result['server_cpu_seconds']} s ="
        f" {result['requests_per_cpu_second']:.1f} requests per CPU-second"
    )
    for error in result["errors"]:
        print(f"  ERROR {error}")


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=None, help="default 100 (--quick: 20)")
    parser.add_argument("--seconds", type=float, default=None, help="default 300 (--quick: 30)")
    parser.add_argument("--quick", action="store_true", help="a 30 s smoke test")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (deploy.md: 4)")
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="sign-ins per second")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 4.0), metavar=("MIN", "MAX"))
    parser.add_argument("--floor-seconds", type=float, default=None, help="default 20 (quick: 5)")
    parser.add_argument("--keep", action="store_true", help="keep logs, mail and the database")
    options = parser.parse_args(argv)
    if options.users is None:
        options.users = 20 if options.quick else 100
    if options.seconds is None:
        options.seconds = 30 if options.quick else 300
    if options.floor_seconds is None:
        options.floor_seconds = 5 if options.quick else 20
    return options


def main() -> int:
    options = arguments()
    with stack(workers=options.workers, prefix="zorgwijs-load-", keep=options.keep) as running:
        step(f"{options.users} simulated people for {options.seconds:.0f} s")
        config = load_start(running, options)
        results = load_results(config)
        alarms = log_alarms(running.processes)
    report("/healthz floor", results["floor"])
    report("mix", results["mix"])
    mix = results["mix"]
    writes = len(acknowledged(config))
    print(f"\n  acknowledged writes: {writes}; signed in: {mix['signed_in']} of {options.users}")
    for alarm in alarms[:20]:
        print(f"  LOG {alarm}")
    ok = mix["failures"] == 0 and mix["signed_in"] == options.users and not alarms
    print(f"load: {'passed' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
