"""Two factors follow the roles a person has now, for open sessions and existing API tokens.

The probe's scenario: an employee without two factors makes a personal access token, an
admin makes her coordinator, and the same token and her open browser session reach the
incidents (with the named reporter), the people and the IGJ export. Everything here goes
through the sign-in pages, the admin screens and the API over HTTP, as the people would.
"""

from __future__ import annotations

import datetime
import re

import pyotp
import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.accounts.conftest import login
from tests.api.conftest import ApiClient
from tests.signin import sign_in
from zorgwijs.incidents.models import Incident, Status
from zorgwijs.organisations.models import Role

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 23, 9, 0, 5, tzinfo=datetime.UTC)
REFUSED = "Voor jouw rol is tweestapsverificatie verplicht"


@pytest.fixture
def admin_client(mfa_world):
    """The organisation's admin, with two factors set up as their role requires."""
    admin = mfa_world.admin_a.user
    Authenticator.objects.create(
        user=admin, type=Authenticator.Type.TOTP, data={"secret": "not-used-in-tests"}
    )
    client = Client()
    sign_in(client, admin)
    return client


@pytest.fixture
def named_report(mfa_world):
    with scopes_disabled():
        return Incident.objects.create(
            organisation=mfa_world.org_a,
            reporter=mfa_world.colleague_a.user,
            occurred_at=timezone.now(),
            location="OK 3",
            category="device",
            outcome="near_miss",
            severity="none",
            what_happened="Infuuspomp gaf geen alarm.",
            status=Status.IN_ANALYSIS,
        )


def _make_token(client) -> str:
    response = client.post(reverse("accounts:tokens"), {"name": "Eigen script"})
    assert response.status_code == 200
    return re.search(r'id="new-token-secret">(zw_[^<]+)<', response.content.decode()).group(1)


def _grant(admin_client, world, membership, role: str) -> None:
    url = reverse(
        "organisations:admin_member_roles",
        kwargs={"org_slug": world.org_a.slug, "membership_id": membership.pk},
    )
    assert admin_client.post(url, {"role": role}).status_code == 302


def _revoke_all(admin_client, world, membership) -> None:
    with scopes_disabled():
        assignment_ids = list(membership.roles.values_list("pk", flat=True))
    for assignment_id in assignment_ids:
        url = reverse(
            "organisations:admin_member_role_revoke",
            kwargs={
                "org_slug": world.org_a.slug,
                "membership_id": membership.pk,
                "assignment_id": assignment_id,
            },
        )
        assert admin_client.post(url).status_code == 302


def _triage_api(api, world, incident) -> dict[str, object]:
    slug = world.org_a.slug
    return {
        "incidents": api.get(f"/organisations/{slug}/incidents"),
        "incident": api.get(f"/organisations/{slug}/incidents/{incident.pk}"),
        "memberships": api.get(f"/organisations/{slug}/memberships"),
    }


def _coordinator_pages(world) -> list[str]:
    slug = world.org_a.slug
    return [
        reverse("incidents:list", kwargs={"org_slug": slug}),
        reverse("organisations:people", kwargs={"org_slug": slug}),
        reverse("competences:evidence_pack", kwargs={"org_slug": slug}),
    ]


def _enrol(client) -> None:
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302


def test_promotion_reaches_an_open_session_and_an_existing_token(
    mfa_world, admin_client, named_report
):
    world = mfa_world
    eva = world.employee_a
    session = Client()
    with time_machine.travel(T0, tick=False):
        assert login(session, eva.user.email).status_code == 302
        api = ApiClient(_make_token(session))
        # As an employee: her own things work, triage does not.
        assert api.get(f"/organisations/{world.org_a.slug}/incidents/mine").status_code == 200
        assert _triage_api(api, world, named_report)["incidents"].status_code == 403
        for page in _coordinator_pages(world):
            assert session.get(page).status_code == 403, page

        _grant(admin_client, world, eva, Role.COORDINATOR)

        # The token made before the promotion is refused everywhere, with the reason.
        for name, response in _triage_api(api, world, named_report).items():
            assert response.status_code == 403, name
            assert REFUSED in response.json()["detail"], name
            assert "Carl Chirurg" not in response.content.decode(), name
        mine = api.get(f"/organisations/{world.org_a.slug}/incidents/mine")
        assert mine.status_code == 403 and REFUSED in mine.json()["detail"]
        # The session opened before the promotion is sent to set up two factors.
        for page in _coordinator_pages(world):
            response = session.get(page)
            assert response.status_code == 302, page
            assert response.url == reverse("mfa_activate_totp"), page
        # ... also for the API through that session.
        response = session.get(f"/api/v1/organisations/{world.org_a.slug}/incidents")
        assert response.status_code == 403 and REFUSED in response.json()["detail"]

        _enrol(session)

        # With two factors set up the session may do the coordinator's work ...
        for page in _coordinator_pages(world):
            assert session.get(page).status_code == 200, page
        detail = session.get(
            reverse(
                "incidents:detail",
                kwargs={"org_slug": world.org_a.slug, "incident_id": named_report.pk},
            )
        )
        assert detail.status_code == 200
        # ... but the token from before stays refused: it was never vouched for by a second
        # factor. A token made now works.
        refused = _triage_api(api, world, named_report)["incidents"]
        assert refused.status_code == 403 and "nieuw token" in refused.json()["detail"]
        fresh = ApiClient(_make_token(session))
        for name, response in _triage_api(fresh, world, named_report).items():
            assert response.status_code == 200, name


def test_a_fresh_sign_in_after_the_promotion_must_set_up_two_factors(mfa_world, admin_client):
    world = mfa_world
    _grant(admin_client, world, world.employee_a, Role.COORDINATOR)
    client = Client()
    with time_machine.travel(T0, tick=False):
        login(client, world.employee_a.user.email)
        for page in _coordinator_pages(world):
            response = client.get(page)
            assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


def test_losing_the_role_or_the_job_lifts_the_requirement_again(
    mfa_world, admin_client, named_report
):
    world = mfa_world
    eva = world.employee_a
    session = Client()
    with time_machine.travel(T0, tick=False):
        login(session, eva.user.email)
        api = ApiClient(_make_token(session))
        mine = f"/organisations/{world.org_a.slug}/incidents/mine"
        _grant(admin_client, world, eva, Role.INCIDENT_COMMITTEE)
        assert api.get(mine).status_code == 403
        assert session.get(reverse("core:home")).status_code == 302

        # The role is taken away again: she is an employee without two factors, as before.
        _revoke_all(admin_client, world, eva)
        assert api.get(mine).status_code == 200
        assert session.get(reverse("core:home")).status_code == 200
        assert _triage_api(api, world, named_report)["incidents"].status_code == 403

        # A coordinator whose employment has ended is no longer held to the organisation's
        # policy either (and no longer reaches its data: that is the membership's business).
        _grant(admin_client, world, eva, Role.COORDINATOR)
        assert session.get(reverse("core:home")).status_code == 302
        end = reverse(
            "organisations:admin_member_end",
            kwargs={"org_slug": world.org_a.slug, "membership_id": eva.pk},
        )
        yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
        response = admin_client.post(end, {"einde-end_date": yesterday})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert session.get(reverse("core:home")).status_code == 200
        gone = api.get(mine)
        assert gone.status_code == 404  # not a member any more; not refused for two factors
        assert REFUSED not in gone.content.decode()
