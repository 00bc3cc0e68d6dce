"""What reaches a route from elsewhere: a failed knowledge test adds its remedial module, voided
passport evidence reopens the step it completed, and a finished route tells the manager."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.assessments.factories import medication_item, medication_test, wrong_answers
from tests.competences.factories import authorised_assessor
from tests.signin import sign_in
from zorgwijs.assessments.services import attempt_start, attempt_submit
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.models import CompetenceRecord
from zorgwijs.competences.services import qualification_register, record_void
from zorgwijs.learning.models import Route, RouteState, RouteStep, StepKind
from zorgwijs.learning.selectors import route_steps
from zorgwijs.learning.services.routes import step_mark_done, step_sign_off
from zorgwijs.notifications.models import Notification
from zorgwijs.organisations.access import org_access_for

from .factories import active_route, outline

pytestmark = pytest.mark.django_db
ORG = "/o/rivierenland/leren"
TODAY = timezone.localdate()


@pytest.fixture
def immediate(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return django_capture_on_commit_callbacks


@pytest.fixture
def injections(world):
    """A route whose practical assessment proves "Injecties", and a test on that item."""
    item = medication_item(world)
    plan = outline(world.org_a, world.admin_a.user, item=item)
    route = active_route(world, plan.blueprint, mentor=world.manager_a)
    test = medication_test(
        world, item=item, remedial_module="Herhaling medicatierekenen", wait_hours=0
    )
    return route, test


def _fail(world, test, immediate):
    with immediate(execute=True), scope(organisation=world.org_a.pk):
        attempt = attempt_start(test=test, membership=world.employee_a)
        return attempt_submit(attempt=attempt, given=wrong_answers(attempt))


def _steps(route):
    with scopes_disabled():
        return list(RouteStep.objects.filter(route=route).order_by("position", "id"))


def test_a_failed_test_adds_its_remedial_module_before_the_step_once(world, injections, immediate):
    route, test = injections
    before = _steps(route)
    # The first open step on the test's item: the internship that teaches it (its outcome is
    # tied to the item), before the practical assessment that proves it.
    practical = next(s for s in before if s.kind == StepKind.INTERNSHIP)
    _fail(world, test, immediate)
    _fail(world, test, immediate)  # a second fail adds nothing more
    after = _steps(route)
    assert len(after) == len(before) + 1
    [remedial] = [s for s in after if s.source_key]
    assert remedial.title == "Herhaling medicatierekenen" and remedial.kind == StepKind.ELEARNING
    assert remedial.position == practical.position
    with scopes_disabled():
        practical.refresh_from_db()
        assert remedial in practical.prerequisites.all()
        views = {v.step.pk: v for v in route_steps(route)}
    # Due from the day of the fail, and the date says why; the assessment now waits for it.
    assert views[remedial.pk].planned.due_day >= (TODAY - route.start_date).days
    assert "herhaalmodule na de onvoldoende" in views[remedial.pk].planned.reason
    assert views[practical.pk].planned.start_day >= views[remedial.pk].planned.due_day
    assert remedial in views[practical.pk].waiting_for
    assert [s.position for s in after] == sorted({s.position for s in after})
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="learning.route.remedial_added").count() == 1
    page = sign_in(Client(), world.employee_a.user).get(f"{ORG}/mijn-route/").content.decode()
    assert "Herhaling medicatierekenen" in page and "Medicatierekenen" in page


def test_no_remedial_step_without_an_active_route_on_the_item(world, immediate):
    test = medication_test(world, remedial_module="Herhaling", wait_hours=0)
    plan = outline(world.org_a, world.admin_a.user, name="Ander pad")
    route = active_route(world, plan.blueprint)  # no step on the test's item
    with scopes_disabled():
        count = RouteStep.objects.count()
    _fail(world, test, immediate)
    with scopes_disabled():
        assert RouteStep.objects.count() == count
        assert not RouteStep.objects.filter(route=route, source_key__gt="").exists()


def test_a_completed_step_reopens_when_its_evidence_is_voided(world, injections, immediate):
    route, _test = injections
    practical = next(s for s in _steps(route) if s.kind == StepKind.PRACTICAL)
    authorised_assessor(world.manager_a, practical.item)
    access = org_access_for(world.manager_a.user, world.org_a.slug)
    with immediate(execute=True), scope(organisation=world.org_a.pk):
        for kind in (StepKind.ELEARNING, StepKind.CLASSROOM, StepKind.KNOWLEDGE_TEST):
            step_mark_done(
                actor=world.admin_a.user,
                step=RouteStep.objects.get(route=route, kind=kind),
            )
        step_sign_off(access=access, step=RouteStep.objects.get(route=route, kind="internship"))
        step_sign_off(access=access, step=practical)
        route.refresh_from_db()
        assert route.state == RouteState.COMPLETED
        practical.refresh_from_db()
        record = practical.record
        void = record_void(
            actor=world.admin_a.user,
            membership=world.employee_a,
            record=record,
            reason="Verkeerde medewerker afgetekend",
        )
        practical.refresh_from_db()
        route.refresh_from_db()
    assert not practical.is_done and practical.record is None
    assert practical.reopened_by == void
    assert route.state == RouteState.ACTIVE and route.completed_at is None
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="learning.route.step_reopened").count() == 1
    # The learner and the coordinator read why.
    mine = sign_in(Client(), world.employee_a.user).get(f"{ORG}/mijn-route/").content.decode()
    assert "Weer open." in mine and "Verkeerde medewerker afgetekend" in mine
    office = sign_in(Client(), world.admin_a.user, mfa=True).get(f"{ORG}/routes/{route.pk}/")
    assert "Verkeerde medewerker afgetekend" in office.content.decode()
    # New evidence completes it again.
    with immediate(execute=True), scope(organisation=world.org_a.pk):
        step_sign_off(access=access, step=practical)
        route.refresh_from_db()
        practical.refresh_from_db()
    assert practical.is_done and route.state == RouteState.COMPLETED


def test_voided_evidence_with_other_valid_evidence_keeps_the_step_done(world, injections):
    route, _test = injections
    practical = next(s for s in _steps(route) if s.kind == StepKind.PRACTICAL)
    with scope(organisation=world.org_a.pk):
        first = qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=practical.item,
            occurred_on=TODAY - datetime.timedelta(days=2),
            evidence_kind="practical",
        )
        second = qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=practical.item,
            occurred_on=TODAY,
            evidence_kind="practical",
        )
        practical.refresh_from_db()
        assert practical.record == first
        record_void(
            actor=world.admin_a.user, membership=world.employee_a, record=first, reason="Typfout"
        )
        practical.refresh_from_db()
    assert practical.is_done and practical.record == second and practical.reopened_by is None


def test_a_void_of_evidence_that_completed_nothing_changes_no_route(world, injections):
    route, _test = injections
    item = next(s for s in _steps(route) if s.kind == StepKind.PRACTICAL).item
    with scope(organisation=world.org_a.pk):
        old = qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=item,
            occurred_on=route.start_date - datetime.timedelta(days=30),
            evidence_kind="practical",
            backdate_reason="Oud bewijs",
        )
        record_void(actor=world.admin_a.user, membership=world.employee_a, record=old, reason="x")
    with scopes_disabled():
        assert not RouteStep.objects.filter(reopened_by__isnull=False).exists()
        assert not CompetenceRecord.objects.filter(pk=old.pk, voided_by__isnull=True).exists()


def test_the_manager_is_told_in_app_once_that_the_route_is_done(world, injections, immediate):
    route, _test = injections
    practical = next(s for s in _steps(route) if s.kind == StepKind.PRACTICAL)
    authorised_assessor(world.manager_a, practical.item)
    access = org_access_for(world.manager_a.user, world.org_a.slug)
    function_before = world.employee_a.job_function_id
    with immediate(execute=True), scope(organisation=world.org_a.pk):
        for kind in (StepKind.ELEARNING, StepKind.CLASSROOM, StepKind.KNOWLEDGE_TEST):
            step_mark_done(
                actor=world.admin_a.user, step=RouteStep.objects.get(route=route, kind=kind)
            )
        step_sign_off(access=access, step=RouteStep.objects.get(route=route, kind="internship"))
        step_sign_off(access=access, step=practical)
    with scopes_disabled():
        assert Route.objects.get(pk=route.pk).state == RouteState.COMPLETED
        world.employee_a.refresh_from_db()
    assert world.employee_a.job_function_id == function_before
    [note] = Notification.objects.filter(route=route)
    assert (note.recipient_id, note.kind, note.read_at) == (
        world.manager_a.user_id,
        "route.completed",
        None,
    )
    inbox = sign_in(Client(), world.manager_a.user, mfa=True).get("/meldingen/")
    text = inbox.content.decode()
    assert "is afgerond: klaar voor de nieuwe functie" in text
    assert f"/paspoort/mensen/{world.employee_a.pk}/" in text
    # Another member of the organisation reads no one's route in their inbox.
    assert Notification.objects.filter(recipient=world.colleague_a.user).count() == 0
