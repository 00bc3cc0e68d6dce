"""Edits of answers and comments, and hiding or showing any post (editors of the space)."""

from __future__ import annotations

import datetime

from ninja import Field, Router, Schema
from ninja.errors import HttpError

from zorgwijs.api.access import FORBIDDEN
from zorgwijs.api.schemas import InputSchema, text_field
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.concurrency import EditConflict as PostEditConflict
from zorgwijs.lib.concurrency import version_of
from zorgwijs.lib.http import ApiRequest

from ..access import SpaceAccess
from ..endpoints import space_endpoint
from ..selectors import get_answer, get_comment, get_question
from ..services.questions import may_edit_post, post_edit, post_hide, post_state, post_unhide
from .common import VERSION_IN, VERSION_OUT, AnswerId, CommentId, QuestionId

router = Router()  # mounted on the package router, which gives the "knowledge" tag


class PostEditIn(InputSchema):
    body: str = Field(..., min_length=1, max_length=20_000)
    version: str = Field(..., max_length=64, description=VERSION_IN)


class HideIn(InputSchema):
    hidden: bool = Field(..., description="true: verbergen (met reden); false: weer tonen.")
    reason: text_field(300) = ""  # type: ignore[valid-type]


class PostStateOut(Schema):
    id: int
    body: str
    edited_at: datetime.datetime | None
    hidden: bool
    version: str = Field(description=VERSION_OUT)


def edited(
    request: ApiRequest, access: SpaceAccess, post, body: str, version: str, title=None
) -> dict:
    if not may_edit_post(access, post, request.auth):
        raise HttpError(403, FORBIDDEN)
    try:
        post = post_edit(
            actor=request.auth,
            post=post,
            body=body,
            title=title,
            base_version=version,
            context=audit_context(request),
        )
    except PostEditConflict as conflict:
        raise HttpError(
            409,
            f"Iemand anders heeft de tekst intussen gewijzigd (version {conflict.version}). "
            "Haal die op, voeg samen en stuur opnieuw.",
        ) from None
    return _state(post)


def _state(post) -> dict:
    return {
        "id": post.pk,
        "body": post.body,
        "edited_at": post.edited_at,
        "hidden": post.is_hidden,
        "version": version_of(post_state(post)),
    }


EDIT_NOTE = (
    " The author (while a member) or an editor of the space; the earlier text is kept in the "
    "question's history and the post shows it was edited. Send the `version` you read: if "
    "someone saved in between, the answer is **409** and nothing is stored."
)


@space_endpoint(
    router,
    "PUT",
    "/spaces/{space_slug}/answers/{answer_id}",
    "member",
    response=PostStateOut,
    operation_id="knowledge_answer_edit",
    summary="Antwoord bewerken",
    description="Replace the text of an answer." + EDIT_NOTE,
)
def answer_put(
    request: ApiRequest, access: SpaceAccess, payload: PostEditIn, answer_id: int = AnswerId
):
    return edited(request, access, get_answer(access, answer_id), payload.body, payload.version)


@space_endpoint(
    router,
    "PUT",
    "/spaces/{space_slug}/comments/{comment_id}",
    "member",
    response=PostStateOut,
    operation_id="knowledge_comment_edit",
    summary="Opmerking bewerken",
    description="Replace the text of a comment (at most 1,000 characters)." + EDIT_NOTE,
)
def comment_put(
    request: ApiRequest, access: SpaceAccess, payload: PostEditIn, comment_id: int = CommentId
):
    return edited(request, access, get_comment(access, comment_id), payload.body, payload.version)


def _hidden(request: ApiRequest, post, payload: HideIn) -> dict:
    if payload.hidden:
        post = post_hide(
            actor=request.auth, post=post, reason=payload.reason, context=audit_context(request)
        )
    else:
        post = post_unhide(actor=request.auth, post=post, context=audit_context(request))
    return _state(post)


_HIDE_NOTE = (
    "Editors of the space hide it with a reason (`hidden: true`) or show it again (`hidden: "
    "false`). Nothing is deleted; both are in the audit log, and hidden posts are left out "
    "for everyone but the space's editors."
)


@space_endpoint(
    router,
    "PUT",
    "/spaces/{space_slug}/questions/{question_id}/hidden",
    "editor",
    response=PostStateOut,
    operation_id="knowledge_question_hide",
    summary="Vraag verbergen of weer tonen",
    description="Hide or show a question. " + _HIDE_NOTE,
)
def question_hidden_put(
    request: ApiRequest, access: SpaceAccess, payload: HideIn, question_id: int = QuestionId
):
    return _hidden(request, get_question(access, question_id), payload)


@space_endpoint(
    router,
    "PUT",
    "/spaces/{space_slug}/answers/{answer_id}/hidden",
    "editor",
    response=PostStateOut,
    operation_id="knowledge_answer_hide",
    summary="Antwoord verbergen of weer tonen",
    description="Hide or show an answer (a hidden answer does not count as one). " + _HIDE_NOTE,
)
def answer_hidden_put(
    request: ApiRequest, access: SpaceAccess, payload: HideIn, answer_id: int = AnswerId
):
    return _hidden(request, get_answer(access, answer_id), payload)


@space_endpoint(
    router,
    "PUT",
    "/spaces/{space_slug}/comments/{comment_id}/hidden",
    "editor",
    response=PostStateOut,
    operation_id="knowledge_comment_hide",
    summary="Opmerking verbergen of weer tonen",
    description="Hide or show a comment. " + _HIDE_NOTE,
)
def comment_hidden_put(
    request: ApiRequest, access: SpaceAccess, payload: HideIn, comment_id: int = CommentId
):
    return _hidden(request, get_comment(access, comment_id), payload)
