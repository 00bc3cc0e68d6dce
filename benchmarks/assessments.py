"""Knowledge-test attempts against a large question bank.

    .venv/bin/python benchmarks/assessments.py [--questions 10000] [--attempts 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_assess \\
        .venv/bin/python benchmarks/assessments.py

One test with ``--questions`` questions in four pools (numeric with tolerance and unit,
single and multiple choice, true/false); each attempt draws 10 per pool. Prints the time to
start an attempt (draw and snapshot) and to submit it (score on the server; a pass registers
the qualification in the passport, a fail e-mails the coordinator), with the submit's query
count. The target: a submit within 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _setup import database_label, django_setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=10000)
    parser.add_argument("--attempts", type=int, default=20)
    parser.add_argument("--each", action="store_true", help="print every submit time")
    args = parser.parse_args()
    django_setup(f"assessments-{args.questions}")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scope, scopes_disabled

    from zorgwijs.assessments.models import Question
    from zorgwijs.assessments.services import attempt_start, attempt_submit

    with scopes_disabled():
        test, members = _world(args.questions, args.attempts + 2)
    starts, submits, queries = [], [], []
    with scope(organisation=test.organisation_id):
        bank = Question.objects.filter(pool__test=test).count()
        print(f"database: {database_label()}, questions in the bank: {bank}")
        # Warm-up: one pass and one fail, untimed, so first-use imports (the e-mail task of a
        # fail, the passport's services) are not counted, as in a running server.
        for index, membership in enumerate(members[:2]):
            warm = attempt_start(test=test, membership=membership)
            attempt_submit(attempt=warm, given=_answers(warm, right=index == 0))
        for index, membership in enumerate(members[2:]):
            began = time.perf_counter()
            attempt = attempt_start(test=test, membership=membership)
            starts.append((time.perf_counter() - began) * 1000)
            given = _answers(attempt, right=index % 2 == 0)
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                attempt_submit(attempt=attempt, given=given)
                submits.append((time.perf_counter() - began) * 1000)
            queries.append(len(captured))
    if "--each" in __import__("sys").argv:
        print([round(v) for v in submits])
    for label, values in (("start (draw 40 + snapshot)", starts), ("submit (score)", submits)):
        print(
            f"{label}: median {statistics.median(values):.1f} ms, "
            f"best {min(values):.1f} ms, worst {max(values):.1f} ms over {len(values)} attempts"
        )
    print(f"submit queries: {min(queries)}–{max(queries)} (pass and fail)")


def _answers(attempt, *, right: bool) -> dict[int, list[str]]:
    given = {}
    for answer in attempt.answers.all():
        if answer.kind == "numeric":
            value = answer.answer_value if right else answer.answer_value + 100
            given[answer.position] = [f"{value.normalize():f}".replace(".", ",") + " ml"]
        else:
            wrong = [o["key"] for o in answer.options if o["key"] not in answer.correct][:1]
            given[answer.position] = list(answer.correct) if right else wrong
    return given


def _world(size: int, people: int):
    from decimal import Decimal

    from zorgwijs.accounts.models import User
    from zorgwijs.assessments.models import KnowledgeTest, Question, QuestionPool
    from zorgwijs.competences.models import CompetenceItem, ItemKind
    from zorgwijs.organisations.models import Membership, Organisation, Role, RoleAssignment

    slug = f"bench-assessments-{size}"
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        organisation = Organisation.objects.create(slug=slug, name="Bench", kind="umc")
        coordinator = Membership.objects.create(
            organisation=organisation,
            user=User.objects.create_user(f"opleiding@{slug}.bench", None, full_name="Coördinator"),
        )
        RoleAssignment.objects.create(
            organisation=organisation, membership=coordinator, role=Role.COORDINATOR
        )
        item = CompetenceItem.objects.create(
            organisation=organisation,
            kind=ItemKind.RESERVED,
            name="Injecties",
            validity_months=12,
            evidence_kinds=["theory", "practical"],
        )
        test = KnowledgeTest.objects.create(
            organisation=organisation, item=item, title="Medicatierekenen", pass_percent=80
        )
        kinds = ("numeric", "single", "multiple", "true_false")
        options = [{"key": str(k), "text": f"Antwoord {k}"} for k in range(1, 5)]
        for kind in kinds:
            pool = QuestionPool.objects.create(
                organisation=organisation, test=test, name=kind, draw_count=10
            )
            Question.objects.bulk_create(
                (
                    Question(
                        organisation=organisation,
                        pool=pool,
                        kind=kind,
                        text=f"Vraag {kind} {n}",
                        options=[]
                        if kind == "numeric"
                        else (
                            [{"key": "true", "text": "Waar"}, {"key": "false", "text": "Niet waar"}]
                            if kind == "true_false"
                            else options
                        ),
                        correct={
                            "single": ["2"],
                            "multiple": ["1", "3"],
                            "true_false": ["true"],
                        }.get(kind, []),
                        answer_value=Decimal(n % 50 + 1) / 4 if kind == "numeric" else None,
                        tolerance=Decimal("0.05") if kind == "numeric" else None,
                        unit="ml" if kind == "numeric" else "",
                    )
                    for n in range(size // len(kinds))
                ),
                batch_size=2000,
            )
    test = KnowledgeTest.objects.get(organisation=organisation)
    run = Membership.objects.filter(organisation=organisation).count()
    members = [
        Membership.objects.create(
            organisation=organisation,
            user=User.objects.create_user(
                f"medewerker{run}-{n}@{slug}.bench", None, full_name=f"Medewerker {run}-{n}"
            ),
        )
        for n in range(people)
    ]
    return test, members


if __name__ == "__main__":
    main()
