"""Editing questions, answers and comments (author and editors), the history kept, and
hiding by editors (soft, with a reason and an audit entry)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.edit_forms import form_data, load_form
from tests.knowledge.factories import make_answer, make_question
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.knowledge.models import Answer, PostRevision, Question, QuestionComment
from zorgwijs.knowledge.services.questions import comment_add

pytestmark = pytest.mark.django_db


def _url(name, space, **kwargs):
    return reverse(f"knowledge:{name}", kwargs={"space_slug": space.slug, **kwargs})


@pytest.fixture
def thread(space, world):
    question = make_question(space, world.employee_a.user, title="Hoe ontlucht ik de lijn?")
    answer = make_answer(question, world.colleague_a.user, body="Met de primeknop.")
    comment = comment_add(actor=world.employee_a.user, question=question, body="Welke lijn?")
    return question, answer, comment


def test_author_edits_own_question_and_history_is_kept(space, thread, member_client, world):
    question, _answer, _comment = thread
    url = _url("question_edit", space, question_id=question.pk)
    data = load_form(member_client, url)
    data.update(title="Hoe ontlucht ik de infuuslijn?", body="Nu")
    response = member_client.post(url, data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "Hoe ontlucht ik de infuuslijn?"
    assert question.edited_by == world.employee_a.user and question.edited_at
    old = PostRevision.objects.get(question=question)
    assert old.title == "Hoe ontlucht ik de lijn?" and old.author == world.employee_a.user
    detail = member_client.get(_url("question", space, question_id=question.pk)).content.decode()
    assert "bewerkt" in detail
    history = member_client.get(_url("question_history", space, question_id=question.pk))
    assert "Hoe ontlucht ik de lijn?" in history.content.decode()
    assert AuditEntry.objects.filter(action="knowledge.question.edited").exists()


def test_empty_edit_is_refused_at_the_field_and_text_kept(space, thread, world):
    _question, answer, _comment = thread
    client = sign_in(Client(), world.colleague_a.user)
    url = _url("answer_edit", space, answer_id=answer.pk)
    response = client.post(url, {"body": "   "})
    assert response.status_code == 400
    assert "Dit veld is verplicht" in response.content.decode() or "Schrijf" in (
        response.content.decode()
    )
    too_long = "x" * 20_001
    response = client.post(url, {"body": too_long})
    assert response.status_code == 400 and too_long in response.content.decode()
    answer.refresh_from_db()
    assert answer.body == "Met de primeknop." and answer.edited_at is None
    assert not PostRevision.objects.exists()


def test_only_author_or_editor_may_edit(space, thread, world, member_client, editor_client):
    _question, answer, comment = thread
    # employee A did not write the answer and is no editor
    assert member_client.get(_url("answer_edit", space, answer_id=answer.pk)).status_code == 403
    # the editor may, as moderation; the author of the comment too
    url = _url("answer_edit", space, answer_id=answer.pk)
    response = editor_client.post(
        url, {**load_form(editor_client, url), "body": "Primeknop, 3 seconden."}
    )
    assert response.status_code == 302
    url = _url("comment_edit", space, comment_id=comment.pk)
    response = member_client.post(
        url, {**load_form(member_client, url), "body": "Welke lijn bedoel je?"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Welke lijn bedoel je?"
    assert PostRevision.objects.filter(thread=comment.question).count() == 2


def test_outsider_gets_404(space, thread, outsider_client):
    question, answer, comment = thread
    for name, kwargs in (
        ("question_edit", {"question_id": question.pk}),
        ("answer_hide", {"answer_id": answer.pk}),
        ("comment_edit", {"comment_id": comment.pk}),
        ("question_history", {"question_id": question.pk}),
    ):
        assert outsider_client.get(_url(name, space, **kwargs)).status_code == 404


def test_editor_hides_answer_with_reason(space, thread, world, member_client, editor_client):
    question, answer, _comment = thread
    url = _url("answer_hide", space, answer_id=answer.pk)
    assert member_client.get(url).status_code == 403
    response = editor_client.post(url, {"action": "hide", "reason": ""})
    assert response.status_code == 400
    answer.refresh_from_db()
    assert answer.hidden_at is None
    editor_client.post(_url("answer_accept", space, answer_id=answer.pk))
    response = editor_client.post(url, {"action": "hide", "reason": "Onjuist advies"})
    assert response.status_code == 302
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.hidden_reason == "Onjuist advies" and Answer.objects.filter(pk=answer.pk)
    assert question.answer_count == 0 and question.accepted_answer is None
    entry = AuditEntry.objects.get(action="knowledge.answer.hidden")
    assert entry.data["reason"] == "Onjuist advies"
    # readers and members no longer see it; the editor sees it marked
    reader = member_client.get(_url("question", space, question_id=question.pk)).content.decode()
    assert "Met de primeknop." not in reader
    assert member_client.post(_url("answer_vote", space, answer_id=answer.pk)).status_code == 404
    editor = editor_client.get(_url("question", space, question_id=question.pk)).content.decode()
    assert "Met de primeknop." in editor and "Onjuist advies" in editor
    unanswered = member_client.get(_url("questions", space), {"filter": "onbeantwoord"})
    assert question.title in unanswered.content.decode()
    # and shown again
    editor_client.post(url, {"action": "show"})
    question.refresh_from_db()
    assert question.answer_count == 1


def test_hidden_question_is_gone_for_readers(space, thread, member_client, editor_client):
    question, _answer, comment = thread
    editor_client.post(
        _url("question_hide", space, question_id=question.pk),
        {"action": "hide", "reason": "Dubbel"},
    )
    assert Question.objects.filter(pk=question.pk, hidden_reason="Dubbel").exists()
    assert member_client.get(_url("question", space, question_id=question.pk)).status_code == 404
    assert question.title not in member_client.get(_url("questions", space)).content.decode()
    assert question.title not in member_client.get(_url("space", space)).content.decode()
    assert member_client.get(_url("comment_edit", space, comment_id=comment.pk)).status_code == 404
    assert editor_client.get(_url("question", space, question_id=question.pk)).status_code == 200


def test_editor_hides_comment(space, thread, member_client, editor_client):
    question, _answer, comment = thread
    editor_client.post(
        _url("comment_hide", space, comment_id=comment.pk),
        {"action": "hide", "reason": "Persoonsgegevens"},
    )
    assert QuestionComment.objects.get(pk=comment.pk).hidden_reason == "Persoonsgegevens"
    page = member_client.get(_url("question", space, question_id=question.pk)).content.decode()
    assert "Welke lijn?" not in page


def test_answer_with_bad_input_keeps_text_at_the_field(space, thread, member_client):
    question, _answer, _comment = thread
    too_long = "y" * 20_001
    response = member_client.post(
        _url("answer_new", space, question_id=question.pk), {"body": too_long}
    )
    assert response.status_code == 400 and too_long in response.content.decode()


@pytest.mark.parametrize(
    ("actor", "edits", "hides"),
    [
        ("admin_a", True, True),  # editor of the owner organisation: moderates
        ("employee_a", True, False),  # author of the question and comment
        ("colleague_a", True, False),  # author of the answer only
        ("outsider_b", False, False),  # reads the public space, takes no part
        (None, False, False),  # signed out
    ],
)
def test_what_each_role_sees_on_a_public_question(world, actor, edits, hides):
    from tests.knowledge.factories import make_space
    from zorgwijs.organisations.models import Visibility

    space = make_space(world.org_a, slug="open", visibility=Visibility.PUBLIC)
    question = make_question(space, world.employee_a.user)
    make_answer(question, world.colleague_a.user)
    client = Client() if actor is None else sign_in(Client(), getattr(world, actor).user)
    html = client.get(_url("question", space, question_id=question.pk)).content.decode()
    assert ("/bewerken/" in html) is edits
    assert ("/verbergen/" in html) is hides
    history = client.get(_url("question_history", space, question_id=question.pk))
    assert history.status_code == 200


def test_second_edit_of_an_answer_gets_a_conflict_with_both_texts(space, thread, world):
    """The author and an editor edit the same answer: the second save shows both texts,
    stores nothing, and saving the merged text again works; no text is lost."""
    _question, answer, _comment = thread
    url = _url("answer_edit", space, answer_id=answer.pk)
    author = sign_in(Client(), world.colleague_a.user)
    editor = sign_in(Client(), world.admin_a.user)  # an editor of the space, as moderation
    first, second = load_form(author, url), load_form(editor, url)
    first["body"] = "Met de primeknop, drie seconden ingedrukt."
    assert author.post(url, first).status_code == 302
    second["body"] = "Eerst de klem dicht, dan de primeknop."
    response = editor.post(url, second)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Met de primeknop, drie seconden ingedrukt." in body
    assert "Eerst de klem dicht, dan de primeknop." in body
    assert Answer.objects.get(pk=answer.pk).body == "Met de primeknop, drie seconden ingedrukt."
    merged = form_data(body)
    assert merged["body"] == "Eerst de klem dicht, dan de primeknop."
    merged["body"] = "Eerst de klem dicht, dan de primeknop drie seconden indrukken."
    assert editor.post(url, merged).status_code == 302
    kept = list(PostRevision.objects.filter(answer=answer).order_by("id").values_list("body"))
    assert kept == [("Met de primeknop.",), ("Met de primeknop, drie seconden ingedrukt.",)]


def test_api_edit_with_a_stale_version_is_409_and_stores_nothing(space, thread, member_client):
    question, _answer, _comment = thread
    api = f"/api/v1/knowledge/spaces/{space.slug}/questions/{question.pk}"
    version = member_client.get(api).json()["version"]
    edit = {"title": "Hoe ontlucht ik de infuuslijn?", "body": "Eerste", "version": version}
    first = member_client.put(api, edit, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] != version
    stale = {**edit, "title": "Hoe ontlucht ik de lijn snel?", "body": "Tweede"}
    response = member_client.put(api, stale, content_type="application/json")
    assert response.status_code == 409
    assert first.json()["version"] in response.content.decode()
    assert Question.objects.get(pk=question.pk).body == "Eerste"
