"""The passport's next step for a requirement a knowledge test proves: "Toets maken".

Registered in ``AssessmentsConfig.ready`` (``competences/next_steps.py``). The person's own
passport only: taking a test is something one does oneself. The organisation's open tests are
read once per page, whatever the number of rows.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zorgwijs.competences.next_steps import NextStep, StepContext
from zorgwijs.competences.selectors import PassportRow

from .models import KnowledgeTest

# A test proves competence again; it does not lift a suspension or meet a recency rule.
_FIXED_BY_A_TEST = frozenset({"missing", "expired", "expiring"})


def _open_tests(context: StepContext) -> dict[int, int]:
    """Item id -> the first open test on it (by title)."""

    def load() -> dict[int, int]:
        tests: dict[int, int] = {}
        for item_id, test_id in (
            KnowledgeTest.objects.filter(
                organisation_id=context.membership.organisation_id, is_active=True
            )
            .order_by("title", "pk")
            .values_list("item_id", "pk")
        ):
            tests.setdefault(item_id, test_id)
        return tests

    return context.once("assessments.tests", load)


def test_step(context: StepContext, row: PassportRow) -> NextStep | None:
    if not context.own or not context.access.can("assessments.take"):
        return None
    if row.status not in _FIXED_BY_A_TEST:
        return None
    test_id = _open_tests(context).get(row.line.item_id)
    if test_id is None:
        return None
    url = reverse("assessments:test", kwargs={"org_slug": context.org_slug, "test_id": test_id})
    return NextStep(_("Toets maken"), url)
