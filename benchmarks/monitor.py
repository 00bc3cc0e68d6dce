"""The regional HR monitor: disclosure control over 10,000 cells, and the monitor page of a
network of 50 organisations over five years (time and queries).

    .venv/bin/python benchmarks/monitor.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_monitor \\
        .venv/bin/python benchmarks/monitor.py

The organisations are spread over six sectors; every third one reports per function group
(five rows instead of one), so the function-group breakdown and its relations are exercised.
"""

from __future__ import annotations

import datetime
import os
import random
import time

from _setup import database_label, django_setup, timed

ORGANISATIONS = 50
QUARTERS = 20
SECTORS = ["vvt", "ziekenhuis", "ggz", "gehandicaptenzorg", "jeugdzorg", "huisartsenzorg"]
GROUPS = ["verpleging", "medisch", "ondersteuning", "behandeling", "management"]


def _row(rnd: random.Random, headcount: int) -> dict:
    from zorgwijs.monitor.indicators import FIGURE_FIELDS

    row = {name: rnd.randint(0, max(1, headcount // 25)) for name in FIGURE_FIELDS}
    vacancies = rnd.randint(0, max(1, headcount // 20))
    row.update(
        headcount=headcount,
        fte=round(headcount * 0.7, 1),
        absence_percent=round(rnd.uniform(3, 9), 2),
        vacancies=vacancies,
        vacancies_hard=rnd.randint(0, vacancies),
        temp_hours=rnd.randint(0, headcount * 5),
    )
    return row


def _rows(rnd: random.Random, org: int) -> list[dict]:
    sector = SECTORS[org % len(SECTORS)]
    groups = GROUPS if org % 3 == 0 else [""]
    return [
        {**_row(rnd, rnd.randint(20, 900)), "sector": sector, "function_group": g} for g in groups
    ]


def suppression() -> None:
    from zorgwijs.monitor import disclosure
    from zorgwijs.monitor.indicators import atom_values

    rnd = random.Random(7)
    quarters = []
    cells = 0
    while cells < 10_000:
        contributions = [
            disclosure.Contribution(org, row["sector"], row["function_group"], atom_values(row))
            for org in range(ORGANISATIONS)
            for row in _rows(rnd, org)
        ]
        quarters.append(contributions)
        cells += len(disclosure.protect_cells(contributions, disclosure.Rules()))

    def run() -> None:
        for contributions in quarters:
            disclosure.protect_cells(contributions, disclosure.Rules())

    started = time.process_time()
    ms, best = timed(run, repeat=5)
    # CPU time moves less with the machine's load than wall-clock time (one warm-up + 5 runs).
    cpu = (time.process_time() - started) * 1000 / 6
    print(
        f"suppression: {cells} cells ({len(quarters)} quarters): "
        f"median {ms:.0f} ms, best {best:.0f} ms, CPU mean {cpu:.0f} ms "
        f"(load average {os.getloadavg()[0]:.1f})"
    )


def page() -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from zorgwijs.accounts.models import User
    from zorgwijs.monitor.models import FigureRow, Submission
    from zorgwijs.monitor.services import releases_refresh
    from zorgwijs.organisations.models import (
        Membership,
        Network,
        NetworkMembership,
        Organisation,
        Role,
        RoleAssignment,
    )

    with scopes_disabled():
        network, _ = Network.objects.get_or_create(slug="bench-monitor", defaults={"name": "Bench"})
        orgs = []
        for i in range(ORGANISATIONS):
            org, _ = Organisation.objects.get_or_create(
                slug=f"bench-monitor-{i}", defaults={"name": f"Bench {i}", "kind": "vvt"}
            )
            NetworkMembership.objects.get_or_create(network=network, organisation=org)
            orgs.append(org)
        user, _ = User.objects.get_or_create(
            email="hr@bench-monitor.test", defaults={"full_name": "HR"}
        )
        membership, _ = Membership.objects.get_or_create(organisation=orgs[0], user=user)
        RoleAssignment.objects.get_or_create(
            organisation=orgs[0], membership=membership, role=Role.HR_ADVISER
        )
        if not Submission.objects.filter(organisation=orgs[0]).exists():
            rnd = random.Random(11)
            quarters = [datetime.date(2020 + q // 4, q % 4 * 3 + 1, 1) for q in range(QUARTERS)]
            pairs = []
            for index, org in enumerate(orgs):
                for quarter in quarters:
                    submission = Submission(
                        organisation=org,
                        period_kind="quarter",
                        period_start=quarter,
                        version=1,
                        status="shared",
                        source="upload",
                    )
                    pairs.append((submission, _rows(rnd, index)))
            Submission.objects.bulk_create([s for s, _ in pairs])
            FigureRow.objects.bulk_create(
                FigureRow(organisation_id=s.organisation_id, submission=s, **row)
                for s, rows in pairs
                for row in rows
            )
            releases_refresh(network)
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # As in tests: keep the connection across requests, so its queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(user)
    url = reverse(
        "monitor:network", kwargs={"org_slug": orgs[0].slug, "network_slug": network.slug}
    )
    # Static files as in development: the benchmark measures the page, not a collected manifest.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        queries: list[str] = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url + "?indicator=outflow")
        assert response.status_code == 200, response.status_code
        ms, best = timed(lambda: client.get(url + "?indicator=outflow"), repeat=5)
    print(
        f"monitor page, {ORGANISATIONS} organisations × {QUARTERS} quarters: "
        f"median {ms:.0f} ms, best {best:.0f} ms, {len(queries)} queries"
    )


def main() -> None:
    django_setup("monitor")
    print(f"database: {database_label()}")
    suppression()
    page()


if __name__ == "__main__":
    main()
