"""Reads for the knowledge screens and the API: each is a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_scopes import scopes_disabled

from zorgwijs.core.data_cache import held_locally
from zorgwijs.organisations.visibility import Viewer

from .access import SpaceAccess
from .models import (
    Answer,
    Attachment,
    Page,
    PageRevision,
    PostRevision,
    Question,
    QuestionComment,
    Space,
    Suggestion,
    SuggestionStatus,
)

RECENT_QUESTIONS = 10
TREE_MAX = 1500  # beyond this a space needs search, not a tree; the index page pages on


def spaces_for(viewer: Viewer) -> QuerySet[Space]:
    pages = Page.objects.filter(space=OuterRef("pk")).order_by().values("space")
    return (
        Space.objects.visible_to(viewer)
        .select_related("owner_organisation", "network")
        .annotate(page_count=Subquery(pages.annotate(n=Count("pk")).values("n")[:1]))
        .order_by("name")
    )


@dataclass(frozen=True)
class TreeNode:
    id: int
    title: str
    depth: int

    @property
    def indent(self) -> int:
        return min(self.depth, 4)


def page_tree(space: Space, *, limit: int = TREE_MAX) -> list[TreeNode]:
    """Every page of the space in tree order (depth-first), from one query."""
    rows = list(
        Page.objects.filter(space=space)
        .order_by("position", "title")
        .values_list("id", "parent_id", "title")[:limit]
    )
    children: dict[int | None, list[tuple[int, str]]] = {}
    known = {row[0] for row in rows}
    for page_id, parent_id, title in rows:
        # A child whose parent fell outside the limit is shown at the top level.
        children.setdefault(parent_id if parent_id in known else None, []).append((page_id, title))
    out: list[TreeNode] = []
    stack = [(pid, title, 0) for pid, title in reversed(children.get(None, []))]
    while stack:
        page_id, title, depth = stack.pop()
        out.append(TreeNode(page_id, title, depth))
        stack += [(c, t, depth + 1) for c, t in reversed(children.get(page_id, []))]
    return out


@dataclass(frozen=True)
class SpaceOverview:
    tree: list[TreeNode]
    recent_questions: list[Question]
    question_count: int
    unanswered_count: int
    open_suggestions: int
    competence_items: list


def visible_questions(access: SpaceAccess) -> QuerySet[Question]:
    """The space's questions; questions hidden by an editor only for its editors."""
    questions = Question.objects.filter(space=access.space)
    return questions if access.can_edit else questions.filter(hidden_at__isnull=True)


def space_overview(access: SpaceAccess) -> SpaceOverview:
    space = access.space
    questions = Question.objects.filter(space=space, hidden_at__isnull=True)
    counts = questions.aggregate(total=Count("pk"), unanswered=Count("pk", filter=_unanswered()))
    with scopes_disabled():  # catalogue items are not personal data; the space decides
        items = list(space.competence_items.all().only("id", "name", "kind"))
    open_suggestions = 0
    if access.can_edit:
        open_suggestions = Suggestion.objects.filter(
            page__space=space, status=SuggestionStatus.OPEN
        ).count()
    return SpaceOverview(
        tree=page_tree(space),
        recent_questions=list(
            questions.select_related("author").order_by("-created_at", "-id")[:RECENT_QUESTIONS]
        ),
        question_count=counts["total"],
        unanswered_count=counts["unanswered"],
        open_suggestions=open_suggestions,
        competence_items=items,
    )


def _unanswered() -> Q:
    from django.db.models import Q

    return Q(answer_count=0)


# Everything in a space is fetched within that space: an id from another space is a 404.


def get_page(access: SpaceAccess, page_id: int) -> Page:
    pages = Page.objects.select_related("current_revision", "validated_revision", "owner", "parent")
    return get_object_or_404(pages, space=access.space, pk=page_id)


def get_page_to_read(access: SpaceAccess, page_id: int) -> Page:
    """``get_page`` for showing the page: kept under the data generation (any write to the
    page, its versions or its owner makes a new one). Not for changing it."""
    page = held_locally(f"knowledge:page:{page_id}", lambda: _page_to_read(page_id))
    if page is None or page.space_id != access.space.pk:
        raise Http404
    return page


