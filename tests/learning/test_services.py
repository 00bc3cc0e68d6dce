"""Blueprints, gap analysis, proposed routes, following a route, templates: the services."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import authorised_assessor
from tests.factories import MembershipFactory, UserFactory, give_role
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.models import CompetenceRecord
from zorgwijs.competences.services import qualification_register
from zorgwijs.learning.gap import COVERED, MISSING, PARTLY, analyse
from zorgwijs.learning.models import (
    Blueprint,
    BlueprintState,
    PriorKind,
    Route,
    RouteState,
    RouteStep,
    StepKind,
)
from zorgwijs.learning.selectors import route_steps
from zorgwijs.learning.services.blueprints import (
    blueprint_new_version,
    blueprint_publish,
    outcome_add,
)
from zorgwijs.learning.services.prior import prior_decide, prior_register
from zorgwijs.learning.services.routes import (
    route_approve,
    route_propose,
    route_save_template,
    step_mark_done,
    step_sign_off,
)
from zorgwijs.notifications.models import Notification
from zorgwijs.organisations.access import org_access_for
from zorgwijs.organisations.models import Role

from .factories import active_route, outline, school_with_track, xray

TODAY = timezone.localdate()


@pytest.fixture
def plan(world):
    return outline(world.org_a, world.admin_a.user, item=xray(world))


def statuses(world, blueprint, membership=None):
    with scope(organisation=world.org_a.pk):
        gap = analyse(blueprint, [membership or world.employee_a])[0]
    return {row.outcome.code: row.status for row in gap.rows}, gap


# --- Gap analysis --------------------------------------------------------------------------------


def test_nothing_known_means_everything_is_to_learn(world, plan):
    found, _ = statuses(world, plan.blueprint)
    assert set(found.values()) == {MISSING}


def test_the_passport_covers_the_item_and_a_lapsed_one_needs_only_an_assessment(world, plan):
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=plan.device.item,
            occurred_on=TODAY,
            evidence_kind="practical",
        )
    found, gap = statuses(world, plan.blueprint)
    assert found["IC-4"] == COVERED
    assert "Paspoort" in gap.by_outcome()[plan.device.pk].evidence[0]
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.colleague_a,
            item=plan.device.item,
            occurred_on=TODAY - datetime.timedelta(days=800),
            evidence_kind="practical",
            backdate_reason="oud diploma",
        )
    found, _ = statuses(world, plan.blueprint, world.colleague_a)
    assert found["IC-4"] == PARTLY


def test_a_diploma_brings_its_track_along_at_its_level(world, plan):
    curriculum = school_with_track({"IC-1": 2, "IC-2": 2, "IC-3": 1})
    with scope(organisation=world.org_a.pk):
        prior_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            kind=PriorKind.DIPLOMA,
            achieved_on=TODAY - datetime.timedelta(days=30),
            curriculum=curriculum,
        )
    found, gap = statuses(world, plan.blueprint)
    assert found == {"IC-1": COVERED, "IC-2": PARTLY, "IC-3": MISSING, "IC-4": MISSING}
    assert "Bachelor Medisch Hulpverlener" in gap.by_outcome()[plan.knowledge.pk].evidence[0]


def test_evc_evidence_counts_only_once_accepted(world, plan, coordinator):
    portfolio = SimpleUploadedFile("portfolio.pdf", b"%PDF-1.4\n%%EOF\n")
    with scope(organisation=world.org_a.pk):
        prior = prior_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            kind=PriorKind.EVC,
            achieved_on=TODAY,
            codes=["IC-3"],
            level=4,
            evidence_file=portfolio,
        )
    assert statuses(world, plan.blueprint)[0]["IC-3"] == MISSING
    with scope(organisation=world.org_a.pk), pytest.raises(ValidationError, match="eigen bewijs"):
        prior_decide(actor=world.employee_a.user, prior=prior, accept=True)
    with scope(organisation=world.org_a.pk):
        prior_decide(actor=coordinator.user, prior=prior, accept=True)
    assert statuses(world, plan.blueprint)[0]["IC-3"] == COVERED
    with scope(organisation=world.org_a.pk), pytest.raises(ValidationError, match="al beslist"):
        prior_decide(actor=coordinator.user, prior=prior, accept=False, comment="toch niet")


# --- Proposal and schedule -----------------------------------------------------------------------


def test_a_proposal_orders_steps_by_prerequisites_and_explains_each_due_date(world, plan):
    route = active_route(world, plan.blueprint, approve=False)
    with scope(organisation=world.org_a.pk):
        views = route_steps(route)
    kinds = [v.step.kind for v in views]
    assert kinds == [
        StepKind.ELEARNING,
        StepKind.CLASSROOM,
        StepKind.KNOWLEDGE_TEST,
        StepKind.INTERNSHIP,
        StepKind.PRACTICAL,
    ]
    by_kind = {v.step.kind: v for v in views}
    test, internship, practical = (
        by_kind["knowledge_test"],
        by_kind["internship"],
        by_kind["practical"],
    )
    assert {p.kind for p in test.step.prerequisites.all()} == {"elearning", "classroom"}
    # The internship needs the knowledge outcome of work process 1: it starts after its test.
    assert [p.pk for p in internship.step.prerequisites.all()] == [test.step.pk]
    assert internship.planned.start_day == test.planned.due_day
    # 72 internship hours at 24 a week = 21 days; the reason says so.
    assert internship.planned.due_day - internship.planned.start_day == 21
    assert "72 uur bij 24 uur per week = 21 dagen" in internship.planned.reason
    assert test.step.title in internship.planned.reason
    assert practical.step.item_id == plan.device.item_id


def test_covered_outcomes_get_no_step(world, plan):
    curriculum = school_with_track({"IC-1": 4, "IC-2": 4})
    with scope(organisation=world.org_a.pk):
        prior_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            kind=PriorKind.DIPLOMA,
            achieved_on=TODAY,
            curriculum=curriculum,
        )
    route = active_route(world, plan.blueprint, approve=False)
    with scope(organisation=world.org_a.pk):
        kinds = [s.kind for s in route.steps.all()]
    assert kinds == [StepKind.INTERNSHIP, StepKind.PRACTICAL]


def test_a_second_running_route_on_the_same_blueprint_is_refused(world, plan):
    active_route(world, plan.blueprint, approve=False)
    with scope(organisation=world.org_a.pk), pytest.raises(ValidationError, match="lopende route"):
        route_propose(
            actor=world.admin_a.user,
            membership=world.employee_a,
            blueprint=plan.blueprint,
            start_date=TODAY,
        )


def test_an_internship_needs_a_werkbegeleider_before_approval(world, plan):
    with scope(organisation=world.org_a.pk):
        route = route_propose(
            actor=world.admin_a.user,
            membership=world.employee_a,
            blueprint=plan.blueprint,
            start_date=TODAY,
        )
        with pytest.raises(ValidationError, match="werkbegeleider"):
            route_approve(actor=world.admin_a.user, route=route)
        assert Route.objects.get(pk=route.pk).state == RouteState.DRAFT


# --- Following -----------------------------------------------------------------------------------


def _step(route, kind):
    with scopes_disabled():
        return RouteStep.objects.get(route=route, kind=kind)


def access_of(membership):
    return org_access_for(membership.user, membership.organisation.slug)


def test_only_the_werkbegeleider_signs_off_and_only_once(world, plan):
    route = active_route(world, plan.blueprint, mentor=world.manager_a)
    internship = _step(route, StepKind.INTERNSHIP)
    with scope(organisation=world.org_a.pk):
        with pytest.raises(ValidationError, match="Alleen de werkbegeleider"):
            step_sign_off(access=access_of(world.colleague_a), step=internship)
        assert not RouteStep.objects.get(pk=internship.pk).is_done
        step_sign_off(access=access_of(world.manager_a), step=internship, comment="Goed gedaan")
        done = RouteStep.objects.get(pk=internship.pk)
        assert done.done_via == "sign_off" and done.done_by == world.manager_a.user
        assert done.notes.get().text == "Goed gedaan"
        with pytest.raises(ValidationError, match="al afgerond"):
            step_sign_off(access=access_of(world.manager_a), step=internship)
        assert done.notes.count() == 1


def test_a_step_proving_an_item_is_done_by_the_passport_not_by_hand(world, plan):
    route = active_route(world, plan.blueprint)
    practical = _step(route, StepKind.PRACTICAL)
    with scope(organisation=world.org_a.pk):
        with pytest.raises(ValidationError, match="paspoort"):
            step_mark_done(actor=world.admin_a.user, step=practical)
        record = qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=plan.device.item,
            occurred_on=TODAY,
            evidence_kind="practical",
        )
        done = RouteStep.objects.get(pk=practical.pk)
    assert done.done_via == "passport" and done.record == record and done.done_on == TODAY


def test_a_test_step_takes_only_a_test_result_and_a_practical_step_only_practical_evidence(world):
    device = xray(world)
    plan = outline(world.org_a, world.admin_a.user, item=device, publish=False)
    with scopes_disabled():
        device.evidence_kinds = [*device.evidence_kinds, "theory"]
        device.save(update_fields=["evidence_kinds"])
        outcome_add(
            actor=world.admin_a.user,
            blueprint=plan.blueprint,
            process=plan.knowledge.process,
            item=device,
            data={
                "code": "IC-5",
                "title": "Kent de stralingsveiligheid van de boog",
                "indicators": "Noemt de regels",
                "proof": "knowledge_test",
                "level": 2,
                "learn_by": "elearning",
                "learn_hours": 4,
                "assess_hours": 1,
            },
        )
        blueprint = blueprint_publish(actor=world.admin_a.user, blueprint=plan.blueprint)
    route = active_route(world, blueprint)
    with scopes_disabled():
        tests = {s.item_id: s for s in route.steps.filter(kind=StepKind.KNOWLEDGE_TEST)}
        assert set(tests) == {None, device.pk}
        assert [o.code for o in tests[device.pk].outcomes.all()] == ["IC-5"]
        assert device.name in tests[device.pk].title
    test_step, practical = tests[device.pk], _step(route, StepKind.PRACTICAL)

    def evidence(kind: str):
        record = qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=device,
            occurred_on=TODAY,
            evidence_kind=kind,
        )
        done = RouteStep.objects.filter(pk__in=[test_step.pk, practical.pk], done_on__isnull=False)
        return record, {step.pk: step.record for step in done}

    # Each step takes only its own kind of evidence: a passed test does not show the person
    # can do it at the bedside, a practical sign-off not that the knowledge was tested.
    with scope(organisation=world.org_a.pk):
        theory, done = evidence("theory")
        assert done == {test_step.pk: theory}
        practical_record, done = evidence("practical")
        assert done == {test_step.pk: theory, practical.pk: practical_record}


def test_approval_picks_up_only_the_evidence_a_practical_step_asks_for(world, plan):
    """A route approved after the passport got a passed test of its item: the practical step
    stays open (a test does not show someone can do it at the bedside); a practical sign-off
    recorded before approval completes it on approval."""
    item = plan.device.item
    with scopes_disabled():
        item.evidence_kinds = [*item.evidence_kinds, "theory", "practical"]
        item.save(update_fields=["evidence_kinds"])

    def approved_after(membership, kind: str) -> tuple[RouteStep, CompetenceRecord]:
        with scope(organisation=world.org_a.pk):
            route = route_propose(
                actor=world.admin_a.user,
                membership=membership,
                blueprint=plan.blueprint,
                start_date=TODAY - datetime.timedelta(days=7),
                mentor=world.manager_a,
            )
            record = qualification_register(
                actor=world.admin_a.user,
                membership=membership,
                item=item,
                occurred_on=TODAY,
                evidence_kind=kind,
            )
            assert not _step(route, StepKind.PRACTICAL).is_done  # a draft takes nothing yet
            route_approve(actor=world.admin_a.user, route=route)
        return _step(route, StepKind.PRACTICAL), record

    step, _theory = approved_after(world.employee_a, "theory")
    assert not step.is_done and step.record is None
    step, practical = approved_after(world.colleague_a, "practical")
    assert step.is_done and step.record == practical and step.done_via == "passport"


def test_evidence_from_before_the_start_does_not_complete_a_step(world, plan):
    route = active_route(world, plan.blueprint, start=TODAY)
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=plan.device.item,
            occurred_on=TODAY - datetime.timedelta(days=3),
            evidence_kind="practical",
        )
    assert not _step(route, StepKind.PRACTICAL).is_done


def test_the_werkbegeleider_who_may_assess_registers_the_qualification(world, plan):
    route = active_route(world, plan.blueprint, mentor=world.manager_a)
    practical = _step(route, StepKind.PRACTICAL)
    with scope(organisation=world.org_a.pk):
        with pytest.raises(ValidationError):
            step_sign_off(access=access_of(world.manager_a), step=practical)
        assert not CompetenceRecord.objects.filter(person=world.employee_a.user).exists()
    authorised_assessor(world.manager_a, plan.device.item)
    with scope(organisation=world.org_a.pk):
        step_sign_off(access=access_of(world.manager_a), step=practical, comment="Veilig ingesteld")
        record = CompetenceRecord.objects.get(person=world.employee_a.user)
        done = RouteStep.objects.get(pk=practical.pk)
    assert record.assessor == world.manager_a.user and record.evidence_kind == "practical"
    assert done.done_via == "assessor" and done.record == record


@pytest.fixture
def immediate_mail(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return django_capture_on_commit_callbacks


def test_finishing_the_route_tells_the_manager_and_changes_nothing_in_hr(
    world, plan, immediate_mail
):
    route = active_route(world, plan.blueprint, mentor=world.manager_a)
    authorised_assessor(world.manager_a, plan.device.item)
    function_before = world.employee_a.job_function_id
    with immediate_mail(execute=True), scope(organisation=world.org_a.pk):
        for kind in (StepKind.ELEARNING, StepKind.CLASSROOM, StepKind.KNOWLEDGE_TEST):
            step_mark_done(actor=world.admin_a.user, step=_step(route, kind))
        step_sign_off(access=access_of(world.manager_a), step=_step(route, StepKind.INTERNSHIP))
        assert Route.objects.get(pk=route.pk).state == RouteState.ACTIVE
        step_sign_off(access=access_of(world.manager_a), step=_step(route, StepKind.PRACTICAL))
    with scopes_disabled():
        route.refresh_from_db()
        world.employee_a.refresh_from_db()
        assert AuditEntry.objects.filter(action="learning.route.completed").count() == 1
    assert route.state == RouteState.COMPLETED
    assert world.employee_a.job_function_id == function_before
    # In-app for the manager, once (and mailed at once, the default for this category).
    told = Notification.objects.filter(route=route)
    assert list(told.values_list("recipient_id", "kind")) == [
        (world.manager_a.user_id, "route.completed")
    ]
    [message] = mail.outbox
    assert message.to == [world.manager_a.user.email]
    assert world.employee_a.user.full_name in message.body


def test_a_finished_route_becomes_the_beaten_path_without_what_the_next_one_knows(world, plan):
    route = active_route(world, plan.blueprint, mentor=world.manager_a)
    authorised_assessor(world.manager_a, plan.device.item)
    with scope(organisation=world.org_a.pk):
        with pytest.raises(ValidationError, match="afgerond"):
            route_save_template(
                actor=world.admin_a.user, route=route, name="Pad", visibility="organisation"
            )
        for kind in (StepKind.ELEARNING, StepKind.CLASSROOM, StepKind.KNOWLEDGE_TEST):
            step_mark_done(actor=world.admin_a.user, step=_step(route, kind))
        for kind in (StepKind.INTERNSHIP, StepKind.PRACTICAL):
            step_sign_off(access=access_of(world.manager_a), step=_step(route, kind))
        route.refresh_from_db()
        template = route_save_template(
            actor=world.admin_a.user, route=route, name="Gebaand pad IC", visibility="network"
        )
    assert len(template.steps) == 5
    curriculum = school_with_track({"IC-1": 4})
    with scope(organisation=world.org_a.pk):
        prior_register(
            actor=world.admin_a.user,
            membership=world.colleague_a,
            kind=PriorKind.DIPLOMA,
            achieved_on=TODAY,
            curriculum=curriculum,
        )
        next_route = route_propose(
            actor=world.admin_a.user,
            membership=world.colleague_a,
            blueprint=plan.blueprint,
            start_date=TODAY,
            template=template,
            mentor=world.manager_a,
        )
        steps = list(next_route.steps.prefetch_related("prerequisites"))
    # The e-learning and the knowledge test teach and test IC-1 only, which the diploma covers.
    assert [s.kind for s in steps] == ["classroom", "internship", "practical"]
    # The internship needed the knowledge test; it now follows what the test followed.
    assert [p.kind for p in steps[1].prerequisites.all()] == ["classroom"]


# --- Blueprint versions, sharing -----------------------------------------------------------------


def test_a_published_version_never_changes_and_a_route_keeps_its_version(world, plan):
    route = active_route(world, plan.blueprint, approve=False)
    with scopes_disabled():
        with pytest.raises(ValidationError, match="vastgesteld"):
            outcome_add(
                actor=world.admin_a.user,
                blueprint=plan.blueprint,
                process=plan.knowledge.process,
                data={
                    "code": "IC-9",
                    "title": "x",
                    "indicators": "x",
                    "proof": "portfolio",
                    "level": 2,
                    "learn_by": "elearning",
                    "learn_hours": 1,
                    "assess_hours": 1,
                },
            )
        draft = blueprint_new_version(actor=world.admin_a.user, blueprint=plan.blueprint)
        assert draft.version == 2 and draft.outcomes.count() == 4
        assert set(
            draft.outcomes.get(code="IC-3").prerequisites.values_list("code", flat=True)
        ) == {"IC-1"}
        outcome_add(
            actor=world.admin_a.user,
            blueprint=draft,
            process=draft.processes.get(code="WP1"),
            data={
                "code": "IC-9",
                "title": "Nieuw",
                "indicators": "x",
                "proof": "portfolio",
                "level": 2,
                "learn_by": "elearning",
                "learn_hours": 1,
                "assess_hours": 1,
            },
        )
        blueprint_publish(actor=world.admin_a.user, blueprint=draft)
        assert Blueprint.objects.get(pk=plan.blueprint.pk).state == BlueprintState.RETIRED
        assert Route.objects.get(pk=route.pk).blueprint_id == plan.blueprint.pk


def test_an_adopted_network_blueprint_may_be_tightened_never_loosened(world, plan):
    from tests.factories import NetworkFactory, OrganisationFactory
    from zorgwijs.learning.services.blueprints import blueprint_adopt, blueprint_share
    from zorgwijs.organisations.models import NetworkMembership

    with scopes_disabled():
        network = NetworkFactory(name="Regio Zuidwest", slug="regio-zuidwest")
        other = OrganisationFactory(name="Regioziekenhuis", slug="regioziekenhuis")
        for org in (world.org_a, other):
            NetworkMembership.objects.create(network=network, organisation=org)
        template = blueprint_share(
            actor=world.admin_a.user,
            organisation=world.org_a,
            blueprint=plan.blueprint,
            network=network,
        )
        adopted = blueprint_adopt(actor=None, organisation=other, template=template)
        assert adopted.outcomes.count() == 4 and adopted.state == BlueprintState.DRAFT
        adopted.outcomes.filter(code="IC-3").update(level=2)
        with pytest.raises(ValidationError, match="niet lager dan niveau 4"):
            blueprint_publish(actor=None, blueprint=adopted)
        adopted.outcomes.filter(code="IC-3").update(level=4)
        blueprint_publish(actor=None, blueprint=adopted)
        with pytest.raises(ValidationError, match="al overgenomen"):
            blueprint_adopt(actor=None, organisation=other, template=template)


def test_a_coordinator_role_and_a_werkbegeleider_role_carry_the_capabilities(world):
    with scopes_disabled():
        guide = MembershipFactory(
            organisation=world.org_a, user=UserFactory(full_name="Wim Werkbegeleider")
        )
        give_role(guide, Role.WORK_SUPERVISOR)
    access = access_of(guide)
    assert access.can("learning.guide") and not access.can("learning.manage")
    assert access_of(world.employee_a).can("learning.view_own")
