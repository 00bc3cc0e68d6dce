"""Tests and xAPI results for a learning module (issue 17 items 5 and 7): a route step of kind
module has no passport item, so a knowledge test or an xAPI activity may belong to the module
by its name. A pass completes the learner's open steps for that module (the module and the
knowledge-test step after it) through the learning app, audited; a fail adds the remedial
module before them; an xAPI result completes the module steps, once."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.api.conftest import ApiClient, make_token
from tests.assessments.factories import medication_test, right_answers, wrong_answers
from tests.signin import sign_in
from zorgwijs.assessments.models import KnowledgeTest, XapiActivity, XapiStatement
from zorgwijs.assessments.services import attempt_start, attempt_submit
from zorgwijs.audit.models import AuditEntry
from zorgwijs.learning.models import RouteState, RouteStep

from .factories import active_route, outline

pytestmark = pytest.mark.django_db
ORG = "/o/rivierenland"
MODULE = "Module Voorbereiden"
IRI = "https://leren.example.org/xapi/activities/voorbereiden"


@pytest.fixture
def route(world):
    """A route with "Module Voorbereiden" (e-learning), "Lesdagen Voorbereiden" (classroom)
    and "Kennistoets Voorbereiden" after them, none with a passport item."""
    plan = outline(world.org_a, world.admin_a.user)
    return active_route(world, plan.blueprint, mentor=world.manager_a)


def _module_test(world, **settings):
    test = medication_test(world, title="Toets voorbereiden", wait_hours=0, **settings)
    with scopes_disabled():
        KnowledgeTest.objects.filter(pk=test.pk).update(item=None, module=MODULE.upper())
        test.refresh_from_db()
    return test


def _steps(route) -> dict[str, RouteStep]:
    with scopes_disabled():
        return {s.title: s for s in RouteStep.objects.filter(route=route)}


def _take(world, test, answers):
    with scope(organisation=world.org_a.pk):
        attempt = attempt_start(test=test, membership=world.employee_a)
        return attempt_submit(attempt=attempt, given=answers(attempt))


def test_passing_a_modules_test_completes_the_module_and_its_test_step(world, route):
    test = _module_test(world)
    steps = _steps(route)
    module, test_step = steps[MODULE], steps["Kennistoets Voorbereiden"]
    classroom = steps["Lesdagen Voorbereiden"]
    # The learner's step page leads to the module's open test, as it does for an item's test.
    client = sign_in(Client(), world.employee_a.user)
    for step in (module, test_step):
        page = client.get(f"{ORG}/leren/mijn-route/stap/{step.pk}/").content.decode()
        assert f"{ORG}/toetsen/kennistoets/{test.pk}/" in page
        assert "Maak de toets “Toets voorbereiden”" in page
    assert (
        "Toets voorbereiden"
        not in client.get(f"{ORG}/leren/mijn-route/stap/{classroom.pk}/").content.decode()
    )
    attempt = _take(world, test, right_answers)
    assert attempt.state == "passed" and attempt.record is None  # no item: nothing in the passport
    steps = _steps(route)
    assert steps[MODULE].is_done and steps[MODULE].done_via == "test"
    assert steps["Kennistoets Voorbereiden"].is_done
    assert steps[MODULE].done_by == world.employee_a.user
    assert not steps["Lesdagen Voorbereiden"].is_done  # another module
    with scopes_disabled():
        entries = AuditEntry.objects.filter(action="learning.route.step_done")
        assert entries.count() == 2
        assert {e.data["via"] for e in entries} == {"test"}
        assert all(e.data["reference"] == f"attempt-{attempt.pk}" for e in entries)
    page = client.get(f"{ORG}/leren/mijn-route/").content.decode()
    assert "toets van de module gehaald" in page
    # Passing again (a new round) changes nothing: the steps stay as they were done.
    _take(world, test, right_answers)
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="learning.route.step_done").count() == 2


def test_failing_a_modules_test_completes_nothing_and_adds_the_remedial_module(world, route):
    test = _module_test(world, remedial_module="Herhaling voorbereiden")
    before = _steps(route)
    with scope(organisation=world.org_a.pk):
        attempt = attempt_start(test=test, membership=world.employee_a)
    # The remedial hook runs after the commit.
    with TestCase.captureOnCommitCallbacks(execute=True), scope(organisation=world.org_a.pk):
        attempt_submit(attempt=attempt, given=wrong_answers(attempt))
    after = _steps(route)
    assert not any(s.is_done for s in after.values() if s.title in before)
    remedial = after["Herhaling voorbereiden"]
    assert remedial.source_key == f"remedial-test-{test.pk}"
    # Before the module's knowledge-test step, which now waits for it.
    with scopes_disabled():
        assert remedial in after["Kennistoets Voorbereiden"].prerequisites.all()
        assert not AuditEntry.objects.filter(action="learning.route.step_done").exists()


def test_a_module_test_in_a_draft_route_or_of_another_module_completes_nothing(world):
    plan = outline(world.org_a, world.admin_a.user)
    draft = active_route(world, plan.blueprint, approve=False)
    test = _module_test(world)
    with scopes_disabled():
        KnowledgeTest.objects.filter(pk=test.pk).update(module="Module Elders")
    test.refresh_from_db()
    _take(world, test, right_answers)
    with scopes_disabled():
        assert draft.state == RouteState.DRAFT
        assert not RouteStep.objects.filter(done_on__isnull=False).exists()


def test_an_author_makes_a_test_for_a_module_and_one_for_neither_is_refused(
    client, world, coordinator
):
    sign_in(client, coordinator.user, mfa=True)
    url = reverse("assessments:test_create", kwargs={"org_slug": "rivierenland"})
    data = {"title": "Moduletoets", "pass_percent": "80", "wait_hours": "0", "is_active": "on"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "noem de module" in refused.content.decode()
    with scopes_disabled():
        assert not KnowledgeTest.objects.filter(title="Moduletoets").exists()
    made = client.post(url, {**data, "module": "  Module   Voorbereiden "})
    assert made.status_code == 302
    with scopes_disabled():
        test = KnowledgeTest.objects.get(title="Moduletoets")
    assert test.item is None and test.module == MODULE
    assert AuditEntry.objects.filter(action="assessments.test.created").exists()


# xAPI -----------------------------------------------------------------------------------------


@pytest.fixture
def activity(world):
    with scopes_disabled():
        return XapiActivity.objects.create(organisation=world.org_a, iri=IRI, module=MODULE)


def _statement(world, **changes):
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": f"mailto:{world.employee_a.user.email}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": IRI},
        "result": {"completion": True},
        **changes,
    }


def _post(membership, statement):
    api = ApiClient(make_token(membership.user))
    return api.post("/organisations/rivierenland/xapi/statements", statement)


def test_an_xapi_result_for_a_module_completes_its_steps_once(world, coordinator, route, activity):
    statement = _statement(world)
    first = _post(coordinator, statement)
    assert first.status_code == 201, first.content
    assert first.json()["module"] == MODULE and first.json()["item_id"] is None
    assert first.json()["passport_record_id"] is None
    steps = _steps(route)
    assert steps[MODULE].is_done and steps[MODULE].done_via == "xapi"
    # An e-learning result is no knowledge test: the test step stays open.
    assert not steps["Kennistoets Voorbereiden"].is_done
    done = steps[MODULE].done_on
    with scopes_disabled():
        audited = AuditEntry.objects.filter(action="learning.route.step_done").count()
    replay = _post(coordinator, statement)
    assert replay.status_code == 409 and "maar één keer" in replay.json()["detail"]
    # Another statement for the same module: stored, the step stays as it was done.
    again = _post(coordinator, _statement(world))
    assert again.status_code == 201
    with scopes_disabled():
        assert XapiStatement.objects.count() == 2
        assert AuditEntry.objects.filter(action="learning.route.step_done").count() == audited
    assert _steps(route)[MODULE].done_on == done


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"object": {"id": "https://leren.example.org/xapi/activities/onbekend"}},
            "niet gekoppeld",
        ),
        ({"actor": {"objectType": "Agent", "mbox": "mailto:niemand@example.org"}}, "actor"),
        ({"result": {"completion": False}}, "niet voltooid"),
    ],
)
def test_a_refused_module_statement_changes_nothing(
    world, coordinator, route, activity, changes, reason
):
    response = _post(coordinator, _statement(world, **changes))
    assert response.status_code == 400 and reason in response.json()["detail"]
    with scopes_disabled():
        assert not XapiStatement.objects.exists()
        assert not RouteStep.objects.filter(done_on__isnull=False).exists()


def test_only_a_coordinator_posts_statements_and_maps_activities(client, world, coordinator):
    assert _post(world.employee_a, _statement(world)).status_code == 403
    sign_in(client, coordinator.user, mfa=True)
    url = reverse("assessments:xapi_activities", kwargs={"org_slug": "rivierenland"})
    both = client.post(url, {"iri": IRI, "module": MODULE, "item": ""})
    assert both.status_code in (302, 200)
    with scopes_disabled():
        made = XapiActivity.objects.get(iri=IRI)
    assert made.module == MODULE and made.item is None
    neither = client.post(url, {"iri": IRI + "/2", "module": ""})
    assert neither.status_code == 400
    with scopes_disabled():
        assert not XapiActivity.objects.filter(iri=IRI + "/2").exists()
