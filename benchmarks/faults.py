"""Faults on the production stack: PostgreSQL restarted under load, a task worker killed mid-mail.

The stack is benchmarks/load.py's (prod-check's, on a PostgreSQL cluster of its own, so the
database can be stopped without touching anyone else's):

1. *Database restart.* The simulated people of benchmarks/load.py work; the cluster is stopped
   the hard way (``pg_ctl stop -m immediate``: a crash, recovered from the WAL), kept down a few
   seconds and started again. Passes when /healthz answers within 10 s of the database being
   back, no request that starts after that gets a 5xx or a connection error, and every write
   a person saw acknowledged (a question, a sign-off request) is in the database.
2. *Task worker killed.* With mail pending from the load (notification digests) and the
   generated organisation's expiring qualifications (reminders, managers' digests), the daily
   runs are queued; the worker is killed with SIGKILL (by pid) once in the middle of the
   reminders run and once in the middle of sending, and a new one started each time. Passes
   when every mail task ran, each message reached the SMTP relay exactly once (per Message-ID
   and per recipient and kind), and no reminder, digest or notification was left unsent.

    .venv/bin/python benchmarks/faults.py            # 30 people, 90 s of load
    .venv/bin/python benchmarks/faults.py --quick    # 10 people, 30 s: the CI smoke test
"""

from __future__ import annotations

import argparse
import email
import json
import os
import signal
import sys
import time
import urllib.request
import uuid
from collections import Counter
from email import policy
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _stack import Stack, log_alarms, stack, step, wait_until, worker_start  # noqa: E402
from load import load_results, load_start, report  # noqa: E402

MAIL_TASKS = ("zorgwijs.core.tasks.send_email", "zorgwijs.core.tasks.send_email_to_address")
RESUMABLE = (
    *MAIL_TASKS,
    "zorgwijs.competences.reminders.daily",
    "zorgwijs.notifications.digests.notifications_daily",
)


def query(stack: Stack, sql: str, *params) -> list[tuple]:
    import psycopg

    with psycopg.connect(stack.database.url, connect_timeout=5) as connection:
        return connection.execute(sql, params).fetchall()


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


def jsonl(path: str) -> list[dict]:
    file = Path(path)
    return [json.loads(line) for line in file.read_text().splitlines()] if file.exists() else []


# 1. PostgreSQL restarted under load ------------------------------------------------------------


def database_restart(stack: Stack, options: argparse.Namespace) -> list[str]:
    step(f"fault 1: PostgreSQL restarted under {options.users} people's load")
    config = load_start(stack, options, floor=False)
    if wait_until(lambda: Path(config["mark_file"]).exists(), 600) is None:
        return ["the simulated people did not all sign in"]
    time.sleep(options.seconds / 4)
    stack.cluster.stop("immediate")
    time.sleep(options.down)
    stack.cluster.start()
    back_at = time.time()
    recovery = wait_until(lambda: healthy(stack.url), 60, interval=0.1)
    recovered_at = time.time()
    step(f"database down {options.down:.0f} s; app answered {recovery} s after it was back")
    results = load_results(config)
    report("load during the restart", results["mix"])

    problems = []
    if recovery is None or recovery > 10:
        problems.append(f"the app did not answer within 10 s of the database ({recovery})")
    late = [f for f in jsonl(config["failures"]) if f["at"] >= recovered_at]
    problems += [f"after recovery: {f['name']} {f['status']} {f['error']}" for f in late[:10]]
    during = [f for f in jsonl(config["failures"]) if f["at"] < recovered_at]
    writes = jsonl(config["acknowledged"])
    questions = [w["marker"] for w in writes if w["kind"] == "question"]
    sign_offs = [w["marker"] for w in writes if w["kind"] == "sign_off"]
    found_questions = query(
        stack, "SELECT count(*) FROM knowledge_question WHERE title = ANY(%s)", questions
    )[0][0]
    found_sign_offs = query(
        stack, "SELECT count(*) FROM competences_signoffrequest WHERE note = ANY(%s)", sign_offs
    )[0][0]
    after = sum(w["at"] >= back_at for w in writes)
    print(
        f"  failed requests while the database was away: {len(during)}; after recovery: "
        f"{len(late)}\n  acknowledged writes: {len(questions)} questions (in the database:"
        f" {found_questions}), {len(sign_offs)} sign-off requests (in the database:"
        f" {found_sign_offs}); {after} acknowledged after the restart"
    )
    if (found_questions, found_sign_offs) != (len(questions), len(sign_offs)):
        problems.append("acknowledged writes missing from the database")
    if not after:
        problems.append("no write was acknowledged after the restart")
    return problems


