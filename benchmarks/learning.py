"""Gap analysis for one person and a cohort of 500 against a blueprint of 150 outcomes, the
query count of a route page as its steps grow, and the learning load of a generated hospital.

    .venv/bin/python benchmarks/learning.py [--people 500] [--outcomes 150] [--staff 3000]
    .venv/bin/python benchmarks/learning.py --only load     # the learning load alone
    .venv/bin/python benchmarks/learning.py --only demo     # its page: the demo, and ×10
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_learning_bench \\
        .venv/bin/python benchmarks/learning.py

The blueprint has 10 work processes; a third of its outcomes are tied to catalogue items, whose
passport lines every person has in mixed states (valid, lapsed, missing); half of the people
bring a diploma whose track covers 60 outcome codes at mixed levels. Targets: one person
≤ 50 ms, the cohort ≤ 2 s, the route page's queries flat in its steps.

The learning load (``load.py``, "Leerbelasting") is read for a hospital of ``--staff`` people
in 40 departments and 25 functions, each function requiring 8–14 of 80 catalogue items (about
a dozen required passport lines a person), hours from a published blueprint, route steps or a
knowledge test; the computation alone, and the whole page as a coordinator opens it (with its
audit entries). Target: the page ≤ 300 ms, its queries flat in the number of people.

``--only demo`` loads the demo (production settings) and opens the coordinator's
"Leerbelasting" of its hospital next to ``/healthz`` (the floor of the machine at that moment),
then gives the hospital ten times its people (copies of its own: function, department,
required passport lines) and opens both again.
"""

from __future__ import annotations

import argparse
import datetime
import os

from _setup import database_label, django_setup, timed
from django.utils import timezone

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
    today = timezone.localdate()
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


LOAD_SLUG = "bench-learning-load"


