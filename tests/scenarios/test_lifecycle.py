"""The scenario lifecycle through its services: versions, forks, runs, review, publication."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import viewer_for
from zorgwijs.scenarios.diff import version_diff
from zorgwijs.scenarios.models import ReviewCriterion, Scenario, ScenarioStatus
from zorgwijs.scenarios.selectors import upstream
from zorgwijs.scenarios.services import (
    comment_post,
    review_request,
    review_submit,
    run_record,
    scenario_fork,
    scenario_publish,
    scenario_update,
)

from .conftest import make_scenario, ran

pytestmark = pytest.mark.django_db
ALL_FIVE = {c: 4 for c in ReviewCriterion.values}


def test_every_changing_save_is_a_version_with_a_diff(world):
    scenario = make_scenario(world)
    assert scenario.version_number == 1
    scenario_update(
        actor=world.employee_a.user,
        scenario=scenario,
        data={"phases": scenario.phases.replace("500 ml", "800 ml"), "duration_minutes": 20},
        note="Meer bloedverlies",
    )
    scenario_update(actor=world.employee_a.user, scenario=scenario, data={"title": scenario.title})
    assert scenario.version_number == 2  # a save without a change is no new version
    v1, v2 = (scenario.versions.get(number=n) for n in (1, 2))
    assert v2.note == "Meer bloedverlies"
    sections = {s.name: s for s in version_diff(v1.data, v2.data)}
    assert set(sections) == {"phases", "duration_minutes"}
    changed = [line for line in sections["phases"].lines if line.kind == "replace"]
    assert "<del>500</del>" in changed[0].old_html and "<ins>800</ins>" in changed[0].new_html


def test_a_fork_keeps_its_origin_and_sees_what_changed_upstream(world, crm):
    source = make_scenario(world)
    fork = scenario_fork(actor=crm.trainer_b.user, source=source, organisation=world.org_b)
    assert fork.organisation == world.org_b
    assert fork.visibility == Visibility.ORGANISATION and fork.status == ScenarioStatus.DRAFT
    assert fork.forked_from == source.versions.get(number=1)
    viewer_b = viewer_for(crm.trainer_b.user)
    assert upstream(viewer=viewer_b, scenario=fork) is None
    scenario_update(
        actor=world.employee_a.user, scenario=source, data={"evaluation": "Nieuwe evaluatie."}
    )
    newest = upstream(viewer=viewer_b, scenario=fork)
    assert newest is not None and newest.number == 2
    # When the origin is no longer shared, the fork keeps its link but shows no content of it.
    scenario_update(
        actor=world.employee_a.user, scenario=source, data={"visibility": Visibility.ORGANISATION}
    )
    assert upstream(viewer=viewer_b, scenario=fork) is None


def test_forking_for_an_organisation_one_does_not_work_for_is_refused(world, crm):
    source = make_scenario(world)
    with pytest.raises(ValidationError) as refused:
        scenario_fork(actor=crm.trainer_b.user, source=source, organisation=world.org_a)
    assert "organisation" in refused.value.message_dict
    assert not Scenario.objects.filter(forked_from__scenario=source).exists()


def test_the_first_run_makes_a_draft_tested(world):
    scenario = make_scenario(world)
    ran(world, scenario)
    assert scenario.status == ScenarioStatus.TESTED
    run = scenario.runs.get()
    assert run.version.number == 1 and run.trainer == world.employee_a.user


def test_a_run_in_the_future_or_for_a_foreign_organisation_is_refused(world):
    scenario = make_scenario(world)
    with pytest.raises(ValidationError) as refused:
        run_record(
            actor=world.employee_a.user,
            scenario=scenario,
            organisation=world.org_b,
            held_on=timezone.localdate() + datetime.timedelta(days=3),
            group_size=4,
        )
    assert set(refused.value.message_dict) == {"organisation", "held_on"}
    assert scenario.runs.count() == 0 and scenario.status == ScenarioStatus.DRAFT


def _request(world, crm, scenario):
    return review_request(
        actor=world.employee_a.user,
        scenario=scenario,
        reviewers=[crm.trainer_b.user, crm.trainer_c.user],
    )


def test_review_needs_a_run_first(world, crm):
    scenario = make_scenario(world)
    with pytest.raises(ValidationError):
        _request(world, crm, scenario)
    assert scenario.assignments.count() == 0 and scenario.status == ScenarioStatus.DRAFT


@pytest.mark.parametrize("who", ["self", "colleague"])
def test_a_reviewer_of_the_authors_organisation_or_the_author_is_refused(world, crm, who):
    scenario = make_scenario(world)
    ran(world, scenario)
    reviewer = world.employee_a.user if who == "self" else world.colleague_a.user
    with pytest.raises(ValidationError) as refused:
        review_request(
            actor=world.employee_a.user, scenario=scenario, reviewers=[reviewer, crm.trainer_c.user]
        )
    message = refused.value.message_dict["reviewer_1"][0]
    assert ("eigen scenario" if who == "self" else "andere organisatie") in message
    assert scenario.assignments.count() == 0 and scenario.status == ScenarioStatus.TESTED


def test_a_reviewer_who_cannot_read_the_scenario_is_refused(world, crm):
    scenario = make_scenario(world, visibility=Visibility.ORGANISATION)
    ran(world, scenario)
    with pytest.raises(ValidationError) as refused:
        _request(world, crm, scenario)
    assert "kan het scenario niet lezen" in refused.value.message_dict["reviewer_1"][0]


def test_the_same_reviewer_twice_is_refused(world, crm):
    scenario = make_scenario(world)
    ran(world, scenario)
    with pytest.raises(ValidationError) as refused:
        review_request(
            actor=world.employee_a.user,
            scenario=scenario,
            reviewers=[crm.trainer_c.user, crm.trainer_c.user],
        )
    assert "reviewer_2" in refused.value.message_dict


def test_publication_needs_two_reviews_of_other_organisations(world, crm):
    scenario = make_scenario(world)
    ran(world, scenario)
    first, second = _request(world, crm, scenario)
    assert scenario.status == ScenarioStatus.IN_REVIEW
    review_submit(
        actor=crm.trainer_b.user,
        assignment=first,
        scores=ALL_FIVE,
        remarks="Duidelijke triggers.",
        recommends_publication=True,
    )
    with pytest.raises(ValidationError) as refused:
        scenario_publish(actor=world.employee_a.user, scenario=scenario)
    assert "twee reviews" in refused.value.messages[0]
    assert scenario.published_version is None
    review_submit(
        actor=crm.trainer_c.user,
        assignment=second,
        scores=ALL_FIVE,
        remarks="Goede debriefing.",
        recommends_publication=True,
    )
    version = scenario_publish(actor=world.employee_a.user, scenario=scenario)
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.PUBLISHED and scenario.published_version == version
    assert AuditEntry.objects.filter(action="scenarios.scenario.published").count() == 1
    comment_post(actor=crm.trainer_c.user, scenario=scenario, text="Gebruikt in onze OK.")
    assert scenario.comments.count() == 1


def test_a_review_by_someone_else_or_twice_or_out_of_range_is_refused(world, crm):
    scenario = make_scenario(world)
    ran(world, scenario)
    first, _second = _request(world, crm, scenario)
    with pytest.raises(ValidationError):
        review_submit(
            actor=crm.trainer_c.user,
            assignment=first,
            scores=ALL_FIVE,
            remarks="x",
            recommends_publication=True,
        )
    with pytest.raises(ValidationError):
        review_submit(
            actor=crm.trainer_b.user,
            assignment=first,
            scores={**ALL_FIVE, "crm": 9},
            remarks="x",
            recommends_publication=True,
        )
    review_submit(
        actor=crm.trainer_b.user,
        assignment=first,
        scores=ALL_FIVE,
        remarks="Prima.",
        recommends_publication=False,
    )
    with pytest.raises(ValidationError):
        review_submit(
            actor=crm.trainer_b.user,
            assignment=first,
            scores=ALL_FIVE,
            remarks="Nog eens.",
            recommends_publication=True,
        )
    assert scenario.reviews.count() == 1


def test_comments_wait_for_publication(world):
    scenario = make_scenario(world)
    with pytest.raises(ValidationError):
        comment_post(actor=world.employee_a.user, scenario=scenario, text="Mooi")
    assert scenario.comments.count() == 0


def test_the_diff_of_two_versions_of_a_50_kb_scenario_is_quick():
    """Performance budget of issue 14: ≤ 200 ms for a 50 KB scenario with a change in every
    section (benchmarks/scenarios.py measures it; here a generous bound for a loaded CI)."""
    import random
    import time

    from zorgwijs.scenarios.models import SECTIONS

    rnd = random.Random(14)
    words = ["fase", "trigger", "team", "arts", "bloeding", "opschalen", "briefing", "rol"]

    def text(size: int) -> str:
        lines: list[str] = []
        while sum(len(line) + 1 for line in lines) < size:
            lines.append(" ".join(rnd.choice(words) for _ in range(rnd.randint(6, 14))))
        return "\n".join(lines)

    old = {name: text(50_000 // len(SECTIONS)) for name, _label in SECTIONS}
    new = {}
    for name, value in old.items():
        lines = value.splitlines()
        for _ in range(5):
            at = rnd.randrange(len(lines))
            lines[at] += " aangepast"
        new[name] = "\n".join(lines)
    assert sum(len(v) for v in old.values()) >= 49_000
    started = time.perf_counter()
    changed = version_diff(old, new)
    assert time.perf_counter() - started < 1.0
    assert {s.name for s in changed} == set(old)
