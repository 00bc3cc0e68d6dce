"""Project and knowledge pages on the production stack: one client, then sixteen at once.

Starts `make prod-check`'s stack (PostgreSQL on a cluster of its own, DEBUG=0, the
collectstatic manifest, gunicorn, a task worker), signs the demo's nurse in through the form
once per client, and asks each page first from one client (median and p95 of the response
time over ``--repeat`` requests, after a warm-up) and then from ``--clients`` clients at once
for ``--seconds`` (requests per second, every answer must be a 200). ``/healthz`` is measured
the same way in the same run. Budgets (issue 12): project and knowledge page ≤ 8 ms median with
one client and ≥ 250 requests/s with 16. The clients run on the same two cores as the server,
so they are geventhttpclient's (what locust's FastHttpUser uses), greenlets in one process: a
client of Python ``requests`` in threads cost ~4 ms a request itself, more than ``/healthz``.

    .venv/bin/python benchmarks/page_throughput.py
    .venv/bin/python benchmarks/page_throughput.py --clients 16 --seconds 20 --workers 4
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import time
from urllib.parse import urlsplit

import gevent
import requests
from _stack import stack, step
from geventhttpclient import HTTPClient
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


def fast_client(base: str, session: requests.Session) -> HTTPClient:
    """A keep-alive connection carrying ``session``'s cookies."""
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    address = urlsplit(base)
    return HTTPClient(
        address.hostname,
        address.port,
        concurrency=1,
        connection_timeout=60,
        network_timeout=60,
        headers={"Cookie": cookie},
    )


def fetch(client: HTTPClient, path: str) -> int:
    response = client.get(path)
    response.read()
    return response.status_code


def one_client(client: HTTPClient, path: str, repeat: int) -> tuple[float, float]:
    for _ in range(10):
        assert fetch(client, path) == 200, path
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        assert fetch(client, path) == 200, path
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def many_clients(clients: list[HTTPClient], path: str, seconds: float) -> tuple[float, int]:
    """Requests per second of ``clients`` asking ``path`` at once, and the answers not 200."""
    done, failed = [0], [0]
    stop = time.perf_counter() + seconds

    def ask(client: HTTPClient) -> None:
        while time.perf_counter() < stop:
            if fetch(client, path) != 200:
                failed[0] += 1
            done[0] += 1

    started = time.perf_counter()
    gevent.joinall([gevent.spawn(ask, client) for client in clients])
    return done[0] / (time.perf_counter() - started), failed[0]


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
        signed = [fast_client(running.url, session) for session in sessions]
        # /healthz as a load balancer asks it: without anyone's session.
        anonymous = [fast_client(running.url, requests.Session()) for _ in sessions]
        failures = 0
        for label, path in pages.items():
            clients = anonymous if path == "/healthz" else signed
            median, p95 = one_client(clients[0], path, args.repeat)
            rate, failed = many_clients(clients, path, args.seconds)
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
