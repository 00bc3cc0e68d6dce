import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import required_device
from tests.factories import MembershipFactory, UserFactory
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.requirements import requirements_refresh
from zorgwijs.competences.services import qualification_register

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"


@pytest.fixture
def pump(world):
    pump = required_device(world, "Infuuspomp Volumat", [world.cardiology, world.surgery])
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=pump,
            occurred_on=timezone.localdate(),
            evidence_kind="practical",
        )
    return pump


def _get(client, user, name, **kwargs):
    sign_in(client, user)
    return client.get(reverse(f"competences:{name}", kwargs={"org_slug": SLUG, **kwargs}))


def test_my_passport_shows_own_status(client, world, pump):
    response = _get(client, world.employee_a.user, "my_passport")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Infuuspomp Volumat" in body and "Bekwaam voor 1 van 1 vereisten" in body


def test_manager_sees_his_departments_only(client, world, pump):
    response = _get(client, world.manager_a.user, "team")
    body = response.content.decode()
    assert "Eva Medewerker" in body
    assert "Carl Chirurg" not in body
    assert (
        _get(
            client, world.manager_a.user, "person_passport", membership_id=world.colleague_a.pk
        ).status_code
        == 404
    )


def test_three_actors_on_team_matrix(client, world, pump):
    assert _get(client, world.admin_a.user, "team").status_code == 200
    assert _get(client, world.employee_a.user, "team").status_code == 403
    assert _get(client, world.outsider_b.user, "team").status_code == 404


def test_viewing_someone_elses_passport_is_audited(client, world, pump):
    _get(client, world.manager_a.user, "person_passport", membership_id=world.employee_a.pk)
    assert AuditEntry.objects.filter(
        action="competences.passport.viewed",
        subject_user_id=world.employee_a.user_id,
        actor_id=world.manager_a.user_id,
    ).exists()


def test_history_shows_evidence(client, world, pump):
    response = _get(
        client, world.employee_a.user, "history", membership_id=world.employee_a.pk, item_id=pump.pk
    )
    assert "Praktijktoets door beoordelaar" in response.content.decode()
    # an employee cannot open a colleague's history
    assert (
        _get(
            client,
            world.employee_a.user,
            "history",
            membership_id=world.colleague_a.pk,
            item_id=pump.pk,
        ).status_code
        == 404
    )


def test_who_is_competent_lists_valid_people_per_department(client, world, pump):
    sign_in(client, world.admin_a.user)
    url = reverse("competences:who_is_competent", kwargs={"org_slug": SLUG})
    body = client.get(url, {"bekwaamheid": pump.pk}).content.decode()
    assert "Eva Medewerker" in body and "Carl Chirurg" not in body
    far = (timezone.localdate() + datetime.timedelta(days=800)).isoformat()
    assert (
        "Eva Medewerker"
        not in client.get(url, {"bekwaamheid": pump.pk, "datum": far}).content.decode()
    )


def test_large_roster_shows_counts_per_department_then_names_of_one(
    client, world, pump, monkeypatch
):
    monkeypatch.setattr("zorgwijs.competences.views.team.ROSTER_NAMES_LIMIT", 0)
    sign_in(client, world.admin_a.user)
    url = reverse("competences:who_is_competent", kwargs={"org_slug": SLUG})
    body = client.get(url, {"bekwaamheid": pump.pk}).content.decode()
    assert "Eva Medewerker" not in body
    assert "Kies een afdeling" in body and f"afdeling={world.cathlab.pk}" in body
    seen = AuditEntry.objects.filter(action="competences.roster.viewed").count()
    assert seen == 0  # counts only: nobody's data was shown
    body = client.get(url, {"bekwaamheid": pump.pk, "afdeling": world.cardiology.pk})
    assert "Eva Medewerker" in body.content.decode()  # the cathlab is inside the heart centre
    body = client.get(url, {"bekwaamheid": pump.pk, "afdeling": world.surgery.pk})
    assert "Eva Medewerker" not in body.content.decode()


def test_roster_query_count_does_not_grow(client, world, pump, django_assert_max_num_queries):
    sign_in(client, world.admin_a.user)
    url = reverse("competences:who_is_competent", kwargs={"org_slug": SLUG})
    client.get(url, {"bekwaamheid": pump.pk})
    with scopes_disabled():
        people = [
            MembershipFactory(
                organisation=world.org_a, user=UserFactory(), primary_department=world.cathlab
            )
            for _ in range(20)
        ]
    with scope(organisation=world.org_a.pk):
        requirements_refresh(organisation=world.org_a)
        for membership in people:
            qualification_register(
                actor=world.admin_a.user,
                membership=membership,
                item=pump,
                occurred_on=timezone.localdate(),
                evidence_kind="practical",
            )
    with django_assert_max_num_queries(20):
        response = client.get(url, {"bekwaamheid": pump.pk})
    assert response.content.decode().count("geldig tot") == 21


def test_team_matrix_query_count_does_not_grow(client, world, pump, django_assert_max_num_queries):
    sign_in(client, world.admin_a.user)
    url = reverse("competences:team", kwargs={"org_slug": SLUG})
    client.get(url)
    with scopes_disabled():
        for _ in range(30):
            MembershipFactory(
                organisation=world.org_a, user=UserFactory(), primary_department=world.cathlab
            )
    with scope(organisation=world.org_a.pk):
        requirements_refresh(organisation=world.org_a)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    # 30 new people plus the employee, the manager and the colleague.
    assert response.content.decode().count("zw-matrix__person") == 33


@pytest.mark.parametrize("typed", ["2026-02-31", "31-12-2026", "morgen"])
def test_who_is_competent_refuses_a_date_that_is_not_one(client, world, pump, typed):
    """31 February used to answer 500 (parse_date raises on a well-formed impossible date) and
    any other text silently showed today's roster as if it were the date asked for."""
    sign_in(client, world.admin_a.user)
    url = reverse("competences:who_is_competent", kwargs={"org_slug": SLUG})
    response = client.get(url, {"bekwaamheid": pump.pk, "datum": typed})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="w-datum-error"' in body and "Dit is geen datum" in body
    assert f'value="{typed}"' in body and f'value="{pump.pk}" selected' in body
    assert "Eva Medewerker" not in body
    assert not AuditEntry.objects.filter(action="competences.roster.viewed").exists()
