"""The start page per role (docs/screens.md, "Start pages per role"): what each person sees
first, and that its cost does not grow with what they hold, lead or follow."""

from __future__ import annotations

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import DeviceFactory, authorised_assessor, required_device
from tests.factories import MembershipFactory, UserFactory, give_role
from tests.signin import sign_in
from zorgwijs.competences.models import ProfileItem, RequirementProfile
from zorgwijs.competences.requirements import requirements_refresh
from zorgwijs.competences.services import qualification_register
from zorgwijs.competences.sign_off import sign_off_request
from zorgwijs.organisations.models import OrganisationApplication, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def pump(world):
    return required_device(world, "Infuuspomp Alaris", [world.cardiology], profile="Hart")


def _more_requirements(world, count: int) -> list:
    """``count`` more required high-risk devices for the cardiology people."""
    with scopes_disabled():
        profile = RequirementProfile.objects.create(organisation=world.org_a, name="Meer")
        profile.departments.add(world.cardiology)
        devices = [DeviceFactory(organisation=world.org_a) for _ in range(count)]
        for device in devices:
            ProfileItem.objects.create(profile=profile, item=device)
    with scope(organisation=world.org_a.pk):
        requirements_refresh(organisation=world.org_a)
    return devices


def _home(client, user, mfa=False) -> str:
    sign_in(client, user, mfa=mfa)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, user, mfa=False) -> int:
    sign_in(client, user, mfa=mfa)
    client.get(reverse("core:home"))  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("core:home")).status_code == 200
    return len(captured)


def test_employee_sees_status_and_the_action_for_the_missing_item(client, world, pump):
    body = _home(client, world.employee_a.user)
    assert "Je bent bekwaam voor 0 van 1 vereisten." in body
    assert "Ontbreekt</span>: Infuuspomp Alaris" in body
    # The button is the prefilled request for that very item, not the passport again.
    url = reverse("competences:request_sign_off", kwargs={"org_slug": "rivierenland"})
    assert f'href="{url}?bekwaamheid={pump.pk}"' in body
    assert "Mijn team" not in body and "Beheer: wacht op jou" not in body
    assert 'name="q"' in body  # the platform-wide search


def test_expiring_item_offers_plan_je_herhaling_for_that_item(client, world, pump):
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=pump,
            occurred_on=timezone.localdate() - datetime.timedelta(days=350),
            evidence_kind="practical",
            backdate_reason="Papieren registratie overgenomen",
        )
    body = _home(client, world.employee_a.user)
    assert "1 verloopt binnenkort." in body
    assert f'?bekwaamheid={pump.pk}">Plan je herhaling' in body


def test_pending_request_is_not_offered_again(client, world, pump):
    with scope(organisation=world.org_a.pk):
        sign_off_request(
            actor=world.employee_a.user,
            membership=world.employee_a,
            item=pump,
            performed_on=timezone.localdate(),
        )
    sign_in(client, world.employee_a.user)
    body = client.get(
        reverse("competences:my_passport", kwargs={"org_slug": "rivierenland"})
    ).content.decode()
    assert "Aftekening aangevraagd: een beoordelaar beslist" in body
    assert f"?bekwaamheid={pump.pk}" not in body


def test_manager_sees_team_numbers_high_risk_gaps_and_waiting_requests(client, world, pump):
    with scope(organisation=world.org_a.pk):
        sign_off_request(
            actor=world.employee_a.user,
            membership=world.employee_a,
            item=pump,
            performed_on=timezone.localdate(),
        )
    body = _home(client, world.manager_a.user, mfa=True)
    assert "Mijn team" in body
    assert "Bekwaam</dt><dd>0%" in body
    assert "Eva Medewerker</a> · Infuuspomp Alaris" in body
    # Carl works in surgery: not the manager's team.
    assert "Carl Chirurg" not in body
    assert "1 aanvraag om af te tekenen wacht op een beoordelaar" in body
    assert reverse("competences:team", kwargs={"org_slug": "rivierenland"}) in body


