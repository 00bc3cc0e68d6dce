"""The knowledge API for every role: signed-out readers see public spaces exactly as the web
pages show them; writes need sign-in; authors edit, editors hide."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from tests.api.conftest import make_token
from tests.knowledge.factories import make_answer, make_page, make_question, make_space
from zorgwijs.knowledge.models import Answer, PostRevision
from zorgwijs.knowledge.services.questions import comment_add
from zorgwijs.organisations.models import Visibility

pytestmark = pytest.mark.django_db

BASE = "/api/v1/knowledge/spaces"


def _put(client, url, data, **headers):
    return client.put(url, data=json.dumps(data), content_type="application/json", **headers)


@pytest.fixture
def public(world):
    with scopes_disabled():
        space = make_space(world.org_a, slug="open-pomp", visibility=Visibility.PUBLIC)
        page = make_page(space, world.admin_a.user, title="Openbare handleiding")
        question = make_question(space, world.employee_a.user, title="Hoe stel ik het alarm in?")
        answer = make_answer(question, world.admin_a.user, body="Via het menu Alarmen.")
    return space, page, question, answer


def test_anonymous_reads_a_public_space(public, space):
    open_space, page, question, answer = public
    anonymous = Client()
    assert [s["slug"] for s in anonymous.get(BASE).json()] == ["open-pomp"]
    detail = anonymous.get(f"{BASE}/open-pomp").json()
    assert detail["pages"][0]["title"] == "Openbare handleiding"
    assert not detail["is_member"] and not detail["can_edit"]
    assert anonymous.get(f"{BASE}/open-pomp/pages/{page.pk}").json()["revision"]["title"]
    listing = anonymous.get(f"{BASE}/open-pomp/questions").json()
    assert [q["title"] for q in listing["questions"]] == [question.title]
    thread = anonymous.get(f"{BASE}/open-pomp/questions/{question.pk}").json()
    assert thread["answers"][0]["body"] == "Via het menu Alarmen."
    # the organisation-only space stays a 404, as on the web
    assert anonymous.get(f"{BASE}/{space.slug}").status_code == 404


def test_anonymous_writes_need_sign_in(public):
    _space, page, question, answer = public
    anonymous = Client()
    ask = anonymous.post(
        f"{BASE}/open-pomp/questions", data={"title": "x"}, content_type="application/json"
    )
    assert ask.status_code == 401
    edit = {"body": "x", "version": "x"}
    assert _put(anonymous, f"{BASE}/open-pomp/answers/{answer.pk}", edit).status_code == 401


def test_invalid_token_is_refused_not_read_as_anonymous(public):
    response = Client().get(BASE, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_token_caller_sees_own_organisation_spaces(public, space, world):
    headers = {"Authorization": f"Bearer {make_token(world.employee_a.user)}"}
    slugs = {s["slug"] for s in Client().get(BASE, headers=headers).json()}
    assert slugs == {"open-pomp", space.slug}
    outsider = {"Authorization": f"Bearer {make_token(world.outsider_b.user)}"}
    assert {s["slug"] for s in Client().get(BASE, headers=outsider).json()} == {"open-pomp"}


def test_author_edits_through_the_api_others_may_not(space, world, member_client, editor_client):
    question = make_question(space, world.employee_a.user)
    answer = make_answer(question, world.colleague_a.user)
    url = f"{BASE}/{space.slug}/answers/{answer.pk}"
    thread = member_client.get(f"{BASE}/{space.slug}/questions/{question.pk}").json()
    answer_version = thread["answers"][0]["version"]
    assert _put(member_client, url, {"body": "Anders", "version": answer_version}).status_code == (
        403
    )
    response = _put(
        member_client,
        f"{BASE}/{space.slug}/questions/{question.pk}",
        {"title": "Hoe ontlucht ik de infuuslijn?", "body": "", "version": thread["version"]},
    )
    assert response.status_code == 200 and response.json()["edited_at"]
    assert PostRevision.objects.filter(question=question).count() == 1
    edited = _put(editor_client, url, {"body": "Primeknop", "version": answer_version})
    assert edited.status_code == 200
    assert Answer.objects.get(pk=answer.pk).body == "Primeknop"


def test_editor_hides_through_the_api(space, world, member_client, editor_client):
    question = make_question(space, world.employee_a.user)
    comment = comment_add(actor=world.employee_a.user, question=question, body="Welke lijn?")
    url = f"{BASE}/{space.slug}/comments/{comment.pk}/hidden"
    assert _put(member_client, url, {"hidden": True, "reason": "x"}).status_code == 403
    assert _put(editor_client, url, {"hidden": True, "reason": ""}).status_code == 400
    assert _put(editor_client, url, {"hidden": True, "reason": "Privé"}).json()["hidden"]
    thread = member_client.get(f"{BASE}/{space.slug}/questions/{question.pk}").json()
    assert thread["comments"] == []
    thread = editor_client.get(f"{BASE}/{space.slug}/questions/{question.pk}").json()
    assert thread["comments"][0]["hidden"]
    assert not _put(editor_client, url, {"hidden": False}).json()["hidden"]
