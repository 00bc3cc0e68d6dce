"""E-mail through the real pieces: the database task queue, the `db_worker` command and an
SMTP server (aiosmtpd) on 127.0.0.1.

Two workers at once: django-tasks-db claims a task inside a transaction. On PostgreSQL that is
``SELECT … FOR UPDATE SKIP LOCKED``: two workers pick different rows without waiting for each
other. On SQLite ``select_for_update`` does nothing; the claim runs in ``BEGIN EXCLUSIVE``, which
locks the whole database file, so claims are serialised and the other worker waits for the lock
(up to the busy timeout, 20 s in settings.py). Either way each task is claimed, and its mail
sent, once. Caveats found on SQLite: if a worker waits longer than the busy timeout,
``BEGIN EXCLUSIVE`` raises "database is locked" outside django-tasks-db's retry and the worker
process exits (run it under a supervisor that restarts it); and in-memory shared-cache SQLite
(the test database) has no busy timeout at all, which is why the test below uses two real
processes on a file copy of the test database rather than two threads.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory
from tests.smtp import smtp_inbox
from zorgwijs.core.email import email_send

pytestmark = pytest.mark.django_db(transaction=True)

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
TASK_TABLE = DBTaskResult._meta.db_table


@pytest.fixture
def inbox(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with smtp_inbox(settings, delay=0.02) as handler:
        yield handler


@pytest.fixture
def keep_signal_handlers():
    """db_worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    names = [s for s in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, s)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    yield
    for name, handler in saved.items():
        signal.signal(getattr(signal, name), handler)


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_db_worker_sends_welcome_mail_over_smtp_in_each_recipients_language(
    inbox, keep_signal_handlers
):
    dutch = UserFactory(full_name="Eva Medewerker", email="eva@example.org", language="nl")
    english = UserFactory(full_name="John Nurse", email="john@example.org", language="en")
    for user in (dutch, english):
        email_send(to_user=user, template="welcome", context={"organisation": "Rivierenland"})
    assert DBTaskResult.objects.ready().count() == 2
    assert inbox.messages == [], "nothing is sent before a worker runs"

    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )

    assert DBTaskResult.objects.successful().count() == 2
    [nl], [en] = inbox.to("eva@example.org"), inbox.to("john@example.org")
    assert nl["Subject"] == "Je account bij Zorgwijs voor Rivierenland"
    assert nl["Content-Language"] == "nl"
    assert "Beste Eva," in _text(nl)
    assert 'lang="nl"' in _html(nl)
    assert en["Subject"] == "Your Zorgwijs account for Rivierenland", (
        "no English translation: run `make messages` (compilemessages) first"
    )
    assert en["Content-Language"] == "en"
    assert "Dear John," in _text(en)
    assert "has created a Zorgwijs account for you" in _html(en)
    assert 'lang="en"' in _html(en)
    assert "/accounts/login/" in _text(en)


def test_no_mail_when_the_change_that_asked_for_it_rolls_back(inbox):
    user = UserFactory(email="eva@example.org")

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        email_send(to_user=user, template="welcome", context={"organisation": "Rivierenland"})
        raise Rollback
    assert not DBTaskResult.objects.exists()


def test_a_deactivated_person_gets_no_mail(inbox, keep_signal_handlers):
    user = UserFactory(email="weg@example.org")
    email_send(to_user=user, template="welcome", context={"organisation": "Rivierenland"})
    user.is_active = False
    user.save()
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )
    assert inbox.messages == []
    assert DBTaskResult.objects.successful().get().return_value == 0


def _worker_database_url(tmp_path) -> str:
    """A DATABASE_URL under which another process sees this test's (committed) data.

    PostgreSQL: the test database itself. SQLite: the test database lives in memory, which no
    other process can open, so it is copied (VACUUM INTO) to a file, which is how
    SQLite runs in production too: WAL and a busy timeout, see settings.py.
    """
    connection = connections["default"]
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        host = params["HOST"] or "127.0.0.1"
        port = params["PORT"] or 5432
        user = params["USER"] or "postgres"
        return f"postgres://{user}@{host}:{port}/{params['NAME']}"
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    # VACUUM INTO copies through our own connection; the backup API waited forever for a
    # lock when a live-server test had run earlier in the same worker.
    connection.connection.execute("VACUUM INTO ?", (str(path),))
    return f"sqlite:///{path}"


def _task_rows(database_url: str) -> list[tuple[str, list[str]]]:
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            query = f"SELECT status, worker_ids FROM {TASK_TABLE}"  # noqa: S608 - our table
            rows = db.execute(query).fetchall()
        return [(status, json.loads(ids)) for status, ids in rows]
    return [(r.status, r.worker_ids) for r in DBTaskResult.objects.all()]


def test_two_worker_processes_at_once_send_each_mail_once(inbox, tmp_path):
    """Two real `manage.py db_worker --batch` processes on one queue of 30 mails."""
    count = 30
    users = [UserFactory(email=f"collega{i}@example.org") for i in range(count)]
    for user in users:
        email_send(to_user=user, template="welcome", context={"organisation": "Rivierenland"})
    database_url = _worker_database_url(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{inbox.port}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DEBUG": "0",
    }
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                str(MANAGE),
                "db_worker",
                "--batch",
                "--interval",
                "0.05",
                "--no-startup-delay",
                "--no-reload",
                "--worker-id",
                f"worker-{n}",
                "-v",
                "0",
            ],
            env=env,
            cwd=MANAGE.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for n in (1, 2)
    ]
    outputs = [w.communicate(timeout=180)[0].decode(errors="replace") for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs

    recipients = sorted(m["To"] for m in inbox.messages)
    assert recipients == sorted(u.email for u in users), "every mail exactly once"
    rows = _task_rows(database_url)
    assert len(rows) == count
    assert all(status == "SUCCESSFUL" for status, _ in rows), rows
    assert all(len(ids) == 1 for _, ids in rows), "no task was claimed twice"
    per_worker = {w: sum(ids == [w] for _, ids in rows) for w in ("worker-1", "worker-2")}
    print(f"{connections['default'].vendor}: tasks per worker {per_worker}")
