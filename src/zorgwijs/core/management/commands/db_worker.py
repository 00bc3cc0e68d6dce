"""``manage.py db_worker``: django-tasks-db's worker, which first resumes what a dead one left.

A worker killed mid-task (SIGKILL, out of memory, a power cut) leaves its task ``RUNNING`` for
ever: django-tasks-db never looks at it again, so an e-mail or a daily run would be lost. A
worker that starts therefore puts the resumable tasks (``core.tasks.RESUMABLE_TASKS``: running
them twice sends nothing twice) that are marked running back in the queue. It cannot tell a
dead worker's task from a live one's, and need not: a live run of the same task either holds
the row's lock (the mail) or its claims (the daily runs), and the second run finds nothing to do.

It also outlives a database restart: django-tasks-db's worker exits on the first failed query
(its process would need a supervisor to come back); this one waits for the database and goes on,
resuming the task it was running, as the app servers reconnect (CONN_HEALTH_CHECKS).

This command takes ``db_worker``'s name (zorgwijs.core is listed before django_tasks_db in
INSTALLED_APPS), so the command in docs/deploy.md and every process manager keep working.
"""

from __future__ import annotations

import time

from django.db import connections
from django.db.utils import OperationalError
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from zorgwijs.core.tasks import RESUMABLE_TASKS


def tasks_resume_orphaned(backend_name: str) -> int:
    """Put resumable tasks marked running back in the queue; returns how many."""
    return DBTaskResult.objects.filter(
        backend_name=backend_name, status=TaskResultStatus.RUNNING, task_path__in=RESUMABLE_TASKS
    ).update(status=TaskResultStatus.READY)


class Command(db_worker.Command):
    help = db_worker.Command.help + ", resuming the tasks a dead worker left running"

    def handle(self, *args, backend_name: str, **options) -> None:
        while True:
            try:
                resumed = tasks_resume_orphaned(backend_name)
                if resumed and options["verbosity"]:
                    self.stdout.write(f"Resumed {resumed} task(s) a stopped worker left running.")
                super().handle(*args, backend_name=backend_name, **options)
                return
            except OperationalError as error:
                self.stderr.write(f"Database unavailable ({error}); trying again in 1 s.")
                connections.close_all()
                time.sleep(1)
