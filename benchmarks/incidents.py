"""Incident trends and triage list at a large hospital's volume, and the identifier check.

    .venv/bin/python benchmarks/incidents.py [--size 20000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_incidents \\
        .venv/bin/python benchmarks/incidents.py

A large Dutch hospital registers roughly 5,000–10,000 VIM reports a year; ``--size`` reports
are spread over the last twelve months, 12 devices and 30 departments. Prints the trends per
device and per department (one grouped query each), the first page of the triage list with
its total, and the patient-identifier check on a long report text.
"""

from __future__ import annotations

import argparse
import datetime

from _setup import database_label, django_setup, timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=20000)
    args = parser.parse_args()
    django_setup(f"incidents-{args.size}")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scope, scopes_disabled

    from zorgwijs.incidents.identifiers import patient_identifier_problems
    from zorgwijs.incidents.models import Incident
    from zorgwijs.incidents.selectors import IncidentFilter, incident_trends, incidents_for_triage
    from zorgwijs.organisations.access import org_access_for

    with scopes_disabled():
        organisation, user = _world(args.size)
    access = org_access_for(user, organisation.slug)
    with scope(organisation=organisation.pk):
        total = Incident.objects.filter(organisation=organisation).count()
        print(f"database: {database_label()}, incidents: {total}")
        for per in ("device", "department"):
            with CaptureQueriesContext(connection) as queries:
                incident_trends(access, per=per)
            ms, best = timed(lambda per=per: incident_trends(access, per=per))
            print(
                f"trends per {per}: median {ms:.0f} ms, best {best:.0f} ms, {len(queries)} queries"
            )

        def first_page():
            rows = incidents_for_triage(access, IncidentFilter(status="reported"))
            return list(rows[:200]), rows.count()

        ms, best = timed(first_page)
        print(
            f"triage list, status filter, first 200 + total: median {ms:.0f} ms, best {best:.0f} ms"
        )
    text = (
        "De patiënt kreeg om 14:00 de medicatie via de infuuspomp (serienummer 123456789). " * 60
    )[:5000]
    ms, best = timed(lambda: patient_identifier_problems(text), repeat=20)
    print(f"patient-identifier check, {len(text)} characters: median {ms:.2f} ms")


def _world(size: int):
    from django.utils import timezone

    from zorgwijs.accounts.models import User
    from zorgwijs.competences.models import CompetenceItem, ItemKind
    from zorgwijs.incidents.models import Incident
    from zorgwijs.organisations.models import (
        Department,
        Membership,
        Organisation,
        Role,
        RoleAssignment,
    )

    slug = f"bench-incidents-{size}"
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is not None:
        user = User.objects.get(email=f"vim@{slug}.bench")
        return organisation, user
    organisation = Organisation.objects.create(slug=slug, name="Bench", kind="umc")
    user = User.objects.create_user(f"vim@{slug}.bench", None, full_name="VIM")
    membership = Membership.objects.create(organisation=organisation, user=user)
    RoleAssignment.objects.create(
        organisation=organisation, membership=membership, role=Role.INCIDENT_COMMITTEE
    )
    departments = [
        Department.objects.create(organisation=organisation, name=f"Afdeling {i}", path="/")
        for i in range(30)
    ]
    devices = [
        CompetenceItem.objects.create(
            organisation=organisation, kind=ItemKind.DEVICE, name=f"Apparaat {i}"
        )
        for i in range(12)
    ]
    now = timezone.now()
    statuses = ("reported", "in_analysis", "measures", "closed")
    Incident.objects.bulk_create(
        (
            Incident(
                organisation=organisation,
                occurred_at=now - datetime.timedelta(hours=i * 8760 / size * 0.99),
                location="x",
                department=departments[i % 30],
                device=devices[i % 12] if i % 3 else None,
                category="device",
                outcome="near_miss",
                severity="none",
                what_happened="x",
                status=statuses[i % 4],
                is_anonymous=bool(i % 5 == 0),
            )
            for i in range(size)
        ),
        batch_size=2000,
    )
    return organisation, user


if __name__ == "__main__":
    main()