# 2. A task worker killed in the middle of the mail ---------------------------------------------


def task_counts(stack: Stack) -> dict[str, int]:
    sql = "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY 1"
    return dict(query(stack, sql))


def queue_idle(stack: Stack) -> bool:
    """Nothing waiting, and no resumable task running. A task of another kind that met the
    stopped database stays "running" for ever (django-tasks-db could not mark it failed), as
    before: it is not resumed, because running it twice is not known to be harmless."""
    running = query(
        stack,
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
        " AND task_path = ANY(%s)",
        list(RESUMABLE),
    )[0][0]
    due = query(
        stack,
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
        " AND (run_after <= now() OR run_after >= '9999-01-01')",  # not the ones for later
    )[0][0]
    return not due and not running


def pending(stack: Stack) -> list[str]:
    rows = query(
        stack,
        "SELECT task_path, status, count(*), min(enqueued_at), min(run_after)"
        " FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
        " GROUP BY 1, 2",
    )
    return [
        f"{n} {path} {status} since {since} (run after {after})"
        for path, status, n, since, after in rows
    ]


def worker_kill(stack: Stack) -> int:
    """SIGKILL the running task worker by its pid; returns the pid."""
    for entry in list(stack.processes.started):
        name, process, _ = entry
        if name == "task worker" and process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            stack.processes.started.remove(entry)
            return process.pid
    raise SystemExit("faults: no task worker running")


