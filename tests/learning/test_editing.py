"""The coordinator edits a route's steps: add, remove, move; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.learning.models import RouteStep, StepKind
from zorgwijs.learning.selectors import route_steps

from .factories import active_route, outline, xray

pytestmark = pytest.mark.django_db
ORG = "/o/rivierenland/leren"


@pytest.fixture
def route(world):
    plan = outline(world.org_a, world.admin_a.user, item=xray(world))
    return active_route(world, plan.blueprint, mentor=world.manager_a)


@pytest.fixture
def office(world):
    return sign_in(Client(), world.admin_a.user, mfa=True)


def _url(route):
    return f"{ORG}/routes/{route.pk}/stappen/"


def _state(route):
    """Everything an edit may change: order, titles, hours, prerequisites, done."""
    with scopes_disabled():
        return [
            (
                s.pk,
                s.position,
                s.title,
                s.hours,
                s.done_on,
                sorted(p.pk for p in s.prerequisites.all()),
            )
            for s in RouteStep.objects.filter(route=route).order_by("position", "id")
        ]


def _step(route, kind):
    with scopes_disabled():
        return RouteStep.objects.get(route=route, kind=kind)


def test_the_page_shows_each_due_date_with_its_reason(world, route, office):
    page = office.get(_url(route))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Waarom die datum?" in text and "uur per week" in text and "Stap toevoegen" in text
    assert _url(route) in office.get(f"{ORG}/routes/{route.pk}/").content.decode()


def test_adding_a_step_after_the_test_recomputes_the_dates(world, route, office):
    test = _step(route, StepKind.KNOWLEDGE_TEST)
    response = office.post(
        _url(route),
        {
            "action": "add",
            "kind": "classroom",
            "title": "Simulatietraining",
            "hours": "16",
            "prerequisites": [str(test.pk)],
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        added = RouteStep.objects.get(route=route, title="Simulatietraining")
        views = {v.step.pk: v for v in route_steps(route)}
        assert AuditEntry.objects.filter(action="learning.route.step_added").count() == 1
        assert added.position == 6 and [p.pk for p in added.prerequisites.all()] == [test.pk]
    assert views[added.pk].planned.start_day == views[test.pk].planned.due_day
    assert "Kennistoets Voorbereiden" in views[added.pk].planned.reason
    page = office.get(_url(route)).content.decode()
    assert "6. Simulatietraining" in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "classroom", "title": "", "hours": "4"}, "title"),
        ({"kind": "classroom", "title": "Dag", "hours": "0"}, "hours"),
        ({"kind": "classroom", "title": "Dag", "hours": "veel"}, "hours"),
        ({"kind": "nonsense", "title": "Dag", "hours": "4"}, "kind"),
        (
            {
                "kind": "classroom",
                "title": "Dag",
                "hours": "4",
                "prerequisites": ["99999999999999999999"],
            },
            "prerequisites",
        ),
    ],
)
def test_bad_input_for_a_new_step_is_refused_at_the_field(world, route, office, data, field):
    before = _state(route)
    response = office.post(_url(route), {"action": "add", **data})
    assert response.status_code == 400
    assert f'id="id_{field}-error"' in response.content.decode()
    assert _state(route) == before


def test_a_prerequisite_of_another_route_is_refused(world, route, office):
    other_plan = outline(world.org_a, world.admin_a.user, name="Ander")
    with scopes_disabled():
        from zorgwijs.learning.services.routes import route_propose

        other = route_propose(
            actor=world.admin_a.user,
            membership=world.colleague_a,
            blueprint=other_plan.blueprint,
            start_date=route.start_date,
        )
        foreign = other.steps.first()
    before = _state(route)
    response = office.post(
        _url(route),
        {
            "action": "add",
            "kind": "classroom",
            "title": "Dag",
            "hours": "4",
            "prerequisites": [str(foreign.pk)],
        },
    )
    assert response.status_code == 400
    assert _state(route) == before


def test_removing_an_open_step_hands_its_place_to_its_prerequisites(world, route, office):
    internship = _step(route, StepKind.INTERNSHIP)
    test = _step(route, StepKind.KNOWLEDGE_TEST)
    response = office.post(_url(route), {"action": "remove", "step": str(internship.pk)})
    assert response.status_code == 302
    practical = _step(route, StepKind.PRACTICAL)
    with scopes_disabled():
        assert [p.pk for p in practical.prerequisites.all()] == [test.pk]
        assert [s.position for s in RouteStep.objects.filter(route=route)] == [1, 2, 3, 4]
        assert AuditEntry.objects.filter(action="learning.route.step_removed").count() == 1


def test_removing_a_done_step_is_refused_at_the_row(world, route, office):
    from zorgwijs.learning.services.routes import step_mark_done

    elearning = _step(route, StepKind.ELEARNING)
    with scopes_disabled():
        step_mark_done(actor=world.admin_a.user, step=elearning)
    before = _state(route)
    response = office.post(_url(route), {"action": "remove", "step": str(elearning.pk)})
    assert response.status_code == 400
    text = response.content.decode()
    assert "is al afgerond; wat bereikt is blijft in de route" in text
    assert text.index(f'id="stap-{elearning.pk}"') < text.index("is al afgerond")
    assert _state(route) == before


def test_moving_steps_recomputes_and_refuses_a_prerequisite_violation(world, route, office):
    classroom = _step(route, StepKind.CLASSROOM)
    elearning = _step(route, StepKind.ELEARNING)
    assert office.post(_url(route), {"action": "up", "step": str(classroom.pk)}).status_code == 302
    with scopes_disabled():
        classroom.refresh_from_db()
        elearning.refresh_from_db()
    assert (classroom.position, elearning.position) == (1, 2)
    # The test waits for both modules: it cannot go above the module right above it.
    test = _step(route, StepKind.KNOWLEDGE_TEST)
    before = _state(route)
    refused = office.post(_url(route), {"action": "up", "step": str(test.pk)})
    assert refused.status_code == 400
    assert "kan niet vóór" in refused.content.decode() and "het wacht op die stap" in (
        refused.content.decode()
    )
    assert _state(route) == before
    # Nor can a module go below the test that waits for it.
    refused = office.post(_url(route), {"action": "down", "step": str(elearning.pk)})
    assert refused.status_code == 400 and _state(route) == before
    top = office.post(_url(route), {"action": "up", "step": str(classroom.pk)})
    assert top.status_code == 400 and "staat al bovenaan" in top.content.decode()


@pytest.mark.parametrize("step", ["", "abc", "99999999999999999999", "-1"])
def test_a_bad_step_id_is_a_clear_400(world, route, office, step):
    before = _state(route)
    response = office.post(_url(route), {"action": "remove", "step": step})
    assert response.status_code == 400
    assert "Kies een stap van deze route." in response.content.decode()
    assert _state(route) == before


def test_a_step_of_another_route_cannot_be_touched(world, route, office):
    other_plan = outline(world.org_a, world.admin_a.user, name="Ander")
    with scopes_disabled():
        from zorgwijs.learning.services.routes import route_propose

        other = route_propose(
            actor=world.admin_a.user,
            membership=world.colleague_a,
            blueprint=other_plan.blueprint,
            start_date=route.start_date,
        )
        foreign = other.steps.first()
    response = office.post(_url(route), {"action": "remove", "step": str(foreign.pk)})
    assert response.status_code == 400
    with scopes_disabled():
        assert RouteStep.objects.filter(pk=foreign.pk).exists()


def test_a_completed_route_does_not_change(world, route, office):
    with scopes_disabled():
        route.state = "completed"
        route.save()
    before = _state(route)
    page = office.get(_url(route)).content.decode()
    assert "afgerond en verandert niet meer" in page and "Stap toevoegen" not in page
    response = office.post(
        _url(route), {"action": "remove", "step": str(_step(route, "elearning").pk)}
    )
    assert response.status_code == 400 and _state(route) == before


def test_only_the_coordinator_edits(world, route):
    employee = sign_in(Client(), world.employee_a.user)
    assert employee.get(_url(route)).status_code == 403
    before = _state(route)
    assert employee.post(_url(route), {"action": "remove", "step": "1"}).status_code == 403
    assert _state(route) == before


def test_the_page_is_in_english_too(world, route, office):
    office.cookies["django_language"] = "en"
    text = office.get(_url(route), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Edit steps" in text and "Add a step" in text and "Why this date?" in text
