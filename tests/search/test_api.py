from __future__ import annotations

import pytest
from django.test import Client

from tests.signin import sign_in
from zorgwijs.organisations.models import Visibility
from zorgwijs.projects.services import project_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(world, themes):
    public = project_create(
        actor=None,
        organisation=None,
        themes=[themes[0]],
        data={
            "title": "Valpreventie in de wijk",
            "summary": "Minder vallen thuis.",
            "external_id": "p900",
            "sector": "vvt",
            "contacts": [{"name": "Ilse Contact", "role": "", "email": "ilse@example.org"}],
        },
    )
    similar = project_create(
        actor=None,
        organisation=None,
        themes=[themes[0]],
        data={
            "title": "Valpreventie in het verpleeghuis",
            "summary": "Minder vallen door bewegen.",
            "sector": "vvt",
        },
    )
    private = project_create(
        actor=None,
        organisation=world.org_a,
        data={
            "title": "Valpreventie intern",
            "summary": "Alleen voor ons.",
            "visibility": Visibility.ORGANISATION,
        },
    )
    return public, similar, private


def test_search_returns_ranked_results_in_the_stable_shape(projects):
    data = Client().get("/api/v1/search", {"q": "valpreventie", "type": "project"}).json()
    assert data["total"] == 2
    first = data["results"][0]
    assert set(first) == {"type", "id", "external_id", "title", "url", "snippet", "score"}
    assert first["type"] == "project" and first["score"] >= data["results"][1]["score"]


def test_search_shows_private_results_only_to_members(world, projects):
    member = sign_in(Client(), world.employee_a.user)
    assert member.get("/api/v1/search", {"q": "valpreventie"}).json()["total"] == 3
    outsider = sign_in(Client(), world.outsider_b.user)
    assert outsider.get("/api/v1/search", {"q": "valpreventie"}).json()["total"] == 2


def test_bad_bearer_token_is_refused_not_treated_as_anonymous(projects):
    response = Client().get("/api/v1/search", {"q": "x"}, HTTP_AUTHORIZATION="Bearer zw_nope")
    assert response.status_code == 401


def test_project_by_id_and_external_id_hide_contacts_from_anonymous(world, projects):
    public, _, private = projects
    anonymous = Client().get(f"/api/v1/projects/{public.pk}").json()
    assert anonymous["contacts"] is None and anonymous["external_id"] == "p900"
    by_external = Client().get("/api/v1/projects/by-external-id/p900").json()
    assert by_external["id"] == public.pk
    signed_in = sign_in(Client(), world.outsider_b.user).get(f"/api/v1/projects/{public.pk}")
    assert signed_in.json()["contacts"][0]["name"] == "Ilse Contact"
    assert Client().get(f"/api/v1/projects/{private.pk}").status_code == 404


def test_similar_projects_with_reasons(projects):
    public, similar, private = projects
    data = Client().get(f"/api/v1/projects/{public.pk}/similar").json()
    assert [d["id"] for d in data] == [similar.pk]
    assert "valpreventie" in data[0]["reasons"][0]
    pasted = (
        Client()
        .post(
            "/api/v1/projects/similar",
            {
                "description": "Wij willen vallen bij "
                "ouderen thuis voorkomen met een valpreventie-aanpak."
            },
            content_type="application/json",
        )
        .json()
    )
    assert private.pk not in [d["id"] for d in pasted] and pasted
    bad = Client().post(
        "/api/v1/projects/similar", {"description": ""}, content_type="application/json"
    )
    assert bad.status_code == 422