def mails(stack: Stack) -> list[email.message.EmailMessage]:
    folder = stack.tmp / "mail"
    return [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def worker_killed(stack: Stack) -> list[str]:
    step("fault 2: the task worker killed (SIGKILL) during reminders and digests")
    if wait_until(lambda: queue_idle(stack), 300) is None:
        return ["the task queue did not empty before the fault", *pending(stack)]
    before = {m["Message-ID"] for m in mails(stack)}
    since = query(stack, "SELECT now()")[0][0]
    stack.manage("zorgwijs_daily", "--enqueue")
    stack.manage("zorgwijs_notifications_daily", "--enqueue")
    kills = []
    running_daily = (
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
        " AND task_path = 'zorgwijs.competences.reminders.daily'"
    )
    if wait_until(lambda: query(stack, running_daily)[0][0], 120, interval=0.05) is not None:
        time.sleep(0.5)  # into the run: snapshot, claims, the first reminders
        kills.append(("in the reminders run", worker_kill(stack)))
        worker_start(stack.processes, stack.env, stack.tmp / "worker-2.log")
    sending = (
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
        " AND task_path = ANY(%s)"
    )
    if wait_until(
        lambda: len(mails(stack)) > len(before) + 2 and query(stack, sending, list(MAIL_TASKS)),
        120,
        interval=0.05,
    ):
        kills.append(("while sending", worker_kill(stack)))
        worker_start(stack.processes, stack.env, stack.tmp / "worker-3.log")
    for moment, pid in kills:
        print(f"  killed worker {pid} {moment}")
    if wait_until(lambda: queue_idle(stack), 300) is None:
        return ["the queue did not empty after the new worker started", *pending(stack)]

    # The daily run of a small organisation can be over before it is seen running; the kill
    # while sending is the one that must land.
    problems = [] if any(m == "while sending" for m, _ in kills) else ["no kill while sending"]
    failed = query(
        stack,
        "SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult"
        " WHERE status = 'FAILED' GROUP BY 1",
    )
    print(f"  failed tasks (any time in the run): {dict(failed)}")
    print(f"  tasks by state: {task_counts(stack)}")
    tasks = query(
        stack,
        "SELECT id, status, return_value FROM django_tasks_database_dbtaskresult"
        " WHERE task_path = ANY(%s) AND enqueued_at >= %s",
        list(MAIL_TASKS),
        since,
    )
    new = [m for m in mails(stack) if m["Message-ID"] not in before]
    per_id = Counter(str(uuid.UUID(m["Message-ID"].strip("<>").split("@")[0])) for m in new)
    expected = {str(task_id) for task_id, _, sent in tasks if sent}
    problems += [f"task {t} {s}" for t, s, _ in tasks if s != "SUCCESSFUL"][:10]
    # Not only the mail: a daily run that fails sends nothing at all (its claims were refused
    # on PostgreSQL, so no reminder went out while every mail "arrived once").
    failed_now = query(
        stack,
        "SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult"
        " WHERE status = 'FAILED' AND enqueued_at >= %s GROUP BY 1",
        since,
    )
    problems += [f"{n} × {path} failed" for path, n in failed_now]
    problems += [f"mail {i} arrived {n} times" for i, n in per_id.items() if n != 1][:10]
    problems += [f"mail {i} never arrived" for i in expected - set(per_id)][:10]
    kinds = Counter((m["X-Envelope-To"], m["Subject"]) for m in new)
    problems += [f"{who}: '{what}' {n} times" for (who, what), n in kinds.items() if n > 1][:10]
    leftovers = {
        "reminders claimed, never sent": "SELECT count(*) FROM competences_remindersent"
        " WHERE state = 'claimed'",
        "managers' digests claimed, never sent": "SELECT count(*) FROM competences_digestsent"
        " WHERE state = 'claimed'",
        "daily-digest notifications never mailed": "SELECT count(*) FROM"
        " notifications_notification WHERE delivery = 'daily' AND emailed_at IS NULL",
    }
    for what, sql in leftovers.items():
        count = query(stack, sql)[0][0]
        if count:
            problems.append(f"{count} {what}")
    print(
        f"  {len(tasks)} mail tasks after the daily runs, {len(new)} messages at the relay, "
        f"{len(per_id)} distinct Message-IDs, {len(kinds)} distinct (recipient, subject)"
    )
    return problems


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 people, 30 s: the smoke test")
    parser.add_argument("--users", type=int, default=None, help="default 30 (--quick: 10)")
    parser.add_argument("--seconds", type=float, default=None, help="default 90 (--quick: 30)")
    parser.add_argument("--down", type=float, default=5, help="seconds the database is down")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep logs and mail")
    parser.add_argument("--only", choices=("database", "worker"), help="one fault only")
    options = parser.parse_args()
    options.users = options.users or (10 if options.quick else 30)
    options.seconds = options.seconds or (30 if options.quick else 90)
    options.spawn_rate, options.think, options.floor_seconds = 5.0, (1.0, 4.0), 0
    return options


def main() -> int:
    options = arguments()
    started = time.monotonic()
    with stack(workers=options.workers, prefix="zorgwijs-faults-", keep=options.keep) as running:
        problems = []
        if options.only != "worker":
            problems += database_restart(running, options)
        if options.only != "database":
            problems += worker_killed(running)
        # The requests that met the stopped database logged their tracebacks: expected here,
        # so the verdict is what the people saw after recovery (above), not the log.
        alarms = log_alarms(running.processes)
    print(f"  log lines with errors (the outage included): {len(alarms)}")
    for problem in problems:
        print(f"  FAULT {problem}")
    ok = not problems
    print(f"faults: {'passed' if ok else 'FAILED'} in {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
