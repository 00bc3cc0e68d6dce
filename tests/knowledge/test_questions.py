"""Questions and answers: ask, answer, vote once, accept, unanswered queue, similar
questions, and turning an answer into a page improvement."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.knowledge.factories import make_answer, make_question
from tests.signin import sign_in
from zorgwijs.knowledge.models import Answer, PageRevision, Question, Suggestion

pytestmark = pytest.mark.django_db


def _q(name, question, **kwargs):
    return reverse(f"knowledge:{name}", kwargs={"space_slug": question.space.slug, **kwargs})


def test_ask_and_answer(space, page, world, member_client, editor_client):
    url = reverse("knowledge:question_new", kwargs={"space_slug": space.slug})
    response = member_client.post(
        url, {"title": "Hoe ontlucht ik de lijn?", "body": "", "page": page.pk}
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert question.page == page and question.author == world.employee_a.user
    editor_client.post(
        _q("answer_new", question, question_id=question.pk), {"body": "Primeknop drie seconden."}
    )
    question.refresh_from_db()
    assert question.answer_count == 1


def test_empty_question_is_refused_at_the_field(space, member_client):
    url = reverse("knowledge:question_new", kwargs={"space_slug": space.slug})
    response = member_client.post(url, {"title": "  ", "body": "x"})
    assert response.status_code == 400
    assert Question.objects.count() == 0


def test_one_vote_per_person(space, world, member_client):
    question = make_question(space, world.employee_a.user)
    answer = make_answer(question, world.admin_a.user)
    url = _q("answer_vote", question, answer_id=answer.pk)
    member_client.post(url, {"value": "1"})
    member_client.post(url, {"value": "1"})  # the same vote again withdraws it
    answer.refresh_from_db()
    assert answer.score == 0
    member_client.post(url, {"value": "1"})
    sign_in(Client(), world.colleague_a.user).post(url, {"value": "1"})
    member_client.post(url, {"value": "-1"})  # changing a vote does not add one
    answer.refresh_from_db()
    assert answer.score == 0
    assert answer.votes.count() == 2
    own = sign_in(Client(), world.admin_a.user).post(url, {"value": "1"}, follow=True)
    assert "eigen antwoord" in own.content.decode()


def test_the_asker_accepts_an_answer_others_cannot(space, world, member_client):
    question = make_question(space, world.employee_a.user)
    answer = make_answer(question, world.admin_a.user)
    url = _q("answer_accept", question, answer_id=answer.pk)
    assert sign_in(Client(), world.colleague_a.user).post(url).status_code == 403
    member_client.post(url)
    question.refresh_from_db()
    assert question.accepted_answer == answer
    html = member_client.get(_q("question", question, question_id=question.pk)).content.decode()
    assert "Geaccepteerd antwoord" in html


def test_unanswered_queue(space, world, member_client):
    open_question = make_question(space, world.employee_a.user, title="Welke lijn hoort erbij?")
    answered = make_question(space, world.employee_a.user, title="Hoe reinig ik de pomp?")
    make_answer(answered, world.admin_a.user)
    url = reverse("knowledge:questions", kwargs={"space_slug": space.slug})
    html = member_client.get(url + "?filter=onbeantwoord").content.decode()
    assert open_question.title in html and answered.title not in html


def test_similar_questions_appear_while_typing(space, world, member_client):
    make_question(space, world.employee_a.user, title="Hoe ontlucht ik de infuuslijn?")
    make_question(space, world.employee_a.user, title="Waar staat de reinigingsinstructie?")
    url = reverse("knowledge:question_similar", kwargs={"space_slug": space.slug})
    html = member_client.get(
        url, {"title": "infuuslijn ontluchten lukt niet"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Hoe ontlucht ik de infuuslijn?" in html
    assert "reinigingsinstructie" not in html
    short = member_client.get(url, {"title": "ab"}, HTTP_HX_REQUEST="true")
    assert short.content.decode().strip() == ""
    page = member_client.get(url, {"title": "infuuslijn"}).content.decode()  # without htmx
    assert "<html" in page and "Hoe ontlucht ik de infuuslijn?" in page


def test_an_editor_turns_an_answer_into_a_page_revision(space, page, world, editor_client):
    question = make_question(space, world.employee_a.user, title="Hoe ontlucht ik de lijn?")
    answer = make_answer(question, world.admin_a.user, body="Primeknop drie seconden.")
    editor_client.post(_q("answer_to_page", question, answer_id=answer.pk), {"page": page.pk})
    page.refresh_from_db()
    assert page.current_revision.number == 2
    assert "## Hoe ontlucht ik de lijn?\n\nPrimeknop drie seconden." in page.current_revision.body


def test_a_member_turns_an_answer_into_a_suggestion(space, page, world, member_client):
    question = make_question(space, world.employee_a.user)
    answer = make_answer(question, world.admin_a.user)
    member_client.post(_q("answer_to_page", question, answer_id=answer.pk), {"page": page.pk})
    suggestion = Suggestion.objects.get()
    assert suggestion.source_answer == answer
    assert answer.body in suggestion.body
    assert PageRevision.objects.filter(page=page).count() == 1


def test_answers_of_another_space_are_not_reachable(space, world, member_client):
    from tests.knowledge.factories import make_space

    other = make_space(world.org_b, slug="elders")
    question = make_question(other, world.outsider_b.user)
    answer = make_answer(question, world.outsider_b.user)
    url = reverse(
        "knowledge:answer_vote", kwargs={"space_slug": space.slug, "answer_id": answer.pk}
    )
    assert member_client.post(url, {"value": "1"}).status_code == 404
    assert Answer.objects.get(pk=answer.pk).score == 0


def test_a_question_can_be_about_a_linked_device(space, world, member_client):
    from tests.competences.factories import DeviceFactory

    pump = DeviceFactory(organisation=world.org_a, name="Volumat Agilia")
    other = DeviceFactory(organisation=world.org_a, name="Niet gekoppeld")
    space.competence_items.add(pump)
    url = reverse("knowledge:question_new", kwargs={"space_slug": space.slug})
    assert "Niet gekoppeld" not in member_client.get(url).content.decode()
    refused = member_client.post(url, {"title": "Welke lijn?", "item": other.pk})
    assert refused.status_code == 400
    member_client.post(url, {"title": "Welke lijn?", "item": pump.pk})
    question = Question.objects.get()
    assert question.competence_item == pump
    detail = member_client.get(_q("question", question, question_id=question.pk))
    assert "over Volumat Agilia" in detail.content.decode()


@pytest.mark.parametrize("on_answer", [False, True])
def test_a_refused_comment_keeps_its_text_and_says_why_at_its_field(
    space, world, member_client, on_answer
):
    from zorgwijs.knowledge.models import QuestionComment

    with scopes_disabled():
        question = make_question(space, world.admin_a.user)
        answer = make_answer(question, world.admin_a.user)
    url = reverse(
        "knowledge:comment_new", kwargs={"space_slug": space.slug, "question_id": question.pk}
    )
    text = "Mijn lange opmerking " * 60  # over 1,000 characters
    data = {"body": text, **({"answer": answer.pk} if on_answer else {})}
    response = member_client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    key = answer.pk if on_answer else "q"
    assert f'id="zw-comment-{key}-error"' in html
    assert f'value="{text}"' in html
    assert not QuestionComment.objects.exists()
