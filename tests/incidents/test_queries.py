"""Query counts of the incident pages and API stay flat as the lists grow (budget: ≤ 20)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.api.conftest import ApiClient, make_token
from zorgwijs.incidents.models import Incident, IncidentCause, IncidentMeasure, Lesson, Status

pytestmark = pytest.mark.django_db

BUDGET = 20


def _grow(world, pump, n: int) -> Incident:
    with scopes_disabled():
        incidents = Incident.objects.bulk_create(
            Incident(
                organisation=world.org_a,
                reporter=world.employee_a.user,
                occurred_at=timezone.now() - datetime.timedelta(days=i % 300),
                location="x",
                department=world.cathlab if i % 2 else world.surgery,
                device=pump,
                category="device",
                outcome="near_miss",
                severity="none",
                what_happened="x",
                status=Status.IN_ANALYSIS,
            )
            for i in range(n)
        )
        first = incidents[0]
        IncidentCause.objects.bulk_create(
            IncidentCause(organisation=world.org_a, incident=first, code="TD", description="x")
            for _ in range(n // 5)
        )
        IncidentMeasure.objects.bulk_create(
            IncidentMeasure(
                organisation=world.org_a,
                incident=first,
                action="x",
                owner=world.employee_a,
                due_on=timezone.localdate(),
            )
            for _ in range(n // 5)
        )
        Lesson.objects.bulk_create(
            Lesson(organisation=world.org_a, title="t", summary="s", learned="l")
            for _ in range(n // 5)
        )
    return first


def _count(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(captured)


def test_pages_and_api_stay_within_budget(world, as_, coordinator, pump):
    counts = {}
    for n in (5, 50):
        first = _grow(world, pump, n)
        client = as_(coordinator)
        api = ApiClient(make_token(coordinator.user))
        slug = world.org_a.slug
        pages = {
            "list": reverse("incidents:list", kwargs={"org_slug": slug}),
            "detail": reverse(
                "incidents:detail", kwargs={"org_slug": slug, "incident_id": first.pk}
            ),
            "lessons": reverse("incidents:lessons", kwargs={"org_slug": slug}),
            "trends": reverse("incidents:trends", kwargs={"org_slug": slug}),
            "api list": f"/api/v1/organisations/{slug}/incidents",
            "api detail": f"/api/v1/organisations/{slug}/incidents/{first.pk}",
        }
        for name, url in pages.items():
            if name.startswith("api"):
                with CaptureQueriesContext(connection) as captured:
                    assert api.get(url.removeprefix("/api/v1")).status_code == 200
                counts.setdefault(name, []).append(len(captured))
            else:
                counts.setdefault(name, []).append(_count(client, url))
        mine = as_(world.employee_a)
        counts.setdefault("mine", []).append(
            _count(mine, reverse("incidents:mine", kwargs={"org_slug": slug}))
        )
    for name, (small, large) in counts.items():
        assert large <= BUDGET, f"{name}: {large} queries"
        assert large == small, f"{name}: {small} queries at 5, {large} at 50"
