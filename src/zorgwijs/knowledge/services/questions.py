"""Questions, answers, votes, comments, the accepted answer, and "answer to page"."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from zorgwijs.audit.services import record as audit

from ..markdown import render_markdown
from ..models import (
    Answer,
    AnswerVote,
    Page,
    PageRevision,
    Question,
    QuestionComment,
    Space,
    Suggestion,
)
from ..signals import emit
from .pages import _add_revision, lock_page
from .suggestions import suggestion_create


def _audit(action: str, space: Space, obj, actor, request) -> None:
    audit(
        f"knowledge.{action}",
        kind="change",
        actor=actor,
        organisation=space.owner_organisation,
        obj=obj,
        request=request,
    )


def _text(value: str, field: str, max_length: int, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > max_length:
        raise ValidationError({field: _("Te lang (maximaal %(n)s tekens).") % {"n": max_length}})
    if "\x00" in value:
        raise ValidationError({field: _("De tekst bevat ongeldige tekens.")})
    return value


@transaction.atomic
def question_ask(
    *,
    actor,
    space: Space,
    title: str,
    body: str = "",
    page: Page | None = None,
    competence_item=None,
    request=None,
) -> Question:
    title = " ".join(_text(title, "title", 200, _("Schrijf je vraag op.")).split())
    body = (body or "").strip()[:10_000]
    if page is not None and page.space_id != space.pk:
        raise ValidationError({"page": _("Kies een pagina uit deze ruimte.")})
    question = Question.objects.create(
        space=space,
        title=title,
        body=body,
        body_html=render_markdown(body),
        page=page,
        competence_item=competence_item,
        author=actor,
    )
    _audit("question.asked", space, question, actor, request)
    emit("question.asked", question, actor)
    return question


@transaction.atomic
def answer_post(*, actor, question: Question, body: str, request=None) -> Answer:
    body = _text(body, "body", 20_000, _("Schrijf je antwoord."))
    answer = Answer.objects.create(
        question=question, body=body, body_html=render_markdown(body), author=actor
    )
    Question.objects.filter(pk=question.pk).update(answer_count=F("answer_count") + 1)
    _audit("answer.posted", question.space, answer, actor, request)
    emit("question.answered", answer, actor)
    return answer


@transaction.atomic
def answer_vote(*, actor, answer: Answer, value: int) -> int:
    """One vote per person: voting again changes it, the same vote again withdraws it."""
    if value not in (1, -1):
        raise ValidationError(_("Een stem is +1 of -1."))
    if answer.author_id == actor.pk:
        raise ValidationError(_("Je kunt niet op je eigen antwoord stemmen."))
    existing = AnswerVote.objects.select_for_update().filter(answer=answer, user=actor).first()
    if existing is None:
        try:
            with transaction.atomic():
                AnswerVote.objects.create(answer=answer, user=actor, value=value)
        except IntegrityError:  # a double click raced us; the first vote counts
            pass
    elif existing.value == value:
        existing.delete()
    else:
        existing.value = value
        existing.save(update_fields=["value"])
    score = AnswerVote.objects.filter(answer=answer).aggregate(s=Sum("value"))["s"] or 0
    Answer.objects.filter(pk=answer.pk).update(score=score)
    return score


@transaction.atomic
def answer_accept(*, actor, question: Question, answer: Answer | None, request=None) -> None:
    """The asker (or an editor, checked by the caller) marks the answer that solved it."""
    if answer is not None and answer.question_id != question.pk:
        raise ValidationError(_("Dit antwoord hoort niet bij deze vraag."))
    Question.objects.filter(pk=question.pk).update(accepted_answer=answer)
    _audit("answer.accepted", question.space, question, actor, request)
    emit("question.accepted", question, actor)


@transaction.atomic
def comment_add(
    *, actor, question: Question, body: str, answer: Answer | None = None, request=None
) -> QuestionComment:
    body = _text(body, "body", 1000, _("Schrijf een opmerking."))
    if answer is not None and answer.question_id != question.pk:
        raise ValidationError(_("Dit antwoord hoort niet bij deze vraag."))
    comment = QuestionComment.objects.create(
        question=question, answer=answer, author=actor, body=body
    )
    emit("question.commented", comment, actor)
    return comment


def _improved_body(page: Page, answer: Answer) -> str:
    base = page.current_revision.body.rstrip()
    addition = f"## {answer.question.title}\n\n{answer.body.strip()}\n"
    return f"{base}\n\n{addition}" if base else addition


@transaction.atomic
def answer_to_page(
    *, actor, answer: Answer, page: Page, as_editor: bool, request=None
) -> PageRevision | Suggestion:
    """Turn a good answer into a page improvement in one step: an editor gets a new revision,
    anyone else a suggestion for the editors, both with the answer appended under the
    question as heading."""
    if page.space_id != answer.question.space_id:
        raise ValidationError({"page": _("Kies een pagina uit deze ruimte.")})
    body = _improved_body(page, answer)
    if not as_editor:
        return suggestion_create(
            actor=actor,
            page=page,
            title=page.title,
            body=body,
            source_answer=answer,
            reason=_("Antwoord op de vraag “%(q)s”") % {"q": answer.question.title},
            base_revision_id=page.current_revision_id,
            request=request,
        )
    locked = lock_page(page.pk)
    revision = _add_revision(
        locked,
        actor=actor,
        title=locked.title,
        body=body,
        note=_("Antwoord op de vraag “%(q)s” toegevoegd") % {"q": answer.question.title},
    )
    _audit("page.revised", locked.space, locked, actor, request)
    emit("page.revised", revision, actor)
    return revision
