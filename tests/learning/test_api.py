"""/api/v1/organisations/{org_slug}/learning/…: gap analysis, propose a route, progress,
sign-off — with the refusals of bad input."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.api.conftest import ApiClient, make_token
from tests.factories import give_role
from zorgwijs.audit.models import AuditEntry
from zorgwijs.learning.models import PriorKind, RouteStep
from zorgwijs.organisations.models import Role

from .factories import active_route, outline, school_with_track, xray

ORG = "/organisations/rivierenland/learning"
TODAY = timezone.localdate()


@pytest.fixture
def plan(world):
    return outline(world.org_a, world.admin_a.user, item=xray(world))


def client_of(membership) -> ApiClient:
    return ApiClient(make_token(membership.user))


def test_the_gap_of_a_person_per_outcome_is_audited(world, plan, coordinator):
    from django_scopes import scope

    from zorgwijs.learning.services.prior import prior_register

    curriculum = school_with_track({"IC-1": 2, "IC-2": 2})
    with scope(organisation=world.org_a.pk):
        prior_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            kind=PriorKind.DIPLOMA,
            achieved_on=TODAY,
            curriculum=curriculum,
        )
    response = client_of(coordinator).get(
        f"{ORG}/blueprints/{plan.blueprint.pk}/gap/{world.employee_a.pk}"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["covered"], body["partly"], body["missing"]) == (1, 1, 2)
    assert {r["code"]: r["status"] for r in body["rows"]}["IC-2"] == "partly"
    with scopes_disabled():
        assert AuditEntry.objects.filter(
            action="learning.gap.viewed", subject_user_id=world.employee_a.user_id
        ).exists()
    assert (
        client_of(world.employee_a)
        .get(f"{ORG}/blueprints/{plan.blueprint.pk}/gap/{world.employee_a.pk}")
        .status_code
        == 403
    )
    assert (
        client_of(world.outsider_b)
        .get(f"{ORG}/blueprints/{plan.blueprint.pk}/gap/{world.employee_a.pk}")
        .status_code
        == 404
    )


def test_propose_a_route_and_follow_its_progress(world, plan, coordinator):
    api = client_of(coordinator)
    bad = api.post(
        f"{ORG}/routes",
        {
            "membership_id": world.employee_a.pk,
            "blueprint_id": plan.blueprint.pk,
            "start_date": "2026-13-40",
        },
    )
    assert bad.status_code in (400, 422)
    created = api.post(
        f"{ORG}/routes",
        {
            "membership_id": world.employee_a.pk,
            "blueprint_id": plan.blueprint.pk,
            "start_date": TODAY.isoformat(),
            "mentor_membership_id": world.manager_a.pk,
        },
    )
    assert created.status_code == 201, created.content
    route = created.json()
    assert route["state"] == "draft" and route["steps_total"] == 5
    internship = next(s for s in route["steps"] if s["kind"] == "internship")
    assert "24 uur per week" in internship["due_reason"] and internship["prerequisites"]
    twice = api.post(
        f"{ORG}/routes",
        {
            "membership_id": world.employee_a.pk,
            "blueprint_id": plan.blueprint.pk,
            "start_date": TODAY.isoformat(),
        },
    )
    assert twice.status_code == 400
    listed = api.get(f"{ORG}/routes").json()
    assert [r["id"] for r in listed] == [route["id"]]


def test_sign_off_by_the_werkbegeleider_only_and_once(world, plan):
    route = active_route(world, plan.blueprint, mentor=world.manager_a)
    with scopes_disabled():
        step = RouteStep.objects.get(route=route, kind="internship")
        give_role(world.manager_a, Role.WORK_SUPERVISOR)
        give_role(world.colleague_a, Role.WORK_SUPERVISOR)
    assert (
        client_of(world.colleague_a).post(f"{ORG}/steps/{step.pk}/sign-off", {}).status_code == 404
    )
    guide = client_of(world.manager_a)
    first = guide.post(f"{ORG}/steps/{step.pk}/sign-off", {"comment": "Goed"})
    assert first.status_code == 200 and first.json()["done_via"] == "sign_off"
    second = guide.post(f"{ORG}/steps/{step.pk}/sign-off", {"comment": "Nog eens"})
    assert second.status_code == 400
    assert "al afgerond" in second.json()["detail"] + str(second.json().get("errors", ""))
    mine = client_of(world.employee_a).get(f"{ORG}/my-route").json()
    assert mine[0]["steps_done"] == 1
