"""Trends: counts per month per device or department, for coordinators and admins only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from zorgwijs.incidents.models import Incident

pytestmark = pytest.mark.django_db


def _incident(world, pump, days_ago, department):
    with scopes_disabled():
        Incident.objects.create(
            organisation=world.org_a,
            occurred_at=timezone.now() - datetime.timedelta(days=days_ago),
            location="x",
            department=department,
            device=pump,
            category="device",
            outcome="near_miss",
            severity="none",
            what_happened="x",
        )


def test_trends_table_counts_per_month(world, as_, pump):
    _incident(world, pump, 0, world.cathlab)
    _incident(world, pump, 0, world.cathlab)
    _incident(world, None, 0, world.surgery)
    _incident(world, pump, 500, world.cathlab)  # older than twelve months: left out
    url = reverse("incidents:trends", kwargs={"org_slug": world.org_a.slug})
    response = as_(world.admin_a).get(url)
    assert response.status_code == 200
    trends = response.context["trends"]
    assert len(trends["months"]) == 12
    assert trends["months"][-1] == timezone.localdate().isoformat()[:7]
    by_label = {row["label"]: row for row in trends["rows"]}
    assert by_label["Infuuspomp Agilia"]["values"][-1] == 2
    assert by_label["Infuuspomp Agilia"]["total"] == 2 and by_label[""]["total"] == 1
    body = response.content.decode()
    assert "Geen apparaat" in body and 'id="zw-incident-trends"' in body
    per_department = as_(world.admin_a).get(url, {"per": "department"}).context["trends"]
    assert {r["label"]: r["total"] for r in per_department["rows"]} == {
        "Cathlab": 2,
        "Chirurgie": 1,
    }


def test_employee_and_manager_see_no_trends(world, as_):
    url = reverse("incidents:trends", kwargs={"org_slug": world.org_a.slug})
    assert as_(world.employee_a).get(url).status_code == 403
    assert as_(world.manager_a).get(url).status_code == 403
