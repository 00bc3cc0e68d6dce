"""The learning pages as their users click through them: learner, werkbegeleider, coordinator;
bad input; English; and route pages whose query count does not grow with the steps."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.signin import sign_in
from zorgwijs.learning.models import Route, RouteStep, StepKind, StepNote
from zorgwijs.learning.selectors import next_step, route_steps

from .factories import active_route, outline, xray

ORG = "/o/rivierenland/leren"
TODAY = timezone.localdate()


@pytest.fixture
def route(world):
    plan = outline(world.org_a, world.admin_a.user, item=xray(world))
    return active_route(world, plan.blueprint, mentor=world.manager_a)


def _step(route, kind):
    with scopes_disabled():
        return RouteStep.objects.get(route=route, kind=kind)


def test_the_learner_sees_the_next_step_first(world, route):
    page = sign_in(Client(), world.employee_a.user).get(f"{ORG}/mijn-route/").content.decode()
    with scopes_disabled():
        views = route_steps(route)
        first = next_step(views).step.title
    # The classroom day (8 hours) is due before the e-learning (16 hours), both ready now.
    assert first == _step(route, StepKind.CLASSROOM).title
    assert page.index("Je volgende stap") < page.index(first) < page.index("Alle stappen")
    assert "Waarom die datum?" in page and "uur per week" in page
    gap = sign_in(Client(), world.employee_a.user).get(f"{ORG}/mijn-route/?overzicht=verschil")
    assert "Te leren" in gap.content.decode()


def test_the_learner_page_is_in_english_too(world, route):
    client = sign_in(Client(), world.employee_a.user)
    client.cookies["django_language"] = "en"
    page = client.get(f"{ORG}/mijn-route/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your next step" in page and "Why this date?" in page


def test_the_learner_writes_a_reflection_with_a_portfolio_file(world, route):
    from django.core.files.uploadedfile import SimpleUploadedFile

    step = _step(route, StepKind.INTERNSHIP)
    client = sign_in(Client(), world.employee_a.user)
    bad = client.post(
        f"{ORG}/mijn-route/stap/{step.pk}/",
        {"text": "Eerste dienst", "file": SimpleUploadedFile("x.pdf", b"not a pdf")},
    )
    assert bad.status_code == 400
    assert "Eerste dienst" in bad.content.decode()  # nothing typed is lost
    good = client.post(
        f"{ORG}/mijn-route/stap/{step.pk}/",
        {
            "text": "Eerste dienst als omloop",
            "file": SimpleUploadedFile("verslag.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert good.status_code == 302
    with scopes_disabled():
        note = StepNote.objects.get(step=step)
    assert note.kind == "reflection" and note.file.name.endswith(".pdf")


def test_the_werkbegeleider_sees_the_learner_and_signs_off_once(world, route):
    from tests.factories import give_role
    from zorgwijs.organisations.models import Role

    with scopes_disabled():
        give_role(world.manager_a, Role.WORK_SUPERVISOR)
    internship = _step(route, StepKind.INTERNSHIP)
    client = sign_in(Client(), world.manager_a.user, mfa=True)
    overview = client.get(f"{ORG}/begeleiden/").content.decode()
    assert world.employee_a.user.full_name in overview
    url = f"{ORG}/begeleiden/stap/{internship.pk}/"
    assert (
        client.post(url, {"action": "sign_off", "s-comment": "Zelfstandig als omloop"}).status_code
        == 302
    )
    again = client.post(url, {"action": "sign_off", "s-comment": "Nog eens"})
    assert again.status_code == 400
    assert "al afgerond" in again.content.decode()
    with scopes_disabled():
        assert StepNote.objects.filter(step=internship).count() == 1


def test_someone_who_does_not_guide_the_learner_cannot_open_the_step(world, route):
    from tests.factories import give_role
    from zorgwijs.organisations.models import Role

    with scopes_disabled():
        give_role(world.colleague_a, Role.WORK_SUPERVISOR)
    client = sign_in(Client(), world.colleague_a.user)
    internship = _step(route, StepKind.INTERNSHIP)
    assert client.get(f"{ORG}/begeleiden/stap/{internship.pk}/").status_code == 404
    assert (
        client.post(f"{ORG}/begeleiden/stap/{internship.pk}/", {"action": "sign_off"}).status_code
        == 404
    )
    assert not _step(route, StepKind.INTERNSHIP).is_done


def test_the_coordinator_proposes_edits_and_approves_a_route(world, coordinator):
    plan = outline(world.org_a, world.admin_a.user, item=xray(world))
    client = sign_in(Client(), coordinator.user, mfa=True)
    refused = client.post(
        f"{ORG}/routes/nieuw/", {"membership": world.employee_a.pk, "start_date": "morgen"}
    )
    assert refused.status_code == 400
    response = client.post(
        f"{ORG}/routes/nieuw/",
        {
            "membership": world.employee_a.pk,
            "blueprint": plan.blueprint.pk,
            "start_date": TODAY.isoformat(),
            "hours_per_week": 8,
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        route = Route.objects.get()
    test = _step(route, StepKind.KNOWLEDGE_TEST)
    edit = f"{ORG}/routes/{route.pk}/stap/{test.pk}/"
    no_reason = client.post(edit, {"title": test.title, "hours": 4, "fixed_due_day": 30})
    assert no_reason.status_code == 400 and "vaste deadline" in no_reason.content.decode()
    assert (
        client.post(
            edit,
            {
                "title": test.title,
                "hours": 4,
                "fixed_due_day": 30,
                "fixed_due_reason": "Toetsdag van de academie",
            },
        ).status_code
        == 302
    )
    page = client.get(f"{ORG}/routes/{route.pk}/").content.decode()
    assert "Vastgezet op dag 30: Toetsdag van de academie" in page
    client.post(f"{ORG}/routes/{route.pk}/actie/", {"action": "approve"})
    with scopes_disabled():
        assert Route.objects.get().state == "draft"  # the internship has no werkbegeleider yet
    assert "werkbegeleider" in client.get(f"{ORG}/routes/{route.pk}/").content.decode()


def _add_steps(route, count: int) -> None:
    """More steps on ``route``, each after the previous one and teaching an outcome."""
    with scopes_disabled():
        last = route.steps.order_by("-position").first()
        outcome = route.blueprint.outcomes.first()
        for n in range(count):
            step = RouteStep.objects.create(
                organisation=route.organisation,
                route=route,
                position=100 + n,
                kind="elearning",
                title=f"Extra module {n}",
                hours=4,
            )
            step.prerequisites.add(last)
            step.outcomes.add(outcome)
            StepNote.objects.create(
                organisation=route.organisation,
                step=step,
                author=world_user(route),
                kind="reflection",
                text="Geleerd",
            )
            last = step


def world_user(route):
    return route.membership.user


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["learner", "coordinator"])
def test_route_pages_read_the_same_number_of_queries_whatever_the_steps(
    world, route, coordinator, who
):
    client = sign_in(
        Client(), (world.employee_a if who == "learner" else coordinator).user, mfa=True
    )
    url = f"{ORG}/mijn-route/" if who == "learner" else f"{ORG}/routes/{route.pk}/"
    client.get(url)  # warm caches (sessions, content types)
    _add_steps(route, 3)
    few = _queries(client, url)
    _add_steps(route, 30)
    assert _queries(client, url) == few
