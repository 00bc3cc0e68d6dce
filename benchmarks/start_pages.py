"""Start page and passport per role, next to /healthz: server time and query count.

    .venv/bin/python benchmarks/start_pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zorgwijs_bench \
        .venv/bin/python benchmarks/start_pages.py

Loads the demo world once (into var/bench/start_pages/ on SQLite), then signs each demo
account in and requests, in-process with DEBUG off (production settings): ``/healthz``, the
start page ``/`` and the person's own passport in their first organisation. Prints the median
and best of ``--repeat`` runs in milliseconds, the mean CPU time of this process per request
(SQLite runs inside it; on a shared machine the steadier figure) and the number of queries of
one request, all from the cache (nothing changed between the requests), and "cold": the
median after a write elsewhere made a new data generation (core/data_cache.py), when the
panels are worked out again. The
budget (issue "every role's working day"): ≤ 8 ms median, a query count that does not grow
with what the person follows or holds (tests/core/test_start_pages.py checks the latter).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from _setup import database_label, django_setup, timed


def timed_cpu(fn, *, repeat: int) -> tuple[float, float, float]:
    """``timed``'s median and best wall time, and the mean CPU time per call (ms)."""
    started = time.process_time()
    ms, best = timed(fn, repeat=repeat)
    return ms, best, (time.process_time() - started) * 1000 / (repeat + 1)


def timed_cold(fn, *, repeat: int) -> float:
    """Median wall time (ms) of ``fn`` right after a write elsewhere made a new data
    generation: the start page and passport worked out again instead of read from the cache."""
    from zorgwijs.core.data_cache import generation_bump

    times = []
    for _ in range(repeat):
        generation_bump()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _session_with_two_factors(client, user) -> None:
    """As tests/signin.py does: the session records a second factor, as allauth would."""
    from allauth.account.internal.flows import login as allauth_login
    from allauth.account.internal.userkit import user_id_to_str

    client.force_login(user)
    session = client.session
    session[allauth_login._AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session[allauth_login.AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session.save()


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "0")
    django_setup("start_pages")
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from zorgwijs.accounts.models import User
    from zorgwijs.core.demo.loader import demo_is_loaded, demo_load, demo_logins
    from zorgwijs.organisations.access import active_memberships_of

    if not demo_is_loaded():
        demo_load()
    # Production settings, except that static URLs come without the collectstatic manifest
    # (a dictionary lookup in production; this script does not run collectstatic).
    from django.test.utils import override_settings

    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    print(
        f"database: {database_label()}, repeat: {args.repeat}, load {os.getloadavg()[0]:.1f} "
        "(median / best wall ms, CPU ms; queries; cold: median ms after a write elsewhere)"
    )
    anonymous = Client()
    ms, best = timed(lambda: anonymous.get("/healthz"), repeat=args.repeat)
    print(f"{'/healthz':<44} {ms:7.2f} / {best:6.2f}   {_queries(anonymous, '/healthz'):3d} q")
    ms, best = timed(lambda: anonymous.get("/"), repeat=args.repeat)
    print(f"{'visitor: /':<44} {ms:7.2f} / {best:6.2f}   {_queries(anonymous, '/'):3d} q")
    from zorgwijs.accounts.mfa_policy import must_enrol_mfa

    with scopes_disabled():
        people = list(User.objects.filter(email__endswith=".demo"))
    ms, best = timed(lambda: [must_enrol_mfa(p) for p in people], repeat=args.repeat)
    n = len(people)
    print(f"{'two-factor policy, per request':<44} {ms / n:7.2f} / {best / n:6.2f}")
    for login in demo_logins():
        with scopes_disabled():
            user = User.objects.get(email=login.email)
            memberships = active_memberships_of(user)
        client = Client()
        _session_with_two_factors(client, user)
        label = f"{login.email.split('@')[0]} ({login.roles})"[:36]
        ms, best, cpu = timed_cpu(lambda c=client: c.get("/"), repeat=args.repeat)
        queries = _queries(client, "/")
        cold = timed_cold(lambda c=client: c.get("/"), repeat=args.repeat)
        print(
            f"{label:<36} start    {ms:7.2f} / {best:6.2f} cpu {cpu:6.2f}  {queries:3d} q"
            f"  cold {cold:7.2f}"
        )
        if memberships:
            url = reverse(
                "competences:my_passport", kwargs={"org_slug": memberships[0].organisation.slug}
            )
            ms, best, cpu = timed_cpu(lambda c=client, u=url: c.get(u), repeat=args.repeat)
            queries = _queries(client, url)
            cold = timed_cold(lambda c=client, u=url: c.get(u), repeat=args.repeat)
            print(
                f"{'':<36} passport {ms:7.2f} / {best:6.2f} cpu {cpu:6.2f}  {queries:3d} q"
                f"  cold {cold:7.2f}"
            )
    print(f"load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
