"""Questions: list, ask, answer, read one thread, edit a question.

Reading and editing a question share their path, so they share this router: ninja answers
a path from the first router that has it, and a second router's method would get 405.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from zorgwijs.api.paging import limit_param, offset_param, page_info, window
from zorgwijs.api.schemas import MAX_ID, InputSchema, Page, name_field
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.concurrency import version_of
from zorgwijs.lib.http import ApiRequest

from ..access import SpaceAccess
from ..endpoints import space_endpoint
from ..models import Question
from ..selectors import get_page, get_question, thread_posts, visible_questions
from ..services.questions import answer_post, post_state, question_ask
from .common import VERSION_IN, VERSION_OUT, QuestionId
from .posts import EDIT_NOTE, PostStateOut, edited

router = Router()  # mounted on the package router, which gives the "knowledge" tag


class QuestionOut(Schema):
    id: int
    title: str
    body: str
    page_id: int | None
    author: str | None
    answer_count: int
    accepted_answer_id: int | None
    created_at: datetime.datetime


class CommentOut(Schema):
    id: int
    body: str
    author: str | None
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    hidden: bool = Field(description="Verborgen door een redacteur (alleen redacteuren zien dit).")
    version: str = Field(description=VERSION_OUT)


class AnswerDetailOut(Schema):
    id: int
    body: str
    body_html: str
    author: str | None
    score: int
    accepted: bool
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    hidden: bool
    version: str = Field(description=VERSION_OUT)
    comments: list[CommentOut]


class QuestionDetailOut(QuestionOut):
    body_html: str
    edited_at: datetime.datetime | None
    hidden: bool
    version: str = Field(description=VERSION_OUT)
    comments: list[CommentOut]
    answers: list[AnswerDetailOut]


class QuestionEditIn(InputSchema):
    title: name_field(200)  # type: ignore[valid-type]
    body: str = Field("", max_length=10_000)
    version: str = Field(..., max_length=64, description=VERSION_IN)


class QuestionListOut(Schema):
    page: Page
    questions: list[QuestionOut]


class QuestionIn(InputSchema):
    title: name_field(200)  # type: ignore[valid-type]
    body: str = Field("", max_length=10_000)
    page_id: int | None = Field(None, ge=1, le=MAX_ID)


class AnswerIn(InputSchema):
    body: str = Field(..., min_length=1, max_length=20_000)


class AnswerOut(Schema):
    id: int
    question_id: int
    body: str
    author: str | None
    created_at: datetime.datetime


def _question(q: Question) -> dict:
    return {
        "id": q.pk,
        "title": q.title,
        "body": q.body,
        "page_id": q.page_id,
        "author": q.author.full_name if q.author else None,
        "answer_count": q.answer_count,
        "accepted_answer_id": q.accepted_answer_id,
        "created_at": q.created_at,
    }


@space_endpoint(
    router,
    "GET",
    "/spaces/{space_slug}/questions",
    "viewer",
    response=QuestionListOut,
    operation_id="knowledge_questions",
    summary="Vragen",
    description=(
        "Questions of a space, newest first; `unanswered=true` gives "
        "the queue of questions without an answer, oldest first."
    ),
)
def questions_list(
    request: HttpRequest,
    access: SpaceAccess,
    unanswered: bool = False,
    limit: int = limit_param(25, 100),
    offset: int = offset_param(1_000_000),
):
    questions = visible_questions(access).select_related("author")
    if unanswered:
        questions = questions.filter(answer_count=0).order_by("created_at", "id")
    return {
        "page": page_info(questions.count(), limit=limit, offset=offset),
        "questions": [_question(q) for q in window(questions, limit=limit, offset=offset)],
    }


@space_endpoint(
    router,
    "POST",
    "/spaces/{space_slug}/questions",
    "member",
    response=QuestionOut,
    status=201,
    operation_id="knowledge_question_ask",
    summary="Vraag stellen",
    description=(
        "Ask a question in a space (members of the space), optionally about one of its pages."
    ),
)
def question_post(request: ApiRequest, access: SpaceAccess, payload: QuestionIn):
    page = get_page(access, payload.page_id) if payload.page_id else None
    question = question_ask(
        actor=request.auth,
        space=access.space,
        title=payload.title,
        body=payload.body,
        page=page,
        context=audit_context(request),
    )
    return Status(201, _question(question))


@space_endpoint(
    router,
    "POST",
    "/spaces/{space_slug}/questions/{question_id}/answers",
    "member",
    response=AnswerOut,
    status=201,
    operation_id="knowledge_answer_post",
    summary="Antwoord geven",
    description="Answer a question (members of the space).",
)
def answer_create(
    request: ApiRequest,
    access: SpaceAccess,
    payload: AnswerIn,
    question_id: int = QuestionId,
):
    question = get_question(access, question_id)
    answer = answer_post(
        actor=request.auth, question=question, body=payload.body, context=audit_context(request)
    )
    return Status(
        201,
        {
            "id": answer.pk,
            "question_id": question.pk,
            "body": answer.body,
            "author": request.auth.full_name,
            "created_at": answer.created_at,
        },
    )


def _comment(c) -> dict:
    return {
        "id": c.pk,
        "body": c.body,
        "author": c.author.full_name if c.author else None,
        "created_at": c.created_at,
        "edited_at": c.edited_at,
        "hidden": c.is_hidden,
        "version": version_of(post_state(c)),
    }


@space_endpoint(
    router,
    "GET",
    "/spaces/{space_slug}/questions/{question_id}",
    "viewer",
    response=QuestionDetailOut,
    operation_id="knowledge_question",
    summary="Vraag met antwoorden",
    description=(
        "One question with its answers (best first) and comments, as the question page shows "
        "them; posts hidden by an editor only for the space's editors."
    ),
)
def question_get(request: HttpRequest, access: SpaceAccess, question_id: int = QuestionId):
    question = get_question(access, question_id)
    answers, comments = thread_posts(access, question)
    return {
        **_question(question),
        "body_html": question.body_html,
        "edited_at": question.edited_at,
        "hidden": question.is_hidden,
        "version": version_of(post_state(question)),
        "comments": [_comment(c) for c in comments],
        "answers": [
            {
                "id": a.pk,
                "body": a.body,
                "body_html": a.body_html,
                "author": a.author.full_name if a.author else None,
                "score": a.score,
                "accepted": a.pk == question.accepted_answer_id,
                "created_at": a.created_at,
                "edited_at": a.edited_at,
                "hidden": a.is_hidden,
                "version": version_of(post_state(a)),
                "comments": [_comment(c) for c in a.comments.all()],
            }
            for a in answers
        ],
    }


@space_endpoint(
    router,
    "PUT",
    "/spaces/{space_slug}/questions/{question_id}",
    "member",
    response=PostStateOut,
    operation_id="knowledge_question_edit",
    summary="Vraag bewerken",
    description="Replace the title and text of a question." + EDIT_NOTE,
)
def question_put(
    request: ApiRequest,
    access: SpaceAccess,
    payload: QuestionEditIn,
    question_id: int = QuestionId,
):
    question = get_question(access, question_id)
    return edited(request, access, question, payload.body, payload.version, payload.title)
