"""/api/v1/knowledge/…: spaces, pages (read, revise) and questions (list, ask, answer).

Spaces are shared across organisations, so these operations are not under
``/organisations/{org_slug}/``: ``space_endpoint`` (see ``endpoints.py``) reaches each one's
space through ``get_space_for_viewer``, the same helper as the HTML views (404 for a space the
caller may not see, 403 for a reader who may not write), and marks it
``x-zorgwijs-access: {"scope": "space"}`` so the isolation test walks it as such.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from zorgwijs.api.access import FORBIDDEN
from zorgwijs.api.schemas import MAX_ID, InputSchema, Page, name_field, text_field
from zorgwijs.lib.concurrency import EditConflict as PostEditConflict
from zorgwijs.lib.concurrency import version_of
from zorgwijs.lib.http import ApiRequest

from .access import SpaceAccess, request_viewer
from .endpoints import space_endpoint
from .models import Question
from .selectors import (
    get_answer,
    get_comment,
    get_page,
    get_question,
    page_tree,
    space_overview,
    spaces_for,
    thread_posts,
    visible_questions,
)
from .services.pages import BODY_MAX, EditConflict, page_revise
from .services.questions import (
    answer_post,
    may_edit_post,
    post_edit,
    post_hide,
    post_state,
    post_unhide,
    question_ask,
)

router = Router(tags=["knowledge"])

PageId = Path(..., ge=1, le=MAX_ID, description="Id van de pagina.")
QuestionId = Path(..., ge=1, le=MAX_ID, description="Id van de vraag.")
AnswerId = Path(..., ge=1, le=MAX_ID, description="Id van het antwoord.")
CommentId = Path(..., ge=1, le=MAX_ID, description="Id van de opmerking.")


class SpaceOut(Schema):
    slug: str
    name: str
    kind: str
    visibility: str = Field(description="organisation, network of public.")
    owner: str
    description: str


class PageNodeOut(Schema):
    id: int
    title: str
    depth: int


class SpaceDetailOut(SpaceOut):
    pages: list[PageNodeOut]
    question_count: int
    unanswered_count: int
    can_edit: bool
    is_member: bool


class RevisionOut(Schema):
    id: int
    number: int
    title: str
    body: str = Field(description="Markdown.")
    body_html: str = Field(description="Veilige HTML (gesaneerd).")
    author: str | None
    created_at: datetime.datetime
    validated_at: datetime.datetime | None


class PageOut(Schema):
    id: int
    space: str
    parent_id: int | None
    current_revision_id: int
    validated_revision_id: int | None
    review_due: datetime.date | None
    revision: RevisionOut = Field(
        description="De getoonde versie: de gecontroleerde, tenzij latest=true of er nog geen is."
    )


class RevisionIn(InputSchema):
    title: name_field(200)  # type: ignore[valid-type]
    body: str = Field("", max_length=BODY_MAX)
    base_revision_id: int = Field(
        ..., ge=1, le=MAX_ID, description="De versie waarop je wijziging is gebaseerd."
    )
    note: text_field(300) = ""  # type: ignore[valid-type]


_VERSION_OUT = "Send this back as `version` when you edit the text."


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
    version: str = Field(description=_VERSION_OUT)


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
    version: str = Field(description=_VERSION_OUT)
    comments: list[CommentOut]


class QuestionDetailOut(QuestionOut):
    body_html: str
    edited_at: datetime.datetime | None
    hidden: bool
    version: str = Field(description=_VERSION_OUT)
    comments: list[CommentOut]
    answers: list[AnswerDetailOut]


_VERSION_IN = (
    "The `version` of the text you changed (from the question's thread or an earlier edit): "
    "if someone saved in between, the answer is 409 and nothing is stored."
)


class QuestionEditIn(InputSchema):
    title: name_field(200)  # type: ignore[valid-type]
    body: str = Field("", max_length=10_000)
    version: str = Field(..., max_length=64, description=_VERSION_IN)


class PostEditIn(InputSchema):
    body: str = Field(..., min_length=1, max_length=20_000)
    version: str = Field(..., max_length=64, description=_VERSION_IN)


class HideIn(InputSchema):
    hidden: bool = Field(..., description="true: verbergen (met reden); false: weer tonen.")
    reason: text_field(300) = ""  # type: ignore[valid-type]


class PostStateOut(Schema):
    id: int
    body: str
    edited_at: datetime.datetime | None
    hidden: bool
    version: str = Field(description=_VERSION_OUT)


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


def _space(space) -> dict:
    return {
        "slug": space.slug,
        "name": space.name,
        "kind": space.kind,
        "visibility": space.visibility,
        "owner": space.owner_label,
        "description": space.description,
    }


def _revision(revision) -> dict:
    return {
        "id": revision.pk,
        "number": revision.number,
        "title": revision.title,
        "body": revision.body,
        "body_html": revision.body_html,
        "author": revision.author.full_name if revision.author else None,
        "created_at": revision.created_at,
        "validated_at": revision.validated_at,
    }


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
    "/spaces",
    None,
    response=list[SpaceOut],
    operation_id="knowledge_spaces",
    summary="Kennisruimtes",
    description=(
        "The knowledge spaces the caller may see: of their "
        "organisations, their networks, and public ones."
    ),
)
def spaces_list(request: HttpRequest):
    return [_space(s) for s in spaces_for(request_viewer(request))]


@space_endpoint(
    router,
    "GET",
    "/spaces/{space_slug}",
    "viewer",
    response=SpaceDetailOut,
    operation_id="knowledge_space",
    summary="Kennisruimte",
    description=(
        "One space with its page tree and question counts; 404 for a space the caller may not see."
    ),
)
def space_get(request: HttpRequest, access: SpaceAccess):
    overview = space_overview(access)
    return {
        **_space(access.space),
        "pages": [{"id": n.id, "title": n.title, "depth": n.depth} for n in overview.tree],
        "question_count": overview.question_count,
        "unanswered_count": overview.unanswered_count,
        "can_edit": access.can_edit,
        "is_member": access.is_member,
    }


@space_endpoint(
    router,
    "GET",
    "/spaces/{space_slug}/pages/{page_id}",
    "viewer",
    response=PageOut,
    operation_id="knowledge_page",
    summary="Pagina lezen",
    description=(
        "A page in its validated version (what readers see by "
        "default), or the newest with `latest=true`."
    ),
)
def page_get(
    request: HttpRequest,
    access: SpaceAccess,
    page_id: int = PageId,
    latest: bool = Query(False, description="De nieuwste versie in plaats van de gecontroleerde."),
):
    page = get_page(access, page_id)
    shown = (
        page.current_revision
        if latest or not page.validated_revision_id
        else (page.validated_revision)
    )
    return {
        "id": page.pk,
        "space": access.space.slug,
        "parent_id": page.parent_id,
        "current_revision_id": page.current_revision_id,
        "validated_revision_id": page.validated_revision_id,
        "review_due": page.review_due,
        "revision": _revision(shown),
    }


@space_endpoint(
    router,
    "POST",
    "/spaces/{space_slug}/pages/{page_id}/revisions",
    "editor",
    response=RevisionOut,
    status=201,
    operation_id="knowledge_page_revise",
    summary="Pagina wijzigen",
    description=(
        "Save a new revision (editors of the space). Send the revision you based "
        "your change on as `base_revision_id`: if someone saved in between, the "
        "answer is **409** with the newest revision id and nothing is stored — fetch "
        "it, merge, and send again."
    ),
)
def page_revise_post(
    request: ApiRequest, access: SpaceAccess, payload: RevisionIn, page_id: int = PageId
):
    page = get_page(access, page_id)
    try:
        revision = page_revise(
            actor=request.auth,
            page=page,
            title=payload.title,
            body=payload.body,
            base_revision_id=payload.base_revision_id,
            note=payload.note,
            request=request,
        )
    except EditConflict as conflict:
        raise HttpError(
            409,
            f"Iemand anders heeft de pagina intussen gewijzigd (versie "
            f"{conflict.current.number}, id {conflict.current.pk}). Haal "
            "die op, voeg samen en stuur opnieuw.",
        ) from None
    return Status(201, _revision(revision))


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
    limit: int = Query(25, ge=1, le=100),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    questions = visible_questions(access).select_related("author")
    if unanswered:
        questions = questions.filter(answer_count=0).order_by("created_at", "id")
    return {
        "page": {"total": questions.count(), "limit": limit, "offset": offset},
        "questions": [_question(q) for q in questions[offset : offset + limit]],
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
        request=request,
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
    answer = answer_post(actor=request.auth, question=question, body=payload.body, request=request)
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


def _edited(
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
            request=request,
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


_EDIT_NOTE = (
    " The author (while a member) or an editor of the space; the earlier text is kept in the "
    "question's history and the post shows it was edited. Send the `version` you read: if "
    "someone saved in between, the answer is **409** and nothing is stored."
)


@space_endpoint(
    router,
    "PUT",
    "/spaces/{space_slug}/questions/{question_id}",
    "member",
    response=PostStateOut,
    operation_id="knowledge_question_edit",
    summary="Vraag bewerken",
    description="Replace the title and text of a question." + _EDIT_NOTE,
)
def question_put(
    request: ApiRequest,
    access: SpaceAccess,
    payload: QuestionEditIn,
    question_id: int = QuestionId,
):
    question = get_question(access, question_id)
    return _edited(request, access, question, payload.body, payload.version, payload.title)


@space_endpoint(
    router,
    "PUT",
    "/spaces/{space_slug}/answers/{answer_id}",
    "member",
    response=PostStateOut,
    operation_id="knowledge_answer_edit",
    summary="Antwoord bewerken",
    description="Replace the text of an answer." + _EDIT_NOTE,
)
def answer_put(
    request: ApiRequest, access: SpaceAccess, payload: PostEditIn, answer_id: int = AnswerId
):
    return _edited(request, access, get_answer(access, answer_id), payload.body, payload.version)


@space_endpoint(
    router,
    "PUT",
    "/spaces/{space_slug}/comments/{comment_id}",
    "member",
    response=PostStateOut,
    operation_id="knowledge_comment_edit",
    summary="Opmerking bewerken",
    description="Replace the text of a comment (at most 1,000 characters)." + _EDIT_NOTE,
)
def comment_put(
    request: ApiRequest, access: SpaceAccess, payload: PostEditIn, comment_id: int = CommentId
):
    return _edited(request, access, get_comment(access, comment_id), payload.body, payload.version)


def _hidden(request: ApiRequest, post, payload: HideIn) -> dict:
    if payload.hidden:
        post = post_hide(actor=request.auth, post=post, reason=payload.reason, request=request)
    else:
        post = post_unhide(actor=request.auth, post=post, request=request)
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


__all__ = ["router", "page_tree"]