def _hospital(staff: int):
    """A hospital of ``staff`` people with required passport lines by function, and a
    coordinator; made once per database."""
    from zorgwijs.accounts.models import User
    from zorgwijs.assessments.models import KnowledgeTest
    from zorgwijs.competences.models import CompetenceItem, PassportLine
    from zorgwijs.learning.models import Blueprint, Outcome, Route, RouteStep, WorkProcess
    from zorgwijs.organisations.models import (
        Department,
        JobFunction,
        Membership,
        Organisation,
        Role,
        RoleAssignment,
    )

    organisation = Organisation.objects.filter(slug=LOAD_SLUG).first()
    if organisation is not None:
        return organisation, Membership.objects.get(
            organisation=organisation, user__email="coordinator@bench-load.example"
        )
    # The coordinator's second factor is not what is measured.
    organisation = Organisation.objects.create(
        name="Benchmark Ziekenhuis",
        slug=LOAD_SLUG,
        kind="ziekenhuis",
        require_mfa_for_sensitive_roles=False,
    )
    departments = []
    for n in range(40):
        department = Department.objects.create(
            organisation=organisation, name=f"Afdeling {n}", path="/x/"
        )
        department.path = f"/{department.pk}/"
        department.save(update_fields=["path"])
        departments.append(department)
    functions = JobFunction.objects.bulk_create(
        JobFunction(organisation=organisation, name=f"Functie {n}") for n in range(25)
    )
    kinds = ["device", "risky", "reserved", "training"]
    items = CompetenceItem.objects.bulk_create(
        CompetenceItem(
            organisation=organisation,
            kind=kinds[n % 4],
            name=f"Vereiste {n}",
            validity_months=(12, 24, 36, None)[n % 4],
            risk_profile=("high", "medium", "low", "")[(n // 4) % 4],
            evidence_kinds=[["practical", "elearning"], ["prior", "theory"], []][n % 3],
        )
        for n in range(80)
    )
    users = User.objects.bulk_create(
        User(email=f"mw{n}@bench-load.example", full_name=f"Medewerker {n}") for n in range(staff)
    )
    # One in fifty has no function or department yet (newcomers, an HR import still to come).
    members = Membership.objects.bulk_create(
        Membership(
            organisation=organisation,
            user=user,
            job_function=None if n % 50 == 49 else functions[n % len(functions)],
            primary_department=None if n % 50 == 49 else departments[n % len(departments)],
        )
        for n, user in enumerate(users)
    )
    required = {
        f.pk: [items[(index * 3 + k * 7) % len(items)] for k in range(8 + index % 7)]
        for index, f in enumerate(functions)
    }
    PassportLine.objects.bulk_create(
        (
            PassportLine(organisation=organisation, membership=m, item=item, level="required")
            for m in members
            if m.job_function_id
            for item in required[m.job_function_id]
        ),
        batch_size=5000,
    )
    # Hours per renewal: a blueprint for the first third of the items, route steps for the
    # next, a timed knowledge test for the rest.
    blueprint = Blueprint.objects.create(
        organisation=organisation, name="Basis", target_role="Verpleegkundige", state="published"
    )
    process = WorkProcess.objects.create(blueprint=blueprint, code="WP1", name="Zorg", position=1)
    Outcome.objects.bulk_create(
        Outcome(
            blueprint=blueprint,
            process=process,
            code=f"B-{n}",
            title=f"Uitkomst {n}",
            proof="practical",
            level=3,
            item=items[n],
            learn_by="elearning",
            learn_hours=2 + n % 6,
            assess_hours=1,
            position=n,
        )
        for n in range(27)
    )
    route = Route.objects.create(
        organisation=organisation,
        membership=members[0],
        blueprint=blueprint,
        name="Route",
        start_date=timezone.localdate(),
        created_by=members[0].user,
    )
    RouteStep.objects.bulk_create(
        RouteStep(
            organisation=organisation,
            route=route,
            position=n,
            kind="practical",
            title=f"Stap {n}",
            item=items[n],
            hours=3 + n % 4,
        )
        for n in range(27, 54)
    )
    KnowledgeTest.objects.bulk_create(
        KnowledgeTest(
            organisation=organisation,
            item=items[n],
            title=f"Toets {n}",
            time_limit_minutes=30 + (n % 4) * 30,
        )
        for n in range(54, 80)
    )
    coordinator = Membership.objects.create(
        organisation=organisation,
        user=User.objects.create(email="coordinator@bench-load.example", full_name="Coördinator"),
    )
    RoleAssignment.objects.create(
        organisation=organisation, membership=coordinator, role=Role.COORDINATOR
    )
    return organisation, coordinator


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def learning_load_figures(staff: int, repeat: int = 20) -> None:
    """The learning load of a generated hospital: the computation and the coordinator's page,
    median and p95 over ``repeat`` reads, with their queries."""
    import statistics
    import time

    from django.conf import settings
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from django_scopes import scope, scopes_disabled

    from zorgwijs.learning.load import PEOPLE_PER_PAGE, learning_load
    from zorgwijs.organisations.models import Membership

    with scopes_disabled():
        organisation, coordinator = _hospital(staff)
        people = Membership.objects.filter(organisation=organisation).exclude(pk=coordinator.pk)

    def runs(fn) -> tuple[float, float, float, int]:
        fn()  # warm-up
        queries: list[str] = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):  # a request resets connection.queries
            fn()
        times, cpu = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        # CPU time moves less with the machine's load than wall-clock time.
        median = statistics.median(times)
        return median, _percentile(times, 0.95), statistics.median(cpu), len(queries)

    with scope(organisation=organisation.pk):
        result = learning_load(organisation, people)
        median, p95, cpu, queries = runs(lambda: learning_load(organisation, people))
    lines = sum(len(p.item_ids) for p in result.people)
    print(
        f"learning load, {len(result.people)} people, {lines} required lines, "
        f"{len(result.requirements)} requirements: median {median:.0f} ms, p95 {p95:.0f} ms, "
        f"CPU median {cpu:.0f} ms, {queries} queries (the computation)"
    )
    # As in tests: keep the connection across requests, so its queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(coordinator.user)
    url = reverse("learning:load", kwargs={"org_slug": organisation.slug})
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        assert client.get(url).status_code == 200
        median, p95, cpu, queries = runs(lambda: client.get(url))
    print(
        f"learning load page, {len(result.people)} people ({PEOPLE_PER_PAGE} listed and "
        f"audited): median {median:.0f} ms, p95 {p95:.0f} ms, CPU median {cpu:.0f} ms, "
        f"{queries} queries "
        "— target 300 ms"
    )


TENFOLD = "@bench-tenfold.example"


def _demo_coordinator():
    """The demo organisation with learning routes and its coordinator (learning.manage)."""
    from zorgwijs.learning.models import Route
    from zorgwijs.organisations.models import RoleAssignment

    organisation = Route.objects.select_related("organisation").first().organisation
    assignment = (
        RoleAssignment.objects.filter(organisation=organisation, role="coordinator")
        .select_related("membership__user")
        .order_by("pk")
        .first()
    )
    return organisation, assignment.membership


def _grow_demo(organisation, factor: int) -> None:
    """Adds people to the demo organisation until it has ``factor`` times its own: each new
    person a copy of one of the demo's (function, department, required passport lines)."""
    from zorgwijs.accounts.models import User
    from zorgwijs.competences.models import PassportLine
    from zorgwijs.organisations.models import Membership

    members = Membership.objects.filter(organisation=organisation)
    own = list(members.exclude(user__email__endswith=TENFOLD).order_by("pk"))
    missing = len(own) * factor - members.count()
    if missing <= 0:
        return
    lines: dict[int, list] = {}
    for line in PassportLine.objects.filter(
        organisation=organisation, membership__in=own, level="required"
    ):
        lines.setdefault(line.membership_id, []).append(line)
    start = members.count()
    users = User.objects.bulk_create(
        User(email=f"mw{start + n}{TENFOLD}", full_name=f"Medewerker {start + n}")
        for n in range(missing)
    )
    copies = [own[n % len(own)] for n in range(missing)]
    made = Membership.objects.bulk_create(
        Membership(
            organisation=organisation,
            user=user,
            job_function_id=model.job_function_id,
            primary_department_id=model.primary_department_id,
            start_date=model.start_date,
        )
        for user, model in zip(users, copies, strict=True)
    )
    PassportLine.objects.bulk_create(
        (
            PassportLine(
                organisation=organisation,
                membership=membership,
                item_id=line.item_id,
                level=line.level,
                ever_qualified=line.ever_qualified,
                first_qualified_on=line.first_qualified_on,
                last_qualified_on=line.last_qualified_on,
                valid_until=line.valid_until,
                expiring_from=line.expiring_from,
                recency_until=line.recency_until,
            )
            for membership, model in zip(made, copies, strict=True)
            for line in lines.get(model.pk, [])
        ),
        batch_size=5000,
    )


def demo_load_figures(repeat: int = 20) -> None:
    """The coordinator's "Leerbelasting" page of the demo's hospital, next to /healthz, at the
    demo's size and with ten times its people: median and CPU median ms, queries."""
    import statistics
    import time

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from django_scopes import scopes_disabled
    from start_pages import _session_with_two_factors

    from zorgwijs.core.demo.loader import demo_is_loaded, demo_load
    from zorgwijs.organisations.models import Membership

    if not demo_is_loaded():
        demo_load()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    override_settings(
        ALLOWED_HOSTS=["testserver"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
    with scopes_disabled():
        organisation, coordinator = _demo_coordinator()
    client = Client()
    _session_with_two_factors(client, coordinator.user)
    anonymous = Client()
    url = reverse("learning:load", kwargs={"org_slug": organisation.slug})

    def measure(who, path) -> str:
        queries: list[str] = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        assert who.get(path).status_code == 200, path
        with connection.execute_wrapper(count):
            who.get(path)
        times, cpu = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            who.get(path)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        return (
            f"median {statistics.median(times):6.1f} ms, p95 {_percentile(times, 0.95):6.1f} ms, "
            f"CPU median {statistics.median(cpu):6.1f} ms, {len(queries):2d} queries"
        )

    print(f"load average {os.getloadavg()[0]:.1f}")
    for factor in (1, 10):
        with scopes_disabled():
            _grow_demo(organisation, factor)
            # At the demo's own size the copies of an earlier run have left the organisation.
            yesterday = timezone.localdate() - datetime.timedelta(days=1)
            Membership.objects.filter(
                organisation=organisation, user__email__endswith=TENFOLD
            ).update(end_date=None if factor > 1 else yesterday)
            people = Membership.objects.filter(organisation=organisation).active().count()
        print(f"{'/healthz':<40} {measure(anonymous, '/healthz')}")
        print(f"{f'learning load page, {people} people':<40} {measure(client, url)}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--outcomes", type=int, default=150)
    parser.add_argument("--staff", type=int, default=3000, help="people of the learning load")
    parser.add_argument("--only", choices=["gap", "load", "demo"], help="run one part")
    args = parser.parse_args()
    if args.only == "demo":
        # The demo's hospital on production settings (DEBUG off), in a database of its own.
        os.environ.setdefault("DEBUG", "0")
        django_setup("learning-demo")
        print(f"database: {database_label()}")
        demo_load_figures()
        return
    django_setup(f"learning-{args.people}-{args.outcomes}")
    if args.only != "gap":
        print(f"database: {database_label()}")
        learning_load_figures(args.staff)
        if args.only == "load":
            return

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
                start_date=timezone.localdate(),
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
