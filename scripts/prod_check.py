"""`make prod-check`: build and start what docs/deploy.md describes, then walk it in a browser.

From a fresh clone (after `make setup`): a PostgreSQL database of its own (created here and
dropped at the end), DEBUG=0 with a freshly generated SECRET_KEY, the production settings module
unchanged, the documented commands (migrate, createcachetable, compilemessages, collectstatic
with the manifest storage), the demo data, gunicorn with several workers on a free loopback port,
a task worker, and a real SMTP server as the mail relay. Then the browser journeys of
tests/prod/journeys/ run against it (Playwright driving Debian's Chromium). Everything started
here is stopped by its pid; the database is dropped.

    .venv/bin/python scripts/prod_check.py [--keep] [--serve] [pytest arguments …]

PROD_CHECK_DATABASE_URL chooses the PostgreSQL server and database name (default
postgres://postgres@127.0.0.1:5432/zorgwijs_prod_check). ``--keep`` leaves the temporary
directory (logs, mail, static files) in place. ``--serve`` starts the stack, prints the variables
the journeys read and waits for Ctrl-C, to write journeys against it
(``pytest -n 0 -o python_files='journey_*.py' tests/prod/journeys``).

After the journeys, with the app servers and the worker stopped, the backup drill
(scripts/backup.py) backs up the database the journeys used and its uploaded files, wipes both,
restores them and compares every table's row count and every file's checksum.
"""

from __future__ import annotations

import argparse
import email
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from email import policy
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.smtp import free_port  # noqa: E402

VENV = REPO / ".venv" / "bin"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/zorgwijs_prod_check"
WORKERS = 3
# Journeys run in this many browsers at once (pytest-xdist): each uses demo accounts of its own.
JOURNEY_PROCESSES = 2
# Lines a healthy server never logs.
LOG_ALARMS = re.compile(r"Traceback|Internal Server Error|\[CRITICAL\]|WORKER TIMEOUT")


def step(message: str) -> None:
    print(f"== prod-check: {message}", flush=True)


