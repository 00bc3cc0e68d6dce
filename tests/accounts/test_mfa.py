"""Mandatory two-factor sign-in with real TOTP codes (pyotp), through allauth's own views."""

from __future__ import annotations

import datetime

import pyotp
import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.accounts.conftest import login
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, give_role
from zorgwijs.accounts.mfa_policy import ENROL_FIRST, mfa_required_for, must_enrol_mfa
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import Role

pytestmark = pytest.mark.django_db

# Frozen a few seconds into a 30-second TOTP window, so a code stays valid during the test.
T0 = datetime.datetime(2026, 11, 23, 9, 0, 5, tzinfo=datetime.UTC)


def _enrol(client) -> str:
    """Set up the authenticator app like a person would; return the TOTP secret."""
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Authenticator-app instellen" in html
    assert "Voor jouw rol is tweestapsverificatie verplicht" in html
    secret = page.context["form"].secret
    assert secret in html and 'for="id_code"' in html
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()
    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    return secret


def test_admin_is_forced_to_enrol_then_asked_for_a_code_at_the_next_sign_in(client, mfa_world):
    admin = mfa_world.admin_a.user
    with time_machine.travel(T0, tick=False):
        assert login(client, admin.email).url == reverse("core:home")
        # Anything but the enrolment pages sends them to set up the authenticator app.
        for path in (
            reverse("core:home"),
            reverse("accounts:who_viewed"),
            reverse("accounts:tokens"),
        ):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response.url == reverse("mfa_activate_totp")
        secret = _enrol(client)
        codes = client.get(reverse("mfa_view_recovery_codes"))
        assert "Herstelcodes" in codes.content.decode()
        assert client.get(reverse("core:home")).status_code == 200
        assert Authenticator.objects.filter(user=admin, type="totp").exists()
        client.post(reverse("account_logout"))

    with time_machine.travel(T0 + datetime.timedelta(minutes=5), tick=False):
        response = login(client, admin.email)
        assert response.url == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session  # not signed in before the code
        page = client.get(reverse("mfa_authenticate"))
        assert "Tweestapsverificatie" in page.content.decode()
        assert 'for="id_code"' in page.content.decode()
        wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
        assert "Deze code klopt niet" in wrong.content.decode()
        assert "_auth_user_id" not in client.session
        code = pyotp.TOTP(secret).now()
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == admin.pk
        assert client.get(reverse("core:home")).status_code == 200
        entry = AuditEntry.objects.filter(action="accounts.signed_in").first()
        assert entry.actor_id == admin.pk
        assert entry.data["methods"] == ["password", "mfa"]
        client.post(reverse("account_logout"))

        # The same code cannot be replayed within its window.
        login(client, admin.email)
        replay = client.post(reverse("mfa_authenticate"), {"code": code})
        assert "_auth_user_id" not in client.session
        assert replay.status_code == 200


def test_required_two_factor_cannot_be_switched_off(client, mfa_world):
    admin = mfa_world.admin_a.user
    with time_machine.travel(T0, tick=False):
        login(client, admin.email)
        _enrol(client)
        page = client.get(reverse("mfa_index"))
        assert "Voor jouw rol is tweestapsverificatie verplicht." in page.content.decode()
        response = client.post(reverse("mfa_deactivate_totp"))
        assert "je kunt die niet uitzetten" in response.content.decode()
        assert Authenticator.objects.filter(user=admin, type="totp").exists()


def test_plain_employee_is_not_forced(client, mfa_world):
    employee = mfa_world.employee_a.user
    assert not mfa_required_for(employee)
    login(client, employee.email)
    assert client.get(reverse("core:home")).status_code == 200


def test_who_must_use_two_factors(mfa_world):
    world = mfa_world
    assert mfa_required_for(world.admin_a.user)
    assert mfa_required_for(world.manager_a.user)
    assert not mfa_required_for(world.employee_a.user)
    assert not mfa_required_for(world.outsider_b.user)
    with scopes_disabled():
        coordinator = MembershipFactory(organisation=world.org_a, user=UserFactory())
        give_role(coordinator, Role.COORDINATOR)
        editor = MembershipFactory(organisation=world.org_a, user=UserFactory())
        give_role(editor, Role.EDITOR)
        world.org_b.require_mfa_for_everyone = True
        world.org_b.save()
        relaxed = OrganisationFactory(require_mfa_for_sensitive_roles=False)
        relaxed_admin = MembershipFactory(organisation=relaxed, user=UserFactory())
        give_role(relaxed_admin, Role.ADMIN)
    assert mfa_required_for(coordinator.user)
    assert not mfa_required_for(editor.user)
    assert mfa_required_for(world.outsider_b.user)  # everyone in organisation B
    assert not mfa_required_for(relaxed_admin.user)
    platform_admin = UserFactory(is_platform_admin=True)
    assert mfa_required_for(platform_admin) and must_enrol_mfa(platform_admin)


def test_platform_admin_is_forced_to_enrol(client, world):
    platform_admin = UserFactory(is_platform_admin=True)
    login(client, platform_admin.email)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


def test_everyone_in_an_organisation_that_requires_it_is_forced(client, world):
    with scopes_disabled():
        world.org_b.require_mfa_for_everyone = True
        world.org_b.save()
    login(client, world.outsider_b.user.email)
    response = client.get(reverse("core:home"))
    assert response.url == reverse("mfa_activate_totp")


def test_recovery_code_signs_in_once(client, mfa_world):
    admin = mfa_world.admin_a.user
    with time_machine.travel(T0, tick=False):
        login(client, admin.email)
        _enrol(client)
        codes = client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"]
        assert len(codes) >= 8
        client.post(reverse("account_logout"))
        login(client, admin.email)
        client.post(reverse("mfa_authenticate"), {"code": codes[0]})
        assert int(client.session["_auth_user_id"]) == admin.pk
        client.post(reverse("account_logout"))
        login(client, admin.email)
        client.post(reverse("mfa_authenticate"), {"code": codes[0]})
        assert "_auth_user_id" not in client.session


def test_changing_factors_later_asks_to_confirm_it_is_you(client, mfa_world):
    admin = mfa_world.admin_a.user
    with time_machine.travel(T0, tick=False) as clock:
        login(client, admin.email)
        _enrol(client)
        clock.shift(datetime.timedelta(minutes=10))
        response = client.get(reverse("mfa_generate_recovery_codes"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_reauthenticate"))


def test_api_session_of_someone_who_must_enrol_is_refused_with_json(client, mfa_world):
    login(client, mfa_world.admin_a.user.email)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 403
    assert response.json() == {"detail": str(ENROL_FIRST)}
    assert "tweestapsverificatie verplicht" in response.json()["detail"]
