"""Project and knowledge pages on the production stack: one client, then sixteen at once.

Starts `make prod-check`'s stack (PostgreSQL on a cluster of its own, DEBUG=0, the
collectstatic manifest, gunicorn, a task worker), signs the demo's nurse in through the form
once per client, and asks each page first from one client (median and p95 of the response
time over ``--repeat`` requests, after a warm-up) and then from ``--clients`` clients at once
for ``--seconds`` (requests per second, every answer must be a 200). ``/healthz`` is measured
the same way in the same run. Budgets (issue 12): project and knowledge page ≤ 8 ms median with
one client and ≥ 250 requests/s with 16. The clients run on the same two cores as the server.

    .venv/bin/python benchmarks/page_throughput.py
    .venv/bin/python benchmarks/page_throughput.py --clients 16 --seconds 20 --workers 4
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import threading
import time

import requests
from _stack import stack, step
from search_eval import NURSE

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The pages benchmarks/page_speed.py measures in-process: a demo project, a validated page.
PATHS = """
from django_scopes import scopes_disabled
from zorgwijs.knowledge.models import Page
from zorgwijs.projects.models import Project
with scopes_disabled():
    page = Page.objects.filter(validated_revision__isnull=False).order_by("pk").first()
    print(Project.objects.get(external_id="p001").get_absolute_url())
    print(f"/kennis/{page.space.slug}/pagina/{page.pk}/")
"""


def signed_in(url: str, password: str) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{url}/accounts/login/", timeout=60).text
    data = {"login": NURSE, "password": password, "csrfmiddlewaretoken": CSRF.search(form)[1]}
    answer = session.post(f"{url}/accounts/login/", data=data, timeout=60)
    if "/accounts/" in answer.url:
        raise RuntimeError(f"{NURSE} was not signed in: {answer.url}")
    return session


def one_client(session: requests.Session, url: str, repeat: int) -> tuple[float, float]:
    for _ in range(10):
        session.get(url, timeout=60).raise_for_status()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        session.get(url, timeout=60).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def many_clients(sessions: list[requests.Session], url: str, seconds: float) -> tuple[float, int]:
    """Requests per second of ``sessions`` asking ``url`` at once, and the answers not 200."""
    done, failed = [0] * len(sessions), [0] * len(sessions)
    stop = time.perf_counter() + seconds

    def ask(i: int) -> None:
        while time.perf_counter() < stop:
            if sessions[i].get(url, timeout=60).status_code != 200:
                failed[i] += 1
            done[i] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(sessions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started), sum(failed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    with stack(workers=args.workers, prefix="zorgwijs-throughput-") as running:
        printed = running.manage("shell", "-c", PATHS).split()
        project, knowledge = [word for word in printed if word.startswith("/")]
        pages = {"/healthz": "/healthz", "project page": project, "knowledge page": knowledge}
        step(f"signing the nurse in {args.clients} times")
        sessions = [signed_in(running.url, running.logins["password"]) for _ in range(args.clients)]
        failures = 0
        for label, path in pages.items():
            url = running.url + path
            median, p95 = one_client(sessions[0], url, args.repeat)
            rate, failed = many_clients(sessions, url, args.seconds)
            failures += failed
            print(
                f"{label:<15} one client: median {median:5.1f} ms, p95 {p95:5.1f} ms;  "
                f"{args.clients} clients: {rate:6.0f} requests/s, {failed} not 200  "
                f"(load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
        if failures:
            raise SystemExit(f"{failures} answers were not 200")


if __name__ == "__main__":
    main()
