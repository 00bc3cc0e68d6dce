"""From a person's gap to proposed route steps, or from a route template ("het gebaande pad").

Per work process, in the blueprint's order: a module for what is missing (e-learning or
classroom), a tailored internship for what is learned at work, a knowledge test and practical
assessments for what is missing or only partly covered. A step comes after the steps that teach
what it needs: the process's own learning steps, and the last step of every process holding a
prerequisite of its outcomes. Covered outcomes get no step.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .gap import COVERED, MISSING, PARTLY, PersonGap
from .models import LearnBy, Outcome, ProofKind, StepKind


@dataclass
class StepDraft:
    kind: str
    title: str
    hours: int
    outcome_ids: list[int] = field(default_factory=list)
    outcome_codes: list[str] = field(default_factory=list)
    item_id: int | None = None
    department_id: int | None = None
    description: str = ""
    prerequisites: list[int] = field(default_factory=list)  # indexes of earlier drafts


_MODULE_KIND = {LearnBy.ELEARNING: StepKind.ELEARNING, LearnBy.CLASSROOM: StepKind.CLASSROOM}


def _add(drafts: list[StepDraft], draft: StepDraft, outcomes: list[Outcome]) -> int:
    draft.outcome_ids = [o.pk for o in outcomes]
    draft.outcome_codes = [o.code for o in outcomes]
    drafts.append(draft)
    return len(drafts) - 1


def propose(
    gap: PersonGap,
    *,
    prerequisites: dict[int, set[int]],
    department_id: int | None = None,
) -> list[StepDraft]:
    """The proposed steps for ``gap``; ``prerequisites`` maps an outcome id to the ids of the
    outcomes it needs first."""
    by_process: dict[int, list] = defaultdict(list)
    processes = {}
    for row in gap.rows:
        by_process[row.outcome.process_id].append(row)
        processes[row.outcome.process_id] = row.outcome.process
    process_of = {row.outcome.pk: row.outcome.process_id for row in gap.rows}
    drafts: list[StepDraft] = []
    last_of_process: dict[int, int] = {}
    for process_id, rows in by_process.items():
        process = processes[process_id]
        missing = [r.outcome for r in rows if r.status == MISSING]
        to_assess = [r.outcome for r in rows if r.status in (MISSING, PARTLY)]
        if not to_assess:
            continue
        needs = {
            process_of[other]
            for outcome in to_assess
            for other in prerequisites.get(outcome.pk, ())
            if other in process_of and process_of[other] != process_id
        }
        before = sorted(last_of_process[p] for p in needs if p in last_of_process)
        learning: list[int] = []
        for learn_by, kind in _MODULE_KIND.items():
            chosen = [o for o in missing if o.learn_by == learn_by]
            if chosen:
                title = _("Module %(process)s") % {"process": process.name}
                if kind == StepKind.CLASSROOM:
                    title = _("Lesdagen %(process)s") % {"process": process.name}
                draft = StepDraft(kind, title, sum(o.learn_hours for o in chosen))
                draft.prerequisites = list(before)
                learning.append(_add(drafts, draft, chosen))
        # A knowledge test per catalogue item (a test in the assessments app belongs to one
        # item, and its result completes the step through the passport), one for the outcomes
        # tied to no item; named after the process when it is the process's only test.
        tested = [o for o in to_assess if o.proof == ProofKind.KNOWLEDGE_TEST]
        test_groups: dict[int | None, list[Outcome]] = defaultdict(list)
        for outcome in tested:
            test_groups[outcome.item_id].append(outcome)
        tests: list[int] = []
        for item_id, group in test_groups.items():
            item = group[0].item if item_id else None
            title = _("Kennistoets %(process)s") % {"process": process.name}
            if item is not None and len(test_groups) > 1:
                title = _("Kennistoets %(item)s") % {"item": item.name}
            draft = StepDraft(
                StepKind.KNOWLEDGE_TEST,
                title,
                sum(o.assess_hours for o in group),
                item_id=item_id,
                prerequisites=list(learning or before),
            )
            tests.append(_add(drafts, draft, group))
        at_work = [o for o in missing if o.learn_by == LearnBy.INTERNSHIP]
        internship_index = None
        if at_work:
            draft = StepDraft(
                StepKind.INTERNSHIP,
                _("Stage op maat: %(process)s") % {"process": process.name},
                sum(o.learn_hours for o in at_work),
                department_id=department_id,
                prerequisites=list(tests or learning or before),
            )
            internship_index = _add(drafts, draft, at_work)
        after_learning = (
            [internship_index] if internship_index is not None else (tests or learning or before)
        )
        # A practical assessment for what is proven in practice, and for every partly covered
        # outcome not proven by a test; a missing portfolio or internship outcome is proven
        # within the module or internship that teaches it.
        practical = [
            o
            for o in to_assess
            if o.proof == ProofKind.PRACTICAL
            or (o.proof != ProofKind.KNOWLEDGE_TEST and o not in missing)
        ]
        last = after_learning
        with_item: dict[int, list[Outcome]] = defaultdict(list)
        without_item = []
        for outcome in practical:
            if outcome.item_id:
                with_item[outcome.item_id].append(outcome)
            else:
                without_item.append(outcome)
        assessments = []
        for item_outcomes in with_item.values():
            item = item_outcomes[0].item
            assert item is not None  # grouped by item id above
            draft = StepDraft(
                StepKind.PRACTICAL,
                _("Praktijkbeoordeling %(item)s") % {"item": item.name},
                sum(o.assess_hours for o in item_outcomes),
                item_id=item.pk,
                department_id=department_id,
                prerequisites=list(after_learning),
            )
            assessments.append(_add(drafts, draft, item_outcomes))
        if without_item:
            draft = StepDraft(
                StepKind.PRACTICAL,
                _("Praktijkbeoordeling %(process)s") % {"process": process.name},
                sum(o.assess_hours for o in without_item),
                department_id=department_id,
                prerequisites=list(after_learning),
            )
            assessments.append(_add(drafts, draft, without_item))
        if assessments:
            last = assessments
        last_of_process[process_id] = max(
            (i for i in last if i is not None), default=len(drafts) - 1
        )
    return drafts


def from_template(
    steps: list[dict], gap: PersonGap, *, outcome_by_code: dict[str, Outcome]
) -> list[StepDraft]:
    """A template's steps for this person: a step whose outcomes are all covered is left out
    and its place in the order is taken by its own prerequisites."""
    status_of = {row.outcome.code: row.status for row in gap.rows}
    kept: dict[int, int] = {}  # template position -> draft index
    inherited: dict[int, list[int]] = {}
    drafts: list[StepDraft] = []
    for position, step in enumerate(steps):
        codes = [c for c in step.get("outcomes", []) if c in outcome_by_code]
        before: list[int] = []
        for p in step.get("prerequisites", []):
            before.extend([kept[p]] if p in kept else inherited.get(p, []))
        before = sorted(set(before))
        if codes and all(status_of.get(code) == COVERED for code in codes):
            inherited[position] = before
            continue
        outcomes = [outcome_by_code[c] for c in codes]
        draft = StepDraft(
            step["kind"],
            step["title"],
            int(step["hours"]),
            item_id=step.get("item"),
            department_id=step.get("department"),
            description=step.get("description", ""),
            prerequisites=before,
        )
        kept[position] = _add(drafts, draft, outcomes)
    return drafts
