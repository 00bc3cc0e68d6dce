"""Questions and answers of a space."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, public_view
from zorgwijs.lib.forms import apply_service_errors
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..access import get_space_for_member, get_space_for_viewer
from ..forms import AnswerForm, QuestionForm
from ..models import Answer, Page, PageRevision
from ..selectors import (
    get_answer,
    get_page,
    get_question,
    page_tree,
    similar_questions,
    thread_posts,
    visible_questions,
)
from ..services.questions import (
    answer_accept,
    answer_post,
    answer_to_page,
    answer_vote,
    comment_add,
    may_edit_post,
    question_ask,
)

PER_PAGE = 25


@public_view
def question_list(request: HttpRequest, space_slug: str) -> HttpResponse:
    access = get_space_for_viewer(request, space_slug)
    unanswered = request.GET.get("filter") == "onbeantwoord"
    questions = visible_questions(access).select_related("author")
    if unanswered:
        questions = questions.filter(answer_count=0).order_by("created_at", "id")
    listing = Paginator(questions, PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "knowledge/question_list.html",
        {"access": access, "space": access.space, "questions": listing, "unanswered": unanswered},
    )


@login_view
@once_per_submission
def question_new(request: AuthenticatedRequest, space_slug: str) -> HttpResponse:
    access = get_space_for_member(request, space_slug)
    pages = page_tree(access.space)
    form = QuestionForm(
        request.POST or None,
        pages=pages,
        items=access.space.competence_items.all(),
        initial={"page": request.GET.get("pagina")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        page = get_page(access, data["page"]) if data["page"] else None
        try:
            question = question_ask(
                actor=request.user,
                space=access.space,
                title=data["title"],
                body=data["body"],
                page=page,
                competence_item=data.get("item"),
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Je vraag staat erop."))
            return redirect("knowledge:question", space_slug=space_slug, question_id=question.pk)
    return render(
        request,
        "knowledge/question_form.html",
        {"access": access, "space": access.space, "form": form},
        status=400 if form.errors else 200,
    )


@login_view
def question_similar(request: AuthenticatedRequest, space_slug: str) -> HttpResponse:
    """htmx: while someone types a question, the existing ones that look alike."""
    access = get_space_for_viewer(request, space_slug)
    title = request.GET.get("title", "")[:200]
    found = similar_questions(access.space, title)
    # htmx asks for the fragment; without JavaScript it is a small search page of its own.
    template = "_similar_questions" if request.htmx else "question_similar"
    context = {"access": access, "space": access.space, "similar": found, "title": title}
    return render(request, f"knowledge/{template}.html", context)


@public_view
def question_detail(request: HttpRequest, space_slug: str, question_id: int) -> HttpResponse:
    access = get_space_for_viewer(request, space_slug)
    question = get_question(access, question_id)
    return _thread_page(request, access, question)


@dataclass(frozen=True)
class RefusedComment:
    key: int | str  # the answer's id, or "q" for a comment on the question
    body: str
    message: str


def _thread_page(
    request, access, question, answer_form=None, comment_error: RefusedComment | None = None
) -> HttpResponse:
    """The question with the answers and comments the viewer may see; each post knows
    whether the viewer may edit it. ``answer_form`` is a refused answer and ``comment_error``
    a refused comment, each shown with its error and text at its field (status 400)."""
    answers, comments = thread_posts(access, question)
    for post in [question, *answers, *comments, *(c for a in answers for c in a.comments.all())]:
        post.may_edit = may_edit_post(access, post, request.user)
    if answer_form is None and access.is_member:
        answer_form = AnswerForm()
    return render(
        request,
        "knowledge/question_detail.html",
        {
            "access": access,
            "space": access.space,
            "question": question,
            "answers": answers,
            "comments": comments,
            "answer_form": answer_form,
            "can_accept": access.can_edit or question.author_id == request.user.pk,
            "pages": page_tree(access.space) if access.is_member else [],
            "comment_error": comment_error,
        },
        status=400 if comment_error or (answer_form is not None and answer_form.errors) else 200,
    )


def _back(space_slug: str, question_id: int) -> HttpResponse:
    return redirect("knowledge:question", space_slug=space_slug, question_id=question_id)


@login_view
@require_POST
@once_per_submission
def answer_new(request: AuthenticatedRequest, space_slug: str, question_id: int) -> HttpResponse:
    access = get_space_for_member(request, space_slug)
    question = get_question(access, question_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answer_post(
                actor=request.user,
                question=question,
                body=form.cleaned_data["body"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Je antwoord staat erop."))
            return _back(space_slug, question.pk)
    return _thread_page(request, access, question, answer_form=form)


@login_view
@require_POST
def answer_vote_view(
    request: AuthenticatedRequest, space_slug: str, answer_id: int
) -> HttpResponse:
    access = get_space_for_member(request, space_slug)
    answer = get_answer(access, answer_id)
    try:
        answer_vote(
            actor=request.user, answer=answer, value=1 if request.POST.get("value") != "-1" else -1
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(space_slug, answer.question_id)


@login_view
@require_POST
def answer_accept_view(
    request: AuthenticatedRequest, space_slug: str, answer_id: int
) -> HttpResponse:
    access = get_space_for_member(request, space_slug)
    answer = get_answer(access, answer_id)
    question = answer.question
    if not (access.can_edit or question.author_id == request.user.pk):
        raise PermissionDenied
    accepted = None if question.accepted_answer_id == answer.pk else answer
    answer_accept(
        actor=request.user, question=question, answer=accepted, context=audit_context(request)
    )
    return _back(space_slug, question.pk)


@login_view
@require_POST
@once_per_submission
def comment_new(request: AuthenticatedRequest, space_slug: str, question_id: int) -> HttpResponse:
    access = get_space_for_member(request, space_slug)
    question = get_question(access, question_id)
    answer = None
    if request.POST.get("answer", "").isdigit():
        answers = Answer.objects.filter(question=question, pk=request.POST["answer"])
        if not access.can_edit:
            answers = answers.filter(hidden_at__isnull=True)
        answer = answers.first()
    body = request.POST.get("body", "")
    try:
        comment_add(
            actor=request.user,
            question=question,
            answer=answer,
            body=body,
            context=audit_context(request),
        )
    except ValidationError as error:
        refused = RefusedComment(answer.pk if answer else "q", body, " ".join(error.messages))
        return _thread_page(request, access, question, comment_error=refused)
    return _back(space_slug, question.pk)


@login_view
@require_POST
def answer_to_page_view(
    request: AuthenticatedRequest, space_slug: str, answer_id: int
) -> HttpResponse:
    access = get_space_for_member(request, space_slug)
    answer = get_answer(access, answer_id)
    page_id = request.POST.get("page", "")
    page = get_page(access, int(page_id)) if page_id.isdigit() else answer.question.page
    if not isinstance(page, Page):
        messages.error(request, _("Kies de pagina die je wilt verbeteren."))
        return _back(space_slug, answer.question_id)
    result = answer_to_page(
        actor=request.user,
        answer=answer,
        page=page,
        as_editor=access.can_edit,
        context=audit_context(request),
    )
    if isinstance(result, PageRevision):  # an editor's answer went straight onto the page
        messages.success(
            request,
            _("Het antwoord staat nu op de pagina (nieuwe versie %(n)s).") % {"n": result.number},
        )
        return redirect("knowledge:page", space_slug=space_slug, page_id=page.pk)
    messages.success(request, _("Voorstel gemaakt; een redacteur bekijkt het."))
    return redirect("knowledge:suggestion", space_slug=space_slug, suggestion_id=result.pk)
