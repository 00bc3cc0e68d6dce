"""Editing questions, answers and comments (their authors, and the space's editors), hiding
them (editors only, with a reason) and the history of a question's thread."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, public_view
from zorgwijs.lib.concurrency import (
    EditConflict,
    conflict_form,
    conflict_rows,
    form_labels,
    version_of,
)
from zorgwijs.lib.forms import apply_service_errors
from zorgwijs.lib.http import AuthenticatedRequest

from ..access import SpaceAccess, get_space_for_editor, get_space_for_viewer
from ..forms import HideForm, PostEditForm
from ..models import Question
from ..selectors import get_answer, get_comment, get_question, thread_history
from ..services.questions import (
    Post,
    may_edit_post,
    post_edit,
    post_hide,
    post_kind,
    post_state,
    post_unhide,
)

_GETTERS: dict[str, Callable[[SpaceAccess, int], Post]] = {
    "question": get_question,
    "answer": get_answer,
    "comment": get_comment,
}


def _post(access: SpaceAccess, kind: str, post_id: int) -> Post:
    return _GETTERS[kind](access, post_id)


def _thread_url(space_slug: str, post: Post) -> str:
    question_id = post.pk if isinstance(post, Question) else post.question_id
    url = reverse(
        "knowledge:question", kwargs={"space_slug": space_slug, "question_id": question_id}
    )
    return url if post_kind(post) == "question" else f"{url}#{post_kind(post)}-{post.pk}"


def _edit(request: AuthenticatedRequest, space_slug: str, kind: str, post_id: int) -> HttpResponse:
    access = get_space_for_viewer(request, space_slug)
    post = _post(access, kind, post_id)
    if not may_edit_post(access, post, request.user):
        raise PermissionDenied
    initial = {
        "body": post.body,
        "title": getattr(post, "title", ""),
        "version": version_of(post_state(post)),
    }
    form = PostEditForm(request.POST or None, kind=kind, initial=initial)
    context = {
        "access": access,
        "space": access.space,
        "post": post,
        "kind": kind,
        "form": form,
        "back": _thread_url(space_slug, post),
    }
    if request.method == "POST" and form.is_valid():
        try:
            post_edit(
                actor=request.user,
                post=post,
                title=form.cleaned_data.get("title"),
                body=form.cleaned_data["body"],
                base_version=form.cleaned_data["version"],
                context=audit_context(request),
            )
        except EditConflict as conflict:
            # Someone saved meanwhile: both texts, the editor's own kept in the form with the
            # stored version, so saving again stores the merged text.
            again = conflict_form(PostEditForm, request.POST, conflict.version, kind=kind)
            mine = {name: form.cleaned_data.get(name) for name in conflict.current}
            labels = form_labels(again, conflict.current)
            context |= {
                "form": again,
                "conflict": conflict_rows(conflict.current, mine, labels),
                "in_conflict": True,
            }
            return render(request, "knowledge/post_edit.html", context, status=409)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Je wijziging is opgeslagen."))
            return redirect(_thread_url(space_slug, post))
    return render(request, "knowledge/post_edit.html", context, status=400 if form.errors else 200)


def _moderate(
    request: AuthenticatedRequest, space_slug: str, kind: str, post_id: int
) -> HttpResponse:
    access = get_space_for_editor(request, space_slug)
    post = _post(access, kind, post_id)
    action = request.POST.get("action")
    form = HideForm(request.POST if action == "hide" else None)
    if request.method == "POST":
        try:
            if action == "show":
                post_unhide(actor=request.user, post=post, context=audit_context(request))
                messages.success(request, _("Weer zichtbaar voor iedereen die de ruimte leest."))
                return redirect(_thread_url(space_slug, post))
            if action == "hide" and form.is_valid():
                post_hide(
                    actor=request.user,
                    post=post,
                    reason=form.cleaned_data["reason"],
                    context=audit_context(request),
                )
                messages.success(request, _("Verborgen. Redacteuren kunnen het terugzetten."))
                return redirect(_thread_url(space_slug, post))
        except ValidationError as error:
            apply_service_errors(form, error)
    context = {
        "access": access,
        "space": access.space,
        "post": post,
        "kind": kind,
        "form": form,
        "back": _thread_url(space_slug, post),
    }
    return render(request, "knowledge/post_hide.html", context, status=400 if form.errors else 200)


@login_view
def question_edit(request: AuthenticatedRequest, space_slug: str, question_id: int) -> HttpResponse:
    return _edit(request, space_slug, "question", question_id)


@login_view
def answer_edit(request: AuthenticatedRequest, space_slug: str, answer_id: int) -> HttpResponse:
    return _edit(request, space_slug, "answer", answer_id)


@login_view
def comment_edit(request: AuthenticatedRequest, space_slug: str, comment_id: int) -> HttpResponse:
    return _edit(request, space_slug, "comment", comment_id)


@login_view
def question_hide(request: AuthenticatedRequest, space_slug: str, question_id: int) -> HttpResponse:
    return _moderate(request, space_slug, "question", question_id)


@login_view
def answer_hide(request: AuthenticatedRequest, space_slug: str, answer_id: int) -> HttpResponse:
    return _moderate(request, space_slug, "answer", answer_id)


@login_view
def comment_hide(request: AuthenticatedRequest, space_slug: str, comment_id: int) -> HttpResponse:
    return _moderate(request, space_slug, "comment", comment_id)


@public_view
def question_history(request: HttpRequest, space_slug: str, question_id: int) -> HttpResponse:
    access = get_space_for_viewer(request, space_slug)
    question = get_question(access, question_id)
    return render(
        request,
        "knowledge/question_history.html",
        {
            "access": access,
            "space": access.space,
            "question": question,
            "revisions": thread_history(access, question),
        },
    )
