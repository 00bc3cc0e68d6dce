"""Competence passport budgets at scale (issue: organisation of 20,000 people).

    .venv/bin/python benchmarks/competences.py [--size 20000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zorgwijs_bench \\
        .venv/bin/python benchmarks/competences.py

Prints: the organisation dashboard (budget ≤ 1 s), the team matrix for ~100 people (≤ 150 ms,
query count), "who is competent for X" (≤ 100 ms); and, for the dashboard, the plainest correct
implementation (per-person status in a Python loop) and the floor (one hand-written SQL
aggregate), with both ratios.
"""

from __future__ import annotations

import argparse
from collections import Counter

from _setup import database_label, django_setup, timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument(
        "--no-baselines",
        action="store_true",
        help="skip the plain loop and the SQL floor (minutes each at this size)",
    )
    args = parser.parse_args()
    django_setup(f"competences-{args.size}")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_scopes import scope, scopes_disabled

    from zorgwijs.competences.dashboard import compliance_by, compliance_total
    from zorgwijs.competences.models import CompetenceItem, PassportLine
    from zorgwijs.competences.selectors import MatrixFilter, team_matrix
    from zorgwijs.core.demo.scale import scale_organisation_load
    from zorgwijs.organisations.access import org_access_for
    from zorgwijs.organisations.models import Membership, Role, RoleAssignment

    with scopes_disabled():
        organisation = scale_organisation_load(size=args.size)
        admin = _admin(organisation, Membership, RoleAssignment, Role)
    access = org_access_for(admin.user, organisation.slug)
    today = timezone.localdate()
    with scope(organisation=organisation.pk):
        lines = PassportLine.objects.filter(organisation=organisation, level="required").count()
        people = Membership.objects.filter(organisation=organisation).active(today).count()
        print(f"database: {database_label()}, people: {people}, required lines: {lines}")

        def dashboard():  # what the dashboard view computes for its first screen
            rows = compliance_by(organisation=organisation, on=today, dimension="department")
            compliance_total(organisation=organisation, on=today, by_department=rows)
            return rows

        ms, best = timed(dashboard)
        print(
            f"organisation dashboard (total + per department): median {ms:.0f} ms, "
            f"best {best:.0f} ms  (budget 1000 ms)"
        )
        if not args.no_baselines:
            _baselines(ms, dashboard, organisation, today, connection)

        department_id, size = _team_of_about(organisation, 100)
        filters = MatrixFilter(department_id=department_id)
        ms, best = timed(lambda: team_matrix(access=access, on=today, filters=filters))
        with CaptureQueriesContext(connection) as queries:
            matrix = team_matrix(access=access, on=today, filters=filters)
        print(
            f"team matrix ({len(matrix.people)} people x {len(matrix.items)} items): "
            f"median {ms:.0f} ms, best {best:.0f} ms, {len(queries)} queries (budget 150 ms)"
        )

        _roster(access, organisation, today, CompetenceItem)


def _roster(access, organisation, today, CompetenceItem) -> None:
    """What "wie is bekwaam" computes: counts per department for the whole organisation, then
    the names of one department; and, for reference, every name at once (the API without a
    department filter)."""
    from zorgwijs.competences.selectors import competent_counts, competent_for

    items = CompetenceItem.objects.filter(organisation=organisation)
    for item in (items.filter(kind="device").first(), items.filter(kind="training").first()):
        if item is None:
            continue
        ms, best = timed(lambda item=item: competent_counts(access=access, item=item, on=today))
        counts = competent_counts(access=access, item=item, on=today)
        total = sum(c.competent for c in counts)
        print(
            f"who is competent for '{item.name}': counts for {len(counts)} departments "
            f"({total} people): median {ms:.0f} ms, best {best:.0f} ms (budget 100 ms)"
        )
        largest = max((c for c in counts if c.department_id), key=lambda c: c.competent)
        ms, best = timed(
            lambda item=item, department=largest.department_id: competent_for(
                access=access, item=item, on=today, department_id=department
            )
        )
        print(
            f"  names for its largest department ({largest.competent} people): "
            f"median {ms:.0f} ms, best {best:.0f} ms (budget 100 ms)"
        )
        ms, best = timed(lambda item=item: competent_for(access=access, item=item, on=today))
        print(f"  every name at once ({total} people, API without filter): median {ms:.0f} ms")


