"""Questions, answers, votes, comments, the accepted answer, and "answer to page"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.lib.concurrency import check_version

from ..markdown import render_markdown
from ..models import (
    Answer,
    AnswerVote,
    Page,
    PageRevision,
    PostRevision,
    Question,
    QuestionComment,
    Space,
    Suggestion,
)
from ..search_index import question_sync
from ..signals import emit
from .pages import _add_revision, lock_page
from .suggestions import suggestion_create

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model

    from zorgwijs.accounts.models import User
    from zorgwijs.competences.models import CompetenceItem

    from ..access import SpaceAccess


def _audit(
    action: str, space: Space, obj: Model, actor: User, context: AuditContext | None
) -> None:
    audit(
        f"knowledge.{action}",
        kind="change",
        actor=actor,
        organisation=space.owner_organisation,
        obj=obj,
        context=context,
    )


def _text(value: str | None, field: str, max_length: int, message: str) -> str:
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
    actor: User,
    space: Space,
    title: str,
    body: str = "",
    page: Page | None = None,
    competence_item: CompetenceItem | None = None,
    context: AuditContext | None = None,
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
    _audit("question.asked", space, question, actor, context)
    emit("question.asked", question, actor)
    return question


@transaction.atomic
def answer_post(
    *, actor: User, question: Question, body: str, context: AuditContext | None = None
) -> Answer:
    body = _text(body, "body", 20_000, _("Schrijf je antwoord."))
    answer = Answer.objects.create(
        question=question, body=body, body_html=render_markdown(body), author=actor
    )
    Question.objects.filter(pk=question.pk).update(answer_count=F("answer_count") + 1)
    _audit("answer.posted", question.space, answer, actor, context)
    emit("question.answered", answer, actor)
    return answer


@transaction.atomic
def answer_vote(*, actor: User, answer: Answer, value: int) -> int:
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
def answer_accept(
    *, actor: User, question: Question, answer: Answer | None, context: AuditContext | None = None
) -> None:
    """The asker (or an editor, checked by the caller) marks the answer that solved it."""
    if answer is not None and answer.question_id != question.pk:
        raise ValidationError(_("Dit antwoord hoort niet bij deze vraag."))
    Question.objects.filter(pk=question.pk).update(accepted_answer=answer)
    # A bulk update sends no save signal: the accepted answer joins the question's text here.
    question_sync(Question.objects.select_related("space", "accepted_answer").get(pk=question.pk))
    _audit("answer.accepted", question.space, question, actor, context)
    emit("question.accepted", question, actor)


@transaction.atomic
def comment_add(
    *,
    actor: User,
    question: Question,
    body: str,
    answer: Answer | None = None,
    context: AuditContext | None = None,
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
    base = page.latest_revision.body.rstrip()
    addition = f"## {answer.question.title}\n\n{answer.body.strip()}\n"
    return f"{base}\n\n{addition}" if base else addition


@transaction.atomic
def answer_to_page(
    *, actor: User, answer: Answer, page: Page, as_editor: bool, context: AuditContext | None = None
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
            context=context,
        )
    locked = lock_page(page.pk)
    revision = _add_revision(
        locked,
        actor=actor,
        title=locked.title,
        body=body,
        note=_("Antwoord op de vraag “%(q)s” toegevoegd") % {"q": answer.question.title},
    )
    _audit("page.revised", locked.space, locked, actor, context)
    emit("page.revised", revision, actor)
    return revision


# --- Editing and moderation -------------------------------------------------------------------
# Authors edit their own posts and the space's editors may edit any (moderation); every edit
# keeps the text it replaces. Editors remove a post by hiding it with a reason: nothing is
# deleted, and an editor can show it again.

Post = Question | Answer | QuestionComment

_BODY_LIMITS = {Question: 10_000, Answer: 20_000, QuestionComment: 1000}


def post_kind(post: Post) -> str:
    return {Question: "question", Answer: "answer", QuestionComment: "comment"}[type(post)]


def _thread(post: Post) -> Question:
    return post if isinstance(post, Question) else post.question


def _locked(post: Post) -> Post:
    return type(post).objects.select_for_update().get(pk=post.pk)


def post_state(post: Post) -> dict[str, str]:
    """What an edit changes: the version token of an edit (``lib.concurrency``) is taken of
    this."""
    if isinstance(post, Question):
        return {"title": post.title, "body": post.body}
    return {"body": post.body}


@transaction.atomic
def post_edit(
    *,
    actor: User,
    post: Post,
    body: str,
    title: str | None = None,
    base_version: str | None = None,
    context: AuditContext | None = None,
) -> Post:
    """Replace the text of a question (title and body), answer or comment, keeping the old
    text as a ``PostRevision``. Refuses empty or too long text with a field error, changing
    nothing. With ``base_version`` (the form's and API's token) only if nobody saved since,
    else ``EditConflict`` and nothing is stored. Who may edit is checked by the caller
    (``may_edit_post``)."""
    limit = _BODY_LIMITS[type(post)]
    kind = post_kind(post)
    if isinstance(post, Question):
        title = " ".join(_text(title, "title", 200, _("Schrijf je vraag op.")).split())
        body = (body or "").strip()
        if len(body) > limit:
            raise ValidationError({"body": _("Te lang (maximaal %(n)s tekens).") % {"n": limit}})
    else:
        empty = _("Schrijf je antwoord.") if kind == "answer" else _("Schrijf een opmerking.")
        body = _text(body, "body", limit, empty)
    locked = _locked(post)
    check_version(base_version, post_state(locked))
    if body == locked.body and (not isinstance(locked, Question) or title in (None, locked.title)):
        return locked  # nothing changed: no revision, no marker
    PostRevision.objects.create(
        **{kind: locked},
        thread=_thread(locked),
        title=getattr(locked, "title", ""),
        body=locked.body,
        author=locked.edited_by or locked.author,
        written_at=locked.edited_at or locked.created_at,
        replaced_by=actor,
    )
    fields = ["body", "edited_at", "edited_by"]
    locked.body = body
    if isinstance(locked, Question) and title is not None:  # validated above for a question
        locked.title = title
        fields.append("title")
    if hasattr(locked, "body_html"):
        locked.body_html = render_markdown(body)
        fields.append("body_html")
    locked.edited_at = timezone.now()
    locked.edited_by = actor
    locked.save(update_fields=fields)
    _audit(f"{kind}.edited", _thread(locked).space, locked, actor, context)
    return locked


@transaction.atomic
def post_hide(*, actor: User, post: Post, reason: str, context: AuditContext | None = None) -> Post:
    """An editor removes a post from view: hidden with a reason and an audit entry."""
    reason = _text(reason, "reason", 300, _("Geef een reden op."))
    locked = _locked(post)
    if locked.is_hidden:
        raise ValidationError(_("Dit is al verborgen."))
    locked.hidden_at, locked.hidden_by, locked.hidden_reason = timezone.now(), actor, reason
    locked.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    if isinstance(locked, Answer):
        # A hidden answer no longer counts: the question may be back in the unanswered queue.
        Question.objects.filter(pk=locked.question_id).update(answer_count=F("answer_count") - 1)
        Question.objects.filter(pk=locked.question_id, accepted_answer=locked).update(
            accepted_answer=None
        )
        question_sync(Question.objects.get(pk=locked.question_id))
    thread = _thread(locked)
    audit(
        f"knowledge.{post_kind(locked)}.hidden",
        kind="change",
        actor=actor,
        organisation=thread.space.owner_organisation,
        obj=locked,
        context=context,
        data={"reason": reason},
    )
    return locked


@transaction.atomic
def post_unhide(*, actor: User, post: Post, context: AuditContext | None = None) -> Post:
    """An editor shows a hidden post again (the reason stays in the audit log)."""
    locked = _locked(post)
    if not locked.is_hidden:
        raise ValidationError(_("Dit is niet verborgen."))
    locked.hidden_at, locked.hidden_by, locked.hidden_reason = None, None, ""
    locked.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    if isinstance(locked, Answer):
        Question.objects.filter(pk=locked.question_id).update(answer_count=F("answer_count") + 1)
    _audit(f"{post_kind(locked)}.shown", _thread(locked).space, locked, actor, context)
    return locked


def may_edit_post(access: SpaceAccess, post: Post, user: User | AnonymousUser) -> bool:
    """The author while a member of the space (and the post is not hidden), or an editor."""
    if access.can_edit:
        return True
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and access.is_member
        and not post.is_hidden
    )
