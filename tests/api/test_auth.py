"""Who may call the API: a usable personal access token, or a signed-in session with CSRF."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from tests.signin import sign_in
from zorgwijs.accounts.models import AccessToken
from zorgwijs.organisations.models import Department

from .conftest import API, ApiClient, make_token

pytestmark = pytest.mark.django_db

NOT_SIGNED_IN = "Niet aangemeld: gebruik een geldig toegangstoken of meld je aan."


def _departments_path(world) -> str:
    return f"/organisations/{world.org_a.slug}/departments"


def test_valid_token_reaches_organisation_data(world):
    client = ApiClient(make_token(world.employee_a.user))
    response = client.get(_departments_path(world))
    assert response.status_code == 200
    assert {d["name"] for d in response.json()} == {"Hartcentrum", "Cathlab", "Chirurgie"}


def test_token_use_is_remembered(world):
    secret = make_token(world.employee_a.user)
    ApiClient(secret).get("/organisations")
    token = AccessToken.objects.get(token_hash=AccessToken.hash_secret(secret))
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("revoked", id="revoked"),
        pytest.param("expired", id="expired"),
        pytest.param("zw_not-a-real-token", id="unknown"),
        pytest.param("not-even-our-prefix", id="foreign"),
        pytest.param(None, id="missing"),
    ],
)
def test_unusable_token_gets_401(world, token):
    user = world.admin_a.user
    if token == "revoked":
        token = make_token(user, revoked=True)
    elif token == "expired":
        token = make_token(user, expires_in=datetime.timedelta(seconds=-1))
    client = ApiClient(token)
    for response in (
        client.get("/organisations"),
        client.get(_departments_path(world)),
        client.post(_departments_path(world), {"name": "Nieuw"}),
    ):
        assert response.status_code == 401
        assert response.json() == {"detail": NOT_SIGNED_IN}
    with scopes_disabled():
        assert not Department.objects.filter(name="Nieuw").exists()


def test_token_of_deactivated_person_gets_401(world):
    user = world.admin_a.user
    token = make_token(user)
    user.is_active = False
    user.save()
    assert ApiClient(token).get("/organisations").status_code == 401


def test_session_reads_without_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.employee_a.user)
    response = client.get(API + _departments_path(world))
    assert response.status_code == 200


def test_session_write_needs_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.admin_a.user)
    url = API + _departments_path(world)

    refused = client.post(url, {"name": "Zonder token"}, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    client.get(API + "/docs")  # any page that renders a form sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        url, {"name": "Met token"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201
    with scopes_disabled():
        assert Department.objects.filter(name="Met token").exists()
        assert not Department.objects.filter(name="Zonder token").exists()


def test_token_write_needs_no_csrf_token(world):
    client = ApiClient(make_token(world.admin_a.user))
    client.client = Client(enforce_csrf_checks=True)
    assert client.post(_departments_path(world), {"name": "Via token"}).status_code == 201


def test_wrong_token_without_session_is_401_not_a_csrf_error(world):
    client = ApiClient("zw_wrong")
    client.client = Client(enforce_csrf_checks=True)
    response = client.post(_departments_path(world), {"name": "X"})
    assert response.status_code == 401


def test_anonymous_call_to_organisation_is_401_not_a_redirect(world):
    response = Client().get(API + _departments_path(world))
    assert response.status_code == 401
    assert response.json() == {"detail": NOT_SIGNED_IN}


@pytest.mark.parametrize("path", ["/", "/bestaat-niet", "/organisations/", "/organisations/x/y/z"])
def test_unknown_api_path_is_a_json_404(world, path):
    for client in (ApiClient(None), ApiClient(make_token(world.admin_a.user))):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Niet gevonden."}
