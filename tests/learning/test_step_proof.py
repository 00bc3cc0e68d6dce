"""A step that a knowledge test or a checklist proves leads there: the learner takes the test
from the step, the werkbegeleider who may assess opens the checklist for this learner; what
that registers in the passport completes the step."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.assessments.factories import checklist, medication_item, medication_test, right_answers
from tests.competences.factories import authorised_assessor
from tests.factories import give_role
from tests.signin import sign_in
from zorgwijs.assessments.models import KnowledgeTest
from zorgwijs.assessments.services import (
    assessment_sign,
    assessment_submit,
    attempt_start,
    attempt_submit,
)
from zorgwijs.assessments.services.checklists import MET, Finding
from zorgwijs.learning.models import RouteStep, StepKind
from zorgwijs.organisations.models import Role

from .factories import active_route, outline

pytestmark = pytest.mark.django_db
ORG = "/o/rivierenland"
TODAY = timezone.localdate()


@pytest.fixture
def injections(world):
    """A route whose practical assessment proves "Injecties"; its knowledge test step proves
    the same item (as the proposal makes it for a test-proven outcome tied to an item)."""
    item = medication_item(world)
    plan = outline(world.org_a, world.admin_a.user, item=item)
    route = active_route(world, plan.blueprint, mentor=world.manager_a)
    with scopes_disabled():
        RouteStep.objects.filter(route=route, kind=StepKind.KNOWLEDGE_TEST).update(item=item)
    return route, item


def _step(route, kind):
    with scopes_disabled():
        return RouteStep.objects.get(route=route, kind=kind)


def test_the_learner_takes_the_knowledge_test_from_the_step(world, injections):
    route, item = injections
    test = medication_test(world, item=item)
    medication_test(world, item=item, title="Oude toets", is_active=False)
    step = _step(route, StepKind.KNOWLEDGE_TEST)
    client = sign_in(Client(), world.employee_a.user)
    page = client.get(f"{ORG}/leren/mijn-route/stap/{step.pk}/").content.decode()
    assert f"{ORG}/toetsen/kennistoets/{test.pk}/" in page
    assert "Maak de toets “Medicatierekenen”" in page and "Oude toets" not in page
    with scopes_disabled():
        old = KnowledgeTest.objects.get(title="Oude toets")
    assert f"/kennistoets/{old.pk}/" not in page
    # The test page the link opens is the learner's to take.
    assert client.get(f"{ORG}/toetsen/kennistoets/{test.pk}/").status_code == 200
    english = sign_in(Client(), world.employee_a.user)
    english.cookies["django_language"] = "en"
    assert (
        "Take the test “Medicatierekenen”"
        in english.get(
            f"{ORG}/leren/mijn-route/stap/{step.pk}/", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    )
    with scope(organisation=world.org_a.pk):
        attempt = attempt_start(test=test, membership=world.employee_a)
        attempt_submit(attempt=attempt, given=right_answers(attempt))
    step.refresh_from_db()
    assert step.is_done and step.done_via == "passport"
    # Done: the step no longer sends the learner to the test.
    page = client.get(f"{ORG}/leren/mijn-route/stap/{step.pk}/").content.decode()
    assert f"/kennistoets/{test.pk}/" not in page


def test_the_next_step_card_links_the_test_when_the_test_is_next(world, injections):
    route, item = injections
    test = medication_test(world, item=item)
    with scopes_disabled():
        # Everything before the test is done, so the test is the learner's next step.
        for step in RouteStep.objects.filter(route=route, kind__in=["elearning", "classroom"]):
            step.done_on = TODAY
            step.save()
    page = sign_in(Client(), world.employee_a.user).get(f"{ORG}/leren/mijn-route/").content.decode()
    card = page[page.index("Je volgende stap") : page.index("Alle stappen")]
    assert "Kennistoets" in card and f"{ORG}/toetsen/kennistoets/{test.pk}/" in card


def test_the_werkbegeleider_opens_the_checklist_and_the_signature_completes_the_step(
    world, injections
):
    route, item = injections
    found = checklist(world, item)
    step = _step(route, StepKind.PRACTICAL)
    with scopes_disabled():
        give_role(world.manager_a, Role.WORK_SUPERVISOR)
        give_role(world.manager_a, Role.ASSESSOR)
    authorised_assessor(world.manager_a, item)
    guide = sign_in(Client(), world.manager_a.user, mfa=True)
    page = guide.get(f"{ORG}/leren/begeleiden/stap/{step.pk}/").content.decode()
    link = f"{ORG}/toetsen/praktijk/{found.pk}/{world.employee_a.pk}/"
    assert link in page and "Checklist “Injectie geven” invullen" in page
    assert guide.get(link).status_code == 200
    learner = sign_in(Client(), world.employee_a.user)
    mine = learner.get(f"{ORG}/leren/mijn-route/stap/{step.pk}/").content.decode()
    assert "checklist “Injectie geven”" in mine and link not in mine
    with scope(organisation=world.org_a.pk):
        assessment = assessment_submit(
            assessor=world.manager_a,
            checklist=found,
            candidate=world.employee_a,
            performed_on=TODAY,
            findings=[Finding(c.pk, MET, "") for c in found.criteria.all()],
        )
        step.refresh_from_db()
        assert not step.is_done  # not before the candidate signs
        assessment_sign(candidate=world.employee_a, assessment=assessment)
    step.refresh_from_db()
    assert step.is_done and step.done_via == "passport"


def test_a_werkbegeleider_who_may_not_assess_gets_no_checklist_link(world, injections):
    route, item = injections
    found = checklist(world, item)
    step = _step(route, StepKind.PRACTICAL)
    with scopes_disabled():
        give_role(world.manager_a, Role.WORK_SUPERVISOR)
    page = (
        sign_in(Client(), world.manager_a.user, mfa=True)
        .get(f"{ORG}/leren/begeleiden/stap/{step.pk}/")
        .content.decode()
    )
    assert f"/toetsen/praktijk/{found.pk}/" not in page


def test_the_coordinator_lists_only_who_is_behind(world, coordinator):
    """A cohort's progress page: the learner whose route started a year ago has steps past
    their due date; the one who started today does not and leaves the list under "alleen wie
    achter loopt"."""
    from zorgwijs.learning.services.routes import route_approve, route_propose

    plan = outline(world.org_a, world.admin_a.user)
    active_route(world, plan.blueprint, start=TODAY - datetime.timedelta(days=365))
    with scope(organisation=world.org_a.pk):
        fresh = route_propose(
            actor=world.admin_a.user,
            membership=world.colleague_a,
            blueprint=plan.blueprint,
            start_date=TODAY,
            mentor=world.manager_a,
        )
        route_approve(actor=world.admin_a.user, route=fresh)
    client = sign_in(Client(), coordinator.user, mfa=True)
    everyone = client.get(f"{ORG}/leren/").content.decode()
    late, on_time = world.employee_a.user.full_name, world.colleague_a.user.full_name
    assert late in everyone and on_time in everyone
    behind = client.get(f"{ORG}/leren/?achter=1").content.decode()
    assert late in behind and on_time not in behind