def _baselines(ms, dashboard, organisation, today, connection) -> None:
    """The plainest correct implementation and the hand-written floor, with both ratios."""
    plain_ms, _ = timed(lambda: _plain_loop(organisation, today), repeat=1)
    floor_ms, _ = timed(lambda: _floor(connection, organisation.pk, today))
    print(
        f"  plain Python loop: {plain_ms:.0f} ms -> ours is {plain_ms / ms:.0f}x faster "
        f"(goal >= 50x)"
    )
    print(
        f"  hand-written SQL floor: {floor_ms:.0f} ms -> ours is {ms / floor_ms:.2f}x the "
        f"floor (goal <= 2x)"
    )
    _check_same_answer(dashboard(), _floor(connection, organisation.pk, today))


def _admin(organisation, Membership, RoleAssignment, Role):
    membership = Membership.objects.filter(organisation=organisation).order_by("pk").first()
    RoleAssignment.objects.get_or_create(
        organisation=organisation, membership=membership, role=Role.ADMIN
    )
    return membership


def _team_of_about(organisation, wanted: int) -> tuple[int, int]:
    """The department whose whole subtree (what the matrix shows) is closest to ``wanted``."""
    from django.db.models import Count

    from zorgwijs.organisations.models import Department

    direct = dict(
        Department.objects.filter(organisation=organisation)
        .annotate(n=Count("primary_members"))
        .values_list("path", "n")
    )
    ids = dict(Department.objects.filter(organisation=organisation).values_list("path", "pk"))
    subtree = {path: sum(n for p, n in direct.items() if p.startswith(path)) for path in direct}
    path = min(subtree, key=lambda p: abs(subtree[p] - wanted))
    return ids[path], subtree[path]


def _plain_loop(organisation, today):
    """The plainest correct dashboard: per person, requirements from the profiles and status
    folded from their records in Python (all records read in one pass, no N+1)."""
    from zorgwijs.competences.models import CompetenceRecord
    from zorgwijs.competences.requirements import profile_rules, requirements_of
    from zorgwijs.competences.standing import expiring_from, standing_from_records
    from zorgwijs.competences.status import COMPETENT, status_of
    from zorgwijs.organisations.models import Membership

    rules = profile_rules(organisation)
    items = {i.pk: i for i in organisation_items(organisation)}
    result: Counter = Counter()
    members = (
        Membership.objects.filter(organisation=organisation)
        .active(today)
        .select_related("primary_department")
        .prefetch_related("extra_departments")
    )
    records_of: dict = {}
    for record in CompetenceRecord.objects.filter(organisation=organisation).iterator(2000):
        records_of.setdefault((record.person_id, record.item_id), []).append(record)
    for member in members:
        for item_id in requirements_of(member, rules, {}):
            standing = standing_from_records(records_of.get((member.user_id, item_id), []))
            status = status_of(
                ever_qualified=standing.ever_qualified,
                valid_until=standing.valid_until,
                expiring_from=expiring_from(standing.valid_until, items[item_id].warning_days),
                exempt_until=standing.exempt_until,
                suspended=standing.suspended,
                in_progress=False,
                on=today,
            )
            department = member.primary_department.name if member.primary_department else "—"
            result[(department, "required")] += 1
            result[(department, "competent")] += status in COMPETENT
    return result


def organisation_items(organisation):
    from zorgwijs.competences.models import CompetenceItem

    return CompetenceItem.objects.filter(organisation=organisation)


FLOOR_SQL = """
SELECT d.name, COUNT(*),
       SUM(CASE WHEN l.suspended THEN 0
                WHEN l.exempt_until >= %(on)s THEN 1
                WHEN l.ever_qualified AND (l.valid_until IS NULL OR l.valid_until >= %(on)s)
                THEN 1 ELSE 0 END)
FROM competences_passportline l
JOIN organisations_membership m ON m.id = l.membership_id
LEFT JOIN organisations_department d ON d.id = m.primary_department_id
WHERE l.organisation_id = %(org)s AND l.level = 'required'
  AND (m.start_date IS NULL OR m.start_date <= %(on)s)
  AND (m.end_date IS NULL OR m.end_date >= %(on)s)
GROUP BY d.name
"""


def _floor(connection, organisation_id, today):
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, {"on": today, "org": organisation_id})
        return cursor.fetchall()


def _check_same_answer(ours, floor):
    mine = {(r["label"], r["required"], r["competent"]) for r in ours}
    theirs = {(name or "—", required, competent) for name, required, competent in floor}
    if mine != theirs:
        raise SystemExit(f"dashboard and SQL floor disagree: {mine ^ theirs}")


if __name__ == "__main__":
    main()