class Database:
    """The check's own PostgreSQL database, made and dropped through the ``postgres`` one."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.name = urlparse(url).path.lstrip("/")
        if not re.fullmatch(r"[a-z0-9_]+", self.name):
            raise SystemExit(f"prod-check: unexpected database name {self.name!r}")
        self.admin_url = urlparse(url)._replace(path="/postgres").geturl()

    def _run(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> None:
        self.drop()
        self._run(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class MailSink:
    """A real SMTP server (aiosmtpd) that files every message it accepts as ``<n>.eml``."""

    def __init__(self, folder: Path) -> None:
        from aiosmtpd.controller import Controller

        self.folder = folder
        folder.mkdir(parents=True)
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        number = len(list(self.folder.glob("*.eml"))) + 1
        (self.folder / f"{number:04d}.eml").write_bytes(message.as_bytes())
        return "250 Message accepted for delivery"


class Processes:
    """Long-running processes started here, stopped by their own pid at the end."""

    def __init__(self) -> None:
        self.started: list[tuple[str, subprocess.Popen, Path]] = []

    def start(self, name: str, command: list[str], env: dict, log: Path) -> subprocess.Popen:
        with log.open("w") as output:
            process = subprocess.Popen(  # noqa: S603 - our own commands
                command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        self.started.append((name, process, log))
        return process

    def check_alive(self) -> None:
        for name, process, log in self.started:
            if process.poll() is not None:
                raise SystemExit(f"prod-check: {name} exited ({process.returncode}):\n{tail(log)}")

    def stop(self) -> None:
        for _, process, _ in reversed(self.started):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _, process, _ in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def tail(log: Path, lines: int = 60) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def run(command: list[str], env: dict) -> str:
    """A documented command, as written; stop the check when it fails."""
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - our own commands
        command, cwd=REPO, env=env, capture_output=True, text=True
    )
    took = time.monotonic() - started
    print(f"   $ {' '.join(str(c) for c in command)}  ({took:.0f} s)", flush=True)
    if result.returncode != 0:
        raise SystemExit(f"prod-check: {command[1:3]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def run_in_order(*commands: list[str], env: dict) -> None:
    for command in commands:
        run(command, env)


def production_env(tmp: Path, database_url: str, port: int, smtp_port: int) -> dict[str, str]:
    """Only environment variables, as docs/deploy.md lists them: no test settings, no swaps."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "USER")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        DEFAULT_FROM_EMAIL="Zorgwijs <noreply@zorgwijs.localhost>",
        SITE_URL=f"http://127.0.0.1:{port}",
        ZORGWIJS_VAR_DIR=str(tmp / "var"),
        STATIC_ROOT=str(tmp / "static"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def demo_logins(output: str) -> dict[str, dict[str, str | None]]:
    """The logins `zorgwijs_demo` prints (e-mail, roles, TOTP secret), as a person reads them."""
    logins = {}
    for line in output.splitlines():
        match = re.match(r"\s+(\S+@\S+\.demo)\s+(.*?)(?:\s+TOTP: (\S+))?\s*$", line)
        if match:
            logins[match[1]] = {"roles": match[2].strip(), "totp": match[3]}
    password = re.search(r"wachtwoord: (\S+)", output)
    if not logins or password is None:
        raise SystemExit(f"prod-check: no demo logins in the output of zorgwijs_demo:\n{output}")
    return {"password": password[1], "accounts": logins}


def wait_for_http(url: str, processes: Processes, seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        processes.check_alive()
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"prod-check: {url} did not answer within {seconds} s")


def stack_start(
    tmp: Path,
    database: Database,
    processes: Processes,
    mail: MailSink,
    *,
    workers: int = WORKERS,
    demo_args: tuple[str, ...] = (),
    ready_seconds: int = 120,
) -> tuple[dict[str, str], dict]:
    """Build and start the production stack of docs/deploy.md; returns its environment (with
    ``SITE_URL``) and the demo logins. Shared with the load and fault benchmarks
    (benchmarks/load.py, benchmarks/faults.py): they measure what this check walks."""
    port = free_port()
    env = production_env(tmp, database.url, port, mail.port)
    python = str(VENV / "python")
    step(f"database {database.name}")
    database.create()
    mail.controller.start()
    step("the commands of docs/deploy.md")
    # The database commands and the file commands touch nothing of each other's: run the
    # two sequences side by side.
    with ThreadPoolExecutor(max_workers=2) as pool:
        sequences = [
            pool.submit(
                run_in_order,
                [python, "manage.py", "migrate", "--noinput"],
                [python, "manage.py", "createcachetable"],
                env=env,
            ),
            pool.submit(
                run_in_order,
                [python, "manage.py", "compilemessages", *COMPILEMESSAGES_IGNORE],
                [python, "manage.py", "collectstatic", "--noinput"],
                env=env,
            ),
        ]
        for sequence in sequences:
            sequence.result()
    run([python, "manage.py", "check", "--deploy"], env)
    step("demo data")
    logins = demo_logins(run([python, "manage.py", "zorgwijs_demo", *demo_args], env))
    (tmp / "logins.json").write_text(json.dumps(logins))
    step(f"gunicorn ({workers} workers) on 127.0.0.1:{port} and a task worker")
    gunicorn = f"{VENV}/gunicorn zorgwijs.wsgi --workers {workers} --bind 127.0.0.1:{port}"
    processes.start("gunicorn", gunicorn.split(), env, tmp / "gunicorn.log")
    worker_start(processes, env, tmp / "worker.log")
    wait_for_http(f"http://127.0.0.1:{port}/accounts/login/", processes, ready_seconds)
    return env, logins


def worker_start(processes: Processes, env: dict, log: Path) -> subprocess.Popen:
    """A task worker, as docs/deploy.md starts it."""
    worker = [str(VENV / "python"), "manage.py", "db_worker", "--queue-name", "*"]
    return processes.start("task worker", worker, env, log)


def log_alarms(processes: Processes) -> list[str]:
    """Lines of the server and worker logs that a healthy stack never writes."""
    return [
        f"{log.name}: {line}"
        for _, _, log in processes.started
        for line in log.read_text(errors="replace").splitlines()
        if LOG_ALARMS.search(line)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--serve", action="store_true", help="start the stack and wait")
    options, pytest_args = parser.parse_known_args()
    # Stopped by a signal (a CI timeout, `kill`): still stop what was started and drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    database = Database(os.environ.get("PROD_CHECK_DATABASE_URL", DEFAULT_DATABASE_URL))
    tmp = Path(tempfile.mkdtemp(prefix="zorgwijs-prod-check-"))
    processes = Processes()
    mail = MailSink(tmp / "mail")
    started = time.monotonic()
    try:
        env, _ = stack_start(tmp, database, processes, mail)
        python = str(VENV / "python")
        journey_vars = {
            "PROD_CHECK_URL": env["SITE_URL"],
            "PROD_CHECK_LOGINS": str(tmp / "logins.json"),
            "PROD_CHECK_MAIL": str(tmp / "mail"),
            "PLAYWRIGHT_BROWSERS_PATH": "0",
        }
        if options.serve:
            print("\n".join(f"export {name}={value}" for name, value in journey_vars.items()))
            step("serving; Ctrl-C stops everything")
            try:
                while True:
                    processes.check_alive()
                    time.sleep(5)
            except KeyboardInterrupt:
                return 0
        step(f"browser journeys ({JOURNEY_PROCESSES} browsers at a time)")
        journeys = subprocess.run(  # noqa: S603
            [
                str(VENV / "pytest"),
                "-n",
                str(JOURNEY_PROCESSES),
                # Journeys whose people share a profile (and so a language) run one after
                # another: @pytest.mark.xdist_group.
                "--dist",
                "loadgroup",
                "-o",
                "python_files=journey_*.py",
                "tests/prod/journeys",
                *pytest_args,
            ],
            cwd=REPO,
            env={**os.environ, **journey_vars},
        )
        processes.check_alive()
        alarms = log_alarms(processes)
        if alarms:
            print("prod-check: the server logs show errors:\n" + "\n".join(alarms[:40]))
            for _, _, log in processes.started:
                print(f"--- {log.name}\n{tail(log)}")
        step("backup drill on what the journeys left (app servers and worker stopped)")
        processes.stop()
        drill = subprocess.run(  # noqa: S603 - our own command, with the production environment
            [python, "scripts/backup.py", "drill", "--add-upload"], cwd=REPO, env=env
        )
        elapsed = time.monotonic() - started
        ok = journeys.returncode == 0 and not alarms and drill.returncode == 0
        step(f"{'passed' if ok else 'FAILED'} in {elapsed:.0f} s")
        return 0 if ok else 1
    finally:
        processes.stop()
        mail.controller.stop()
        database.drop()
        if options.keep:
            print(f"prod-check: logs, mail and static files kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


# As in docs/deploy.md: the translations of the project, not of the installed packages.
COMPILEMESSAGES_IGNORE = ["--ignore=.venv", "--ignore=.tools", "--ignore=node_modules"]

if __name__ == "__main__":
    sys.exit(main())
