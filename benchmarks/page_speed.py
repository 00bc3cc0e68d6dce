"""Server time of the pages people land on, single client, after the demo is loaded.

    .venv/bin/python benchmarks/page_speed.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zorgwijs_pages .venv/bin/python \
        benchmarks/page_speed.py

In-process (Django's test client, DEBUG off, no network): the median and p95 of ``--repeat``
requests after one warm-up each, for a project page (with its comparable projects and "wie kan
ik benaderen"), a knowledge page and a search over everything, as a nurse of UMC Zuidwest.
Budgets (issue 12): project and knowledge page ≤ 8 ms median. Short runs on a shared machine:
the load average is printed next to the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from search_eval import NURSE, setup


def timed(client, path: str, repeat: int) -> tuple[float, float]:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="keep the previous run's demo")
    args = parser.parse_args()
    # Development settings serve static files without the collectstatic manifest; DEBUG's
    # own costs (query logging, debug pages) are switched off again below.
    os.environ.setdefault("DEBUG", "1")
    setup(args.reuse)
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from zorgwijs.accounts.models import User
    from zorgwijs.knowledge.models import Page
    from zorgwijs.projects.models import Project

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(User.objects.get(email=NURSE))
    with scopes_disabled():
        project = Project.objects.get(external_id="p001")
        page = Page.objects.filter(validated_revision__isnull=False).order_by("pk").first()
        assert page is not None
        paths = {
            "project page": project.get_absolute_url(),
            "knowledge page": reverse(
                "knowledge:page", kwargs={"space_slug": page.space.slug, "page_id": page.pk}
            ),
            "search page (everything)": "/zoeken/?q=infuuspomp+alarm",
        }
    for label, path in paths.items():
        median, p95 = timed(client, path, args.repeat)
        print(
            f"{label:<26} median {median:5.1f} ms  p95 {p95:5.1f} ms  "
            f"(load {os.getloadavg()[0]:.1f})"
        )


if __name__ == "__main__":
    main()
