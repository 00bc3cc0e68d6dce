"""The passport's next steps from learning and assessments: "Toets maken" for a requirement a
knowledge test proves, "Routestap openen" for one that is a step of the active route."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.assessments.factories import medication_test
from tests.competences.factories import required_device
from tests.signin import sign_in
from zorgwijs.learning.models import RouteStep, StepKind

from .factories import active_route, outline

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"


@pytest.fixture
def pump(world):
    return required_device(world, "Infuuspomp Alaris", [world.cardiology], profile="Hart")


def _passport(client):
    response = client.get(reverse("competences:my_passport", kwargs={"org_slug": SLUG}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_requirement_with_an_open_test_offers_the_test(world, pump):
    test = medication_test(world, item=pump, title="Alaris theorie")
    page = _passport(sign_in(Client(), world.employee_a.user))
    url = reverse("assessments:test", kwargs={"org_slug": SLUG, "test_id": test.pk})
    assert "Toets maken" in page and f'href="{url}"' in page
    with scopes_disabled():
        test.is_active = False
        test.save()
    assert "Toets maken" not in _passport(sign_in(Client(), world.employee_a.user))


def test_a_requirement_on_the_route_offers_the_step(world, pump):
    plan = outline(world.org_a, world.admin_a.user, item=pump)
    route = active_route(world, plan.blueprint, mentor=world.manager_a)
    with scopes_disabled():
        # The first open step on the item: the internship that teaches it (an outcome of it
        # is tied to the item), before the practical assessment that proves it.
        step = RouteStep.objects.get(route=route, kind=StepKind.INTERNSHIP)
    page = _passport(sign_in(Client(), world.employee_a.user))
    mine = reverse("learning:my_step", kwargs={"org_slug": SLUG, "step_id": step.pk})
    assert "Routestap openen" in page and f'href="{mine}"' in page
    # The coordinator reading the person's passport opens the step on the route page.
    office = sign_in(Client(), world.admin_a.user, mfa=True)
    theirs = office.get(
        reverse(
            "competences:person_passport",
            kwargs={"org_slug": SLUG, "membership_id": world.employee_a.pk},
        )
    ).content.decode()
    assert f"/leren/routes/{route.pk}/#stap-" in theirs
    # A manager without learning.progress is not offered a route they cannot open.
    manager = sign_in(Client(), world.manager_a.user, mfa=True)
    team = manager.get(
        reverse(
            "competences:person_passport",
            kwargs={"org_slug": SLUG, "membership_id": world.employee_a.pk},
        )
    ).content.decode()
    assert "Routestap openen" not in team
    # Once the step is done, the passport no longer points at it.
    with scopes_disabled():
        RouteStep.objects.filter(route=route).update(done_on=route.start_date)
    assert "Routestap openen" not in _passport(sign_in(Client(), world.employee_a.user))


def test_the_passport_reads_tests_and_steps_in_a_fixed_number_of_queries(world, pump):
    medication_test(world, item=pump, title="Alaris theorie")
    plan = outline(world.org_a, world.admin_a.user, item=pump)
    active_route(world, plan.blueprint, mentor=world.manager_a)
    client = sign_in(Client(), world.employee_a.user)
    _passport(client)
    with CaptureQueriesContext(connection) as one:
        _passport(client)
    for n in range(4):
        device = required_device(world, f"Apparaat {n}", [world.cardiology], profile=f"P{n}")
        medication_test(world, item=device, title=f"Toets {n}")
    with CaptureQueriesContext(connection) as five:
        page = _passport(client)
    assert page.count("Toets maken") == 5
    assert len(five) == len(one)
