"""The production stack for the load and fault benchmarks, on a PostgreSQL cluster of their own.

The stack itself is `make prod-check`'s (scripts/prod_check.py: the commands of docs/deploy.md,
DEBUG=0, gunicorn, a task worker, an SMTP relay); this module only adds a throwaway PostgreSQL
cluster (initdb into a temporary directory, its own port on 127.0.0.1) so that a benchmark may
stop and start the database without touching anyone else's, and the load-test accounts.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.prod_check import (  # noqa: E402
    VENV,
    Database,
    MailSink,
    Processes,
    free_port,
    log_alarms,
    run,
    stack_start,
    step,
    tail,
    worker_start,
)

__all__ = ["Stack", "stack", "log_alarms", "tail", "worker_start", "step", "run", "VENV"]


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise SystemExit(f"benchmark: PostgreSQL's {name} not found (apt-get install postgresql)")
    return found[-1]


def _as_postgres() -> list[str]:
    """PostgreSQL refuses to run as root: as root (a CI container), run it as ``postgres``."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class Cluster:
    """A PostgreSQL cluster of the benchmark's own, stopped and started with pg_ctl."""

    def __init__(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="zorgwijs-bench-pg-"))
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.log = folder / "postgresql.log"
        subprocess.run(  # noqa: S603 - PostgreSQL's own tool
            [*_as_postgres(), _pg_bin("initdb"), "-D", str(self.data), "-U", "postgres"]
            + ["-A", "trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
        )
        self.options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {folder} -c max_connections=200"
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _ctl(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 - PostgreSQL's own tool
            [*_as_postgres(), _pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), *args],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self._ctl("-o", self.options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """``immediate`` is a crash: no checkpoint, the server recovers from its WAL."""
        self._ctl("-m", mode, "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def remove(self) -> None:
        if self.running():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Stack:
    tmp: Path
    env: dict[str, str]
    logins: dict
    processes: Processes
    mail: MailSink
    cluster: Cluster
    database: Database

    @property
    def url(self) -> str:
        return self.env["SITE_URL"]

    def manage(self, *args: str) -> str:
        return run([str(VENV / "python"), "manage.py", *args], self.env)


@contextmanager
def stack(*, workers: int, prefix: str, keep: bool = False) -> Iterator[Stack]:
    """prod-check's stack on a cluster of our own; everything stopped and removed at the end."""
    # SIGTERM (a CI timeout, kill PID) stops everything below as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    cluster = Cluster()
    processes = Processes()
    mail = MailSink(tmp / "mail")
    try:
        step(f"PostgreSQL cluster of our own on 127.0.0.1:{cluster.port}")
        cluster.start()
        database = Database(f"{cluster.url}/zorgwijs_bench")
        # A loaded machine takes long over a cold worker's first page: wait longer than
        # prod-check does (gunicorn restarts a worker that times out booting).
        env, logins = stack_start(
            tmp, database, processes, mail, workers=workers, ready_seconds=600
        )
        yield Stack(tmp, env, logins, processes, mail, cluster, database)
    finally:
        processes.stop()
        mail.controller.stop()
        cluster.remove()
        if keep:
            print(f"benchmark: logs and mail kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


# Load-test accounts -----------------------------------------------------------------------------

# Employees of the generated organisation (`zorgwijs_demo --size N`, an HR import with passports)
# get the demo password, so that each simulated user signs in as a person of their own: sessions
# and sign-in attempts are per person, as in a real hospital.
LOAD_ACCOUNTS = """
import json, sys
from django_scopes import scopes_disabled
from zorgwijs.accounts.models import User
from zorgwijs.core.demo.loader import DEMO_PASSWORD
from django.contrib.auth.hashers import make_password
with scopes_disabled():
    users = list(User.objects.filter(email__endswith="@{domain}").order_by("email")[:{count}])
    hashed = make_password(DEMO_PASSWORD)
    User.objects.filter(pk__in=[u.pk for u in users]).update(password=hashed)
    print(json.dumps([u.email for u in users]))
"""


def load_accounts(stack: Stack, count: int) -> list[str]:
    """``count`` employees of a generated organisation, signed in with the demo password."""
    size = max(count, 50)
    step(f"load-test accounts: a generated organisation of {size} (zorgwijs_demo --size)")
    stack.manage("zorgwijs_demo", "--size", str(size), "--quiet-logins")
    code = LOAD_ACCOUNTS.replace("{domain}", f"schaal-{size}.example").replace(
        "{count}", str(count)
    )
    output = stack.manage("shell", "-c", code)
    return __import__("json").loads(output.strip().splitlines()[-1])


def wait_until(predicate, seconds: float, interval: float = 0.2) -> float | None:
    """Seconds until ``predicate()`` held, or None after ``seconds``."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if predicate():
            return time.monotonic() - started
        time.sleep(interval)
    return None
