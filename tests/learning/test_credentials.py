"""A completed learning route as an Open Badges credential: issued by the learner from his
route, in both forms, checked by the independent Node verifier and the public check page, and
nobody else's to issue or read."""

from __future__ import annotations

import datetime
import json

import jwt
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.competences.test_credentials_data_integrity import _node_verify
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.credentials.models import IssuedCredential
from zorgwijs.competences.credentials.verifying import credential_verify
from zorgwijs.learning.models import RouteState
from zorgwijs.lib.dates import calendar_day

from .factories import active_route, outline

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"
MY_ROUTE = reverse("learning:my_route", kwargs={"org_slug": SLUG})


@pytest.fixture
def route(world):
    plan = outline(world.org_a, world.admin_a.user)
    start = datetime.date.today() - datetime.timedelta(days=90)
    return active_route(world, plan.blueprint, start=start)


def _complete(route):
    with scopes_disabled():
        route.state = RouteState.COMPLETED
        route.completed_at = timezone.now()
        route.save(update_fields=["state", "completed_at"])
    return route


def _issue_url(route):
    return reverse(
        "learning:my_route_credential", kwargs={"org_slug": SLUG, "completed_route_id": route.pk}
    )


def test_learner_issues_a_completed_route_and_both_verifiers_accept_it(world, client, route):
    sign_in(client, world.employee_a.user)
    assert _issue_url(route) not in client.get(MY_ROUTE).content.decode()  # not yet completed
    _complete(route)
    assert _issue_url(route) in client.get(MY_ROUTE).content.decode()
    response = client.post(_issue_url(route))
    with scopes_disabled():
        credential = IssuedCredential.objects.get(route=route)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/bewijs/{credential.pk}/"
    )
    assert client.post(_issue_url(route))["Location"] == response["Location"]  # issued once
    with scopes_disabled():
        assert IssuedCredential.objects.filter(route=route).count() == 1
        assert AuditEntry.objects.filter(action="learning.credential.issued").count() == 1
    document = credential.document
    subject = document["credentialSubject"]
    assert subject["achievement"]["name"] == "Interventiemedewerker"
    assert subject["achievement"]["achievementType"] == "LearningProgram"
    assert subject["activityStartDate"] == route.start_date.isoformat()
    assert subject["activityEndDate"] == timezone.localdate().isoformat()
    valid_from = datetime.datetime.fromisoformat(document["validFrom"].replace("Z", "+00:00"))
    assert calendar_day(valid_from) == timezone.localdate()
    claims = jwt.decode(credential.token, options={"verify_signature": False})
    assert claims["credentialSubject"] == subject
    assert credential_verify(json.dumps(document)).ok
    assert credential_verify(credential.token).ok
    assert _node_verify(client, document) == {"verified": True, "revoked": False, "error": None}
    checked = client.post(reverse("credentials:verify"), {"bewijs": json.dumps(document)})
    body = checked.content.decode()
    assert checked.status_code == 200 and "Geldig bewijs" in body
    assert "Interventiemedewerker" in body
    # Labelled as what it is, never as a competence declaration.
    assert "<dt>Leerroute afgerond</dt>" in body and "<dt>Bekwaamheid</dt>" not in body
    wallet = client.get(response["Location"] + "?download=wallet")
    assert wallet["Content-Type"] == "application/vc"
    assert json.loads(wallet.content) == document
    # Listed among the learner's own credentials.
    mine = client.get(reverse("competences:credentials_mine", kwargs={"org_slug": SLUG}))
    assert "Interventiemedewerker" in mine.content.decode()
    assert "Leerroute afgerond" in mine.content.decode()


def test_an_unfinished_route_is_refused(world, client, route):
    sign_in(client, world.employee_a.user)
    response = client.post(_issue_url(route), follow=True)
    assert "Alleen een afgeronde leerroute" in response.content.decode()
    with scopes_disabled():
        assert not IssuedCredential.objects.exists()


def test_nobody_else_issues_or_reads_it(world, client, route, coordinator):
    _complete(route)
    sign_in(client, world.employee_a.user)
    detail = client.post(_issue_url(route))["Location"]
    for member in (world.manager_a, coordinator, world.admin_a, world.outsider_b):
        other = sign_in(Client(), member.user)
        assert other.post(_issue_url(route)).status_code == 404, member
        assert other.get(detail).status_code == 404, member
        assert other.get(detail + "?download=wallet").status_code == 404, member
    with scopes_disabled():
        assert IssuedCredential.objects.count() == 1


def test_revoked_by_the_learner_or_a_reopened_route_shows_in_the_status_list(world, client, route):
    _complete(route)
    sign_in(client, world.employee_a.user)
    detail = client.post(_issue_url(route))["Location"]
    with scopes_disabled():
        credential = IssuedCredential.objects.get(route=route)
        route.state = RouteState.ACTIVE  # reopened: no longer completed
        route.save(update_fields=["state"])
    assert credential_verify(json.dumps(credential.document)).revoked is True
    with scopes_disabled():
        route.state = RouteState.COMPLETED
        route.save(update_fields=["state"])
    assert credential_verify(json.dumps(credential.document)).revoked is False
    response = client.post(detail, {"reason": "Niet meer nodig"})
    assert response.status_code == 302
    assert credential_verify(json.dumps(credential.document)).revoked is True
    assert _node_verify(client, credential.document)["revoked"] is True
    # A revoked credential is not handed out again: a new one is made.
    assert client.post(_issue_url(route))["Location"] != detail
