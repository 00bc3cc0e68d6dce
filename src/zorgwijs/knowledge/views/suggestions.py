"""Suggested edits: the editors' queue and the review screen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view
from zorgwijs.lib.http import AuthenticatedRequest

from ..access import get_space_for_member
from ..diff import text_diff
from ..forms import CommentForm
from ..models import Suggestion, SuggestionStatus
from ..selectors import get_suggestion
from ..services.suggestions import suggestion_accept, suggestion_comment, suggestion_reject

LIST_MAX = 100


@login_view
def suggestion_list(request: AuthenticatedRequest, space_slug: str) -> HttpResponse:
    """Editors see every open suggestion; members see their own."""
    access = get_space_for_member(request, space_slug)
    suggestions = Suggestion.objects.filter(page__space=access.space).select_related(
        "page", "author"
    )
    if access.can_edit:
        suggestions = suggestions.filter(status=SuggestionStatus.OPEN)
    else:
        suggestions = suggestions.filter(author=request.user)
    return render(
        request,
        "knowledge/suggestion_list.html",
        {"access": access, "space": access.space, "suggestions": suggestions[:LIST_MAX]},
    )


@login_view
def suggestion_detail(
    request: AuthenticatedRequest, space_slug: str, suggestion_id: int
) -> HttpResponse:
    access = get_space_for_member(request, space_slug)
    suggestion = get_suggestion(access, suggestion_id)
    if not access.can_edit and suggestion.author_id != request.user.pk:
        raise PermissionDenied
    form = CommentForm()
    if request.method == "POST":
        outcome = _decide(request, access, suggestion)
        if isinstance(outcome, HttpResponse):
            return outcome
        form = outcome
    current = suggestion.page.latest_revision
    return render(
        request,
        "knowledge/suggestion_detail.html",
        {
            "access": access,
            "space": access.space,
            "suggestion": suggestion,
            "page": suggestion.page,
            "comment_form": form,
            "rows": text_diff(suggestion.base_revision.body, suggestion.body),
            "page_changed_since": current.pk != suggestion.base_revision_id,
            "rows_current": text_diff(current.body, suggestion.body),
            "comments": suggestion.comments.select_related("author"),
        },
        status=400 if form.errors else 200,
    )


def _decide(request, access, suggestion) -> HttpResponse | CommentForm:
    action = request.POST.get("action")
    form = CommentForm(request.POST)
    if action in {"accept", "reject"} and not access.can_edit:
        raise PermissionDenied
    try:
        if action == "accept":
            suggestion_accept(
                actor=request.user, suggestion=suggestion, context=audit_context(request)
            )
            messages.success(request, _("Voorstel overgenomen als nieuwe versie."))
        elif action == "reject":
            suggestion_reject(
                actor=request.user,
                suggestion=suggestion,
                reason=request.POST.get("body", ""),
                context=audit_context(request),
            )
            messages.success(request, _("Voorstel afgewezen."))
        elif form.is_valid():
            suggestion_comment(
                actor=request.user,
                suggestion=suggestion,
                body=form.cleaned_data["body"],
                context=audit_context(request),
            )
            messages.success(request, _("Opmerking geplaatst."))
        else:
            return form
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(
        "knowledge:suggestion", space_slug=access.space.slug, suggestion_id=suggestion.pk
    )