def _page_to_read(page_id: int) -> Page | None:
    pages = Page.objects.select_related("current_revision", "validated_revision", "owner", "parent")
    # The owner is shown by name: their password hash stays out of the cache.
    return pages.defer("owner__password").filter(pk=page_id).first()


def page_attachments(page: Page) -> list[Attachment]:
    """The page's attachments, kept under the data generation like the page itself."""
    return held_locally(f"knowledge:attachments:{page.pk}", lambda: list(page.attachments.all()))


def get_revision(page: Page, revision_id: Any) -> PageRevision:
    try:
        revision_id = int(revision_id)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(
        PageRevision.objects.select_related("author"), page=page, pk=revision_id
    )


def get_question(access: SpaceAccess, question_id: int) -> Question:
    questions = Question.objects.select_related(
        "author", "page", "accepted_answer", "competence_item"
    )
    if not access.can_edit:
        questions = questions.filter(hidden_at__isnull=True)
    return get_object_or_404(questions, space=access.space, pk=question_id)


def get_answer(access: SpaceAccess, answer_id: int) -> Answer:
    """An answer of the space; hidden answers (or answers to hidden questions) only for its
    editors."""
    answers = Answer.objects.select_related("question", "question__space")
    if not access.can_edit:
        answers = answers.filter(hidden_at__isnull=True, question__hidden_at__isnull=True)
    return get_object_or_404(answers, question__space=access.space, pk=answer_id)


def get_comment(access: SpaceAccess, comment_id: int) -> QuestionComment:
    comments = QuestionComment.objects.select_related("question", "question__space", "answer")
    if not access.can_edit:
        comments = comments.filter(
            Q(answer__isnull=True) | Q(answer__hidden_at__isnull=True),
            hidden_at__isnull=True,
            question__hidden_at__isnull=True,
        )
    return get_object_or_404(comments, question__space=access.space, pk=comment_id)


def thread_posts(access: SpaceAccess, question: Question) -> tuple[list[Answer], list]:
    """The answers (each with its comments) and the question's own comments as the viewer
    may see them: hidden ones only for editors, who see them marked."""
    answers = Answer.objects.filter(question=question).select_related("author")
    comments = QuestionComment.objects.select_related("author")
    if not access.can_edit:
        answers = answers.filter(hidden_at__isnull=True)
        comments = comments.filter(hidden_at__isnull=True)
    answers = answers.prefetch_related(Prefetch("comments", queryset=comments))
    own_comments = comments.filter(question=question, answer__isnull=True)
    return list(answers), list(own_comments)


def get_suggestion(access: SpaceAccess, suggestion_id: int) -> Suggestion:
    suggestions = Suggestion.objects.select_related(
        "page", "page__current_revision", "base_revision", "author", "decided_by"
    )
    return get_object_or_404(suggestions, page__space=access.space, pk=suggestion_id)


def similar_questions(space: Space, text: str, *, limit: int = 5) -> list[Question]:
    """Questions whose title shares the most words (of 4+ letters) with ``text``.

    Simple on purpose: one OR of ``icontains`` per word, ranked here by overlap, within one
    space, while the question is typed: the full search (with questions of every space the
    person may read) is the search page's job.
    """
    import re

    from django.db.models import Q

    words = {w.lower() for w in re.findall(r"\w{4,}", text or "")}
    words = set(sorted(words, key=len, reverse=True)[:8])
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word)
    found = list(
        Question.objects.filter(space=space, hidden_at__isnull=True)
        .filter(condition)
        .only("id", "title", "answer_count", "accepted_answer_id")[:100]
    )

    def overlap(question: Question) -> int:
        return len(words & {w.lower() for w in re.findall(r"\w{4,}", question.title)})

    return sorted(found, key=overlap, reverse=True)[:limit]


def thread_history(access: SpaceAccess, question: Question) -> list[PostRevision]:
    """Earlier versions of the question, its answers and comments; those of hidden posts
    only for editors."""
    revisions = PostRevision.objects.filter(thread=question).select_related(
        "author", "replaced_by", "answer", "comment"
    )
    if not access.can_edit:
        revisions = revisions.exclude(answer__hidden_at__isnull=False).exclude(
            comment__hidden_at__isnull=False
        )
    return list(revisions[:500])
