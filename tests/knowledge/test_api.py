"""/api/v1/knowledge/…: the same access and services as the HTML views."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_scopes import scopes_disabled
from ninja import Router

from tests.knowledge.factories import make_question, make_space
from zorgwijs.knowledge.endpoints import space_endpoint
from zorgwijs.knowledge.models import PageRevision, Question
from zorgwijs.knowledge.services.pages import page_validate
from zorgwijs.organisations.models import Visibility

pytestmark = pytest.mark.django_db

BASE = "/api/v1/knowledge/spaces"


def _post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_spaces_and_space_detail(space, page, member_client, outsider_client):
    assert [s["slug"] for s in member_client.get(BASE).json()] == [space.slug]
    assert outsider_client.get(BASE).json() == []
    detail = member_client.get(f"{BASE}/{space.slug}").json()
    assert detail["pages"] == [{"id": page.pk, "title": page.title, "depth": 0}]
    assert detail["is_member"] and not detail["can_edit"]
    assert outsider_client.get(f"{BASE}/{space.slug}").status_code == 404
    assert Client().get(BASE).json() == []  # signed out: only public spaces, none here


def test_page_read_shows_the_validated_version_by_default(page, world, member_client):
    first = page.current_revision
    page_validate(actor=world.admin_a.user, page=page, revision=first, review_due=None)
    from zorgwijs.knowledge.services.pages import page_revise

    page_revise(
        actor=world.admin_a.user,
        page=page,
        title=page.title,
        body="concept",
        base_revision_id=first.pk,
    )
    url = f"{BASE}/{page.space.slug}/pages/{page.pk}"
    assert member_client.get(url).json()["revision"]["id"] == first.pk
    assert member_client.get(url + "?latest=true").json()["revision"]["body"] == "concept"


def test_revise_with_base_revision_and_409_on_conflict(page, editor_client, member_client):
    url = f"{BASE}/{page.space.slug}/pages/{page.pk}/revisions"
    base = page.current_revision_id
    ok = _post(editor_client, url, {"title": page.title, "body": "nieuw", "base_revision_id": base})
    assert ok.status_code == 201 and ok.json()["number"] == 2
    late = _post(
        editor_client, url, {"title": page.title, "body": "ander", "base_revision_id": base}
    )
    assert late.status_code == 409
    assert "intussen gewijzigd" in late.json()["detail"]
    assert PageRevision.objects.filter(page=page).count() == 2
    refused = _post(
        member_client, url, {"title": page.title, "body": "x", "base_revision_id": ok.json()["id"]}
    )
    assert refused.status_code == 403


def test_questions_list_ask_and_answer(space, world, member_client, outsider_client):
    make_question(space, world.employee_a.user, title="Oude vraag")
    url = f"{BASE}/{space.slug}/questions"
    created = _post(member_client, url, {"title": "Hoe reinig ik de pomp?"})
    assert created.status_code == 201
    question_id = created.json()["id"]
    answer = _post(member_client, f"{url}/{question_id}/answers", {"body": "Met alcohol 70%."})
    assert answer.status_code == 201
    listing = member_client.get(url + "?unanswered=true").json()
    assert [q["title"] for q in listing["questions"]] == ["Oude vraag"]
    assert listing["page"]["total"] == 1
    assert _post(outsider_client, url, {"title": "Mag ik ook?"}).status_code == 404
    assert Question.objects.count() == 2
    blank = _post(member_client, url, {"title": "   "})
    assert blank.status_code == 422


def test_a_reader_of_a_public_space_who_is_no_member_may_not_ask_or_answer(world, outsider_client):
    with scopes_disabled():
        public = make_space(world.org_a, slug="openbaar", visibility=Visibility.PUBLIC)
        question = make_question(public, world.employee_a.user)
    url = f"{BASE}/{public.slug}/questions"
    assert outsider_client.get(url).status_code == 200
    assert not outsider_client.get(f"{BASE}/{public.slug}").json()["is_member"]
    assert _post(outsider_client, url, {"title": "Mag ik ook?"}).status_code == 403
    answer = _post(outsider_client, f"{url}/{question.pk}/answers", {"body": "Zo."})
    assert answer.status_code == 403
    assert Question.objects.count() == 1 and not question.answers.exists()


def test_a_space_endpoint_states_its_role_exactly_when_its_path_holds_a_space():
    with pytest.raises(ValueError, match="role"):
        space_endpoint(Router(), "GET", "/spaces/{space_slug}", None)
    with pytest.raises(ValueError, match="role"):
        space_endpoint(Router(), "GET", "/spaces", "viewer")
