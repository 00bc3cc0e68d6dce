"""Gap analysis for one person and a cohort of 500 against a blueprint of 150 outcomes, and
the query count of a route page as its steps grow.

    .venv/bin/python benchmarks/learning.py [--people 500] [--outcomes 150]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_learning_bench \\
        .venv/bin/python benchmarks/learning.py

The blueprint has 10 work processes; a third of its outcomes are tied to catalogue items, whose
passport lines every person has in mixed states (valid, lapsed, missing); half of the people
bring a diploma whose track covers 60 outcome codes at mixed levels. Targets: one person
≤ 50 ms, the cohort ≤ 2 s, the route page's queries flat in its steps.
"""

from __future__ import annotations

import argparse
import datetime

from _setup import database_label, django_setup, timed

SLUG = "bench-learning"


def _world(people: int, outcomes: int):
    from zorgwijs.accounts.models import User
    from zorgwijs.competences.models import CompetenceItem, PassportLine
    from zorgwijs.learning.models import (
        Blueprint,
        BlueprintState,
        Curriculum,
        CurriculumOutcome,
        Outcome,
        PriorLearning,
        WorkProcess,
    )
    from zorgwijs.organisations.models import Department, Membership, Organisation

    organisation = Organisation.objects.filter(slug=SLUG).first()
    if organisation is not None:
        return organisation, Blueprint.objects.get(organisation=organisation)
    today = datetime.date.today()
    organisation = Organisation.objects.create(name="Benchmark UMC", slug=SLUG, kind="umc")
    school = Organisation.objects.create(
        name="Benchmark Hogeschool", slug=SLUG + "-school", kind="onderwijs"
    )
    department = Department.objects.create(organisation=organisation, name="Cathlab", path="/x/")
    department.path = f"/{department.pk}/"
    department.save()
    users = User.objects.bulk_create(
        User(email=f"lerende{n}@bench.example", full_name=f"Lerende {n}") for n in range(people)
    )
    members = Membership.objects.bulk_create(
        Membership(organisation=organisation, user=u, primary_department=department) for u in users
    )
    items = CompetenceItem.objects.bulk_create(
        CompetenceItem(
            organisation=organisation, kind="device", name=f"Apparaat {n}", validity_months=24
        )
        for n in range(outcomes // 3)
    )
    blueprint = Blueprint.objects.create(
        organisation=organisation,
        name="Interventiemedewerker",
        target_role="Interventiemedewerker",
        state=BlueprintState.PUBLISHED,
    )
    processes = WorkProcess.objects.bulk_create(
        WorkProcess(blueprint=blueprint, code=f"WP{n}", name=f"Werkproces {n}", position=n)
        for n in range(10)
    )
    Outcome.objects.bulk_create(
        Outcome(
            blueprint=blueprint,
            process=processes[n % 10],
            code=f"IC-{n}",
            title=f"Leeruitkomst {n}",
            indicators="Laat het zien",
            proof="practical" if n % 3 == 0 else "knowledge_test",
            level=1 + n % 4,
            item=items[n // 3] if n % 3 == 0 and n // 3 < len(items) else None,
            learn_by="internship" if n % 5 == 0 else "elearning",
            learn_hours=8,
            position=n,
        )
        for n in range(outcomes)
    )
    lines = []
    for m_index, member in enumerate(members):
        for i_index, item in enumerate(items):
            state = (m_index + i_index) % 3
            if state == 2:
                continue  # never qualified: no line
            valid_until = (
                today + datetime.timedelta(days=300)
                if state == 0
                else today - datetime.timedelta(days=30)
            )
            lines.append(
                PassportLine(
                    organisation=organisation,
                    membership=member,
                    item=item,
                    level="required",
                    ever_qualified=True,
                    first_qualified_on=today - datetime.timedelta(days=400),
                    last_qualified_on=today - datetime.timedelta(days=400),
                    valid_until=valid_until,
                    expiring_from=valid_until - datetime.timedelta(days=30),
                    recency_until=datetime.date.max,
                )
            )
    PassportLine.objects.bulk_create(lines, batch_size=5000)
    curriculum = Curriculum.objects.create(organisation=school, programme="BMH", track="Acute zorg")
    CurriculumOutcome.objects.bulk_create(
        CurriculumOutcome(
            curriculum=curriculum, code=f"IC-{n}", title=f"Leeruitkomst {n}", level=1 + (n * 7) % 4
        )
        for n in range(0, outcomes, max(outcomes // 60, 1))
    )
    PriorLearning.objects.bulk_create(
        PriorLearning(
            organisation=organisation,
            membership=member,
            kind="diploma",
            curriculum=curriculum,
            achieved_on=today,
            state="accepted",
            submitted_by=member.user,
        )
        for member in members[::2]
    )
    return organisation, blueprint


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--outcomes", type=int, default=150)
    args = parser.parse_args()
    django_setup(f"learning-{args.people}-{args.outcomes}")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scope, scopes_disabled

    from zorgwijs.learning.gap import analyse, blueprint_outcomes
    from zorgwijs.learning.models import Route, RouteStep
    from zorgwijs.learning.selectors import next_step, route_steps, routes_progress
    from zorgwijs.learning.services.routes import route_propose
    from zorgwijs.organisations.models import Membership

    with scopes_disabled():
        organisation, blueprint = _world(args.people, args.outcomes)
    with scope(organisation=organisation.pk):
        people = list(Membership.objects.filter(organisation=organisation).select_related("user"))
        outcomes = blueprint_outcomes(blueprint)
        print(f"database: {database_label()}, people: {len(people)}, outcomes: {len(outcomes)}")
        one = people[1]
        with CaptureQueriesContext(connection) as queries:
            gap = analyse(blueprint, [one])[0]
        ms, best = timed(lambda: analyse(blueprint, [one]), repeat=20)
        print(
            f"gap, one person: median {ms:.1f} ms, best {best:.1f} ms, {len(queries)} queries "
            f"({gap.counts}) — target 50 ms"
        )
        with CaptureQueriesContext(connection) as queries:
            analyse(blueprint, people, outcomes=outcomes)
        ms, best = timed(lambda: analyse(blueprint, people, outcomes=outcomes), repeat=3)
        print(
            f"gap, cohort of {len(people)}: median {ms:.0f} ms, best {best:.0f} ms, "
            f"{len(queries)} queries — target 2000 ms"
        )

        route = Route.objects.filter(membership=one).first()
        if route is None:
            route = route_propose(
                actor=one.user,
                membership=one,
                blueprint=blueprint,
                start_date=datetime.date.today(),
            )
        counts = []
        for extra in (0, 100):
            if extra:
                last = route.steps.order_by("-position").first()
                for n in range(extra):
                    step = RouteStep.objects.create(
                        organisation=organisation,
                        route=route,
                        position=1000 + n,
                        kind="elearning",
                        title=f"Extra {n}",
                        hours=4,
                    )
                    step.prerequisites.add(last)
                    step.outcomes.add(outcomes[n % len(outcomes)])
                    last = step
            steps = route.steps.count()
            with CaptureQueriesContext(connection) as queries:
                next_step(route_steps(route))
                routes_progress(Route.objects.filter(pk=route.pk))
            ms, _ = timed(lambda: next_step(route_steps(route)), repeat=5)
            counts.append(len(queries))
            print(f"route page reads, {steps} steps: {len(queries)} queries, {ms:.0f} ms")
        RouteStep.objects.filter(route=route, position__gte=1000).delete()
        print("route page queries flat in steps:", "yes" if len(set(counts)) == 1 else "NO")


if __name__ == "__main__":
    main()