def test_assessor_sees_requests_with_a_link_each(client, world, pump):
    with scopes_disabled():
        give_role(world.colleague_a, Role.ASSESSOR)
    authorised_assessor(world.colleague_a, pump)
    with scope(organisation=world.org_a.pk):
        request = sign_off_request(
            actor=world.employee_a.user,
            membership=world.employee_a,
            item=pump,
            performed_on=datetime.date(2026, 3, 2),
        )
    body = _home(client, world.colleague_a.user)
    assert "1 aanvraag om af te tekenen" in body
    assert "Eva Medewerker · Infuuspomp Alaris · getoetst op 2 maart 2026" in body
    detail = reverse(
        "competences:sign_off_detail",
        kwargs={"org_slug": "rivierenland", "sign_off_id": request.pk},
    )
    assert detail in body


def test_organisation_admin_sees_people_to_place_invitations_and_two_factor_gaps(client, world):
    with scopes_disabled():
        world.org_a.require_mfa_for_sensitive_roles = True
        world.org_a.save()
    Authenticator.objects.create(
        user=world.admin_a.user, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    body = _home(client, world.admin_a.user, mfa=True)
    assert "Beheer: wacht op jou" in body
    # Anna and Mark have no function; nobody has signed in yet (force_login aside).
    assert "2 medewerkers zonder functie of afdeling" in body
    assert "uitgenodigd, nog nooit ingelogd" in body
    # Mark is a manager (a role that needs two factors) without an authenticator.
    assert "1 persoon moet nog tweestapsverificatie instellen" in body
    assert "Nog geen HR-import" in body


def test_platform_admin_without_organisation_sees_the_platform_queue(client, platform_admin):
    admin = platform_admin
    OrganisationApplication.objects.create(
        name="Zorggroep Test",
        kind="hospital",
        province="utrecht",
        contact_name="Jan",
        contact_email="jan@example.org",
    )
    body = _home(client, admin, mfa=True)
    assert "nog niet gekoppeld" not in body
    assert "1 aanmelding van een organisatie wacht" in body
    assert reverse("platform:applications") in body


def test_visitor_landing_page_puts_search_first(client, db):
    body = client.get(reverse("core:home")).content.decode()
    assert "Waar werk je aan?" in body
    assert body.index("Waar werk je aan?") < body.index("Meld je organisatie aan")
    assert reverse("projects:comparable") in body
    assert reverse("signup:apply") in body


@pytest.mark.parametrize("role", ["employee", "manager", "assessor", "coordinator", "admin"])
def test_query_count_does_not_grow_with_requirements_team_or_requests(client, world, pump, role):
    with scopes_disabled():
        coordinator = MembershipFactory(
            organisation=world.org_a, user=UserFactory(), primary_department=world.cardiology
        )
        give_role(coordinator, Role.COORDINATOR)
        give_role(world.colleague_a, Role.ASSESSOR)
    authorised_assessor(world.colleague_a, pump)
    with scope(organisation=world.org_a.pk):
        requirements_refresh(organisation=world.org_a)  # the coordinator needs the pump too
    person, mfa = {
        "employee": (world.employee_a.user, False),
        "manager": (world.manager_a.user, True),
        "assessor": (world.colleague_a.user, False),
        "coordinator": (coordinator.user, True),
        "admin": (world.admin_a.user, True),
    }[role]
    before = _queries(client, person, mfa)
    devices = _more_requirements(world, 6)
    with scopes_disabled():
        team = [
            MembershipFactory(
                organisation=world.org_a, user=UserFactory(), primary_department=world.cathlab
            )
            for _ in range(4)
        ]
    for device in devices:
        authorised_assessor(world.colleague_a, device)
    with scope(organisation=world.org_a.pk):
        requirements_refresh(organisation=world.org_a)
        for member in [*team, world.employee_a]:
            for device in devices[:3]:
                sign_off_request(
                    actor=member.user,
                    membership=member,
                    item=device,
                    performed_on=timezone.localdate(),
                )
    assert _queries(client, person, mfa) == before


def test_organisation_page_is_not_empty_for_an_employee(client, world, pump):
    sign_in(client, world.employee_a.user)
    body = client.get(
        reverse("organisations:dashboard", kwargs={"org_slug": "rivierenland"})
    ).content.decode()
    assert "Je bent bekwaam voor 0 van 1 vereisten." in body
    assert "Verpleegkundige · Cathlab" in body
