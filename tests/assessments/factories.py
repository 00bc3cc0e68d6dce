"""Fixtures for assessment tests: a medication-calculation test and a checklist of org A."""

from __future__ import annotations

from decimal import Decimal

from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from zorgwijs.assessments.models import (
    Checklist,
    Criterion,
    KnowledgeTest,
    Question,
    QuestionKind,
    QuestionPool,
)
from zorgwijs.competences.models import EvidenceKind, ItemKind


def medication_item(world, name: str = "Injecties"):
    with scopes_disabled():
        return DeviceFactory(
            organisation=world.org_a,
            kind=ItemKind.RESERVED,
            risk_profile="",
            name=name,
            evidence_kinds=[
                EvidenceKind.THEORY_TEST,
                EvidenceKind.PRACTICAL,
                EvidenceKind.ELEARNING,
            ],
        )


def medication_test(world, *, item=None, numeric: int = 3, choice: int = 1, **settings):
    """A test whose attempts draw every question: ``numeric`` calculations (the n-th: answer
    n × 2.5 ml ± 0.05) and ``choice`` single-choice questions (right: option "2")."""
    with scopes_disabled():
        item = item or medication_item(world)
        test = KnowledgeTest.objects.create(
            organisation=world.org_a,
            item=item,
            title=settings.pop("title", "Medicatierekenen"),
            **{"pass_percent": 75, **settings},
        )
        sums = QuestionPool.objects.create(
            organisation=world.org_a, test=test, name="Rekenen", draw_count=numeric
        )
        for n in range(1, numeric + 1):
            Question.objects.create(
                organisation=world.org_a,
                pool=sums,
                kind=QuestionKind.NUMERIC,
                text=f"Rekenvraag {n}: hoeveel ml?",
                answer_value=Decimal("2.5") * n,
                tolerance=Decimal("0.05"),
                unit="ml",
                explanation=f"Uitleg bij rekenvraag {n}",
            )
        if choice:
            safety = QuestionPool.objects.create(
                organisation=world.org_a, test=test, name="Veiligheid", draw_count=choice
            )
            for n in range(1, choice + 1):
                Question.objects.create(
                    organisation=world.org_a,
                    pool=safety,
                    kind=QuestionKind.SINGLE,
                    text=f"Keuzevraag {n}",
                    options=[{"key": "1", "text": "Fout A"}, {"key": "2", "text": "Goed B"}],
                    correct=["2"],
                )
    return test


def right_answers(attempt) -> dict[int, list[str]]:
    with scopes_disabled():
        answers = list(attempt.answers.all())
    return {
        a.position: [f"{a.answer_value.normalize():f}".replace(".", ",") + " ml"]
        if a.kind == QuestionKind.NUMERIC
        else list(a.correct)
        for a in answers
    }


def wrong_answers(attempt) -> dict[int, list[str]]:
    with scopes_disabled():
        answers = list(attempt.answers.all())
    return {a.position: ["1"] for a in answers}


def checklist(world, item, *, pass_percent: int = 50) -> Checklist:
    with scopes_disabled():
        found = Checklist.objects.create(
            organisation=world.org_a, item=item, title="Injectie geven", pass_percent=pass_percent
        )
        for position, (text, critical) in enumerate(
            [("Controleert de patiënt", True), ("Legt uit", False), ("Ruimt op", False)], start=1
        ):
            Criterion.objects.create(
                organisation=world.org_a,
                checklist=found,
                position=position,
                text=text,
                critical=critical,
            )
    return found
