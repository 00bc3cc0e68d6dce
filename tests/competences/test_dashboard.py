import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from tests.competences.factories import required_device
from tests.signin import sign_in
from zorgwijs.competences.dashboard import compliance_by, compliance_total, snapshot_take, trend
from zorgwijs.competences.models import ComplianceSnapshot
from zorgwijs.competences.services import qualification_register

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def setup(world):
    pump = required_device(
        world, "Infuuspomp", [world.cardiology, world.surgery], profile="Alle afdelingen"
    )
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=pump,
            occurred_on=TODAY,
            evidence_kind="practical",
        )
    return pump


def test_compliance_per_department_and_total(world, setup):
    with scope(organisation=world.org_a.pk):
        rows = {
            r["label"]: (r["competent"], r["required"])
            for r in compliance_by(organisation=world.org_a, on=TODAY, dimension="department")
        }
        total = compliance_total(organisation=world.org_a, on=TODAY)
    assert rows == {"Cathlab": (1, 1), "Hartcentrum": (0, 1), "Chirurgie": (0, 1)}
    assert (total["competent"], total["required"], total["percent"]) == (1, 3, 33.3)


def test_snapshot_is_taken_once_per_day_and_feeds_the_trend(world, setup):
    with scope(organisation=world.org_a.pk):
        assert snapshot_take(organisation=world.org_a, on=TODAY) == 4  # total + 3 departments
        assert snapshot_take(organisation=world.org_a, on=TODAY) == 0
        assert ComplianceSnapshot.objects.count() == 4
        assert trend(organisation=world.org_a, until=TODAY) == [
            {"day": TODAY.isoformat(), "percent": 33.3}
        ]


@pytest.mark.parametrize("per", ["department", "function", "item", "risk"])
def test_dashboard_page_per_dimension(client, world, setup, per, django_assert_max_num_queries):
    sign_in(client, world.admin_a.user)
    url = reverse("competences:dashboard", kwargs={"org_slug": "rivierenland"})
    with django_assert_max_num_queries(20):
        response = client.get(url, {"per": per})
    assert response.status_code == 200
    assert 'id="zw-bar-data"' in response.content.decode()


def test_dashboard_needs_the_capability(client, world, setup):
    url = reverse("competences:dashboard", kwargs={"org_slug": "rivierenland"})
    sign_in(client, world.manager_a.user)
    assert client.get(url).status_code == 403
    sign_in(client, world.outsider_b.user)
    assert client.get(url).status_code == 404
