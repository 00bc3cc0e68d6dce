"""Suggested edits: a member proposes, an editor comments, accepts (a revision) or rejects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit

from ..models import Answer, Page, PageRevision, Suggestion, SuggestionComment, SuggestionStatus
from ..signals import emit
from .pages import _add_revision, _clean_text, lock_page

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User


def _audit(action: str, suggestion: Suggestion, actor: User, context: AuditContext | None) -> None:
    audit(
        f"knowledge.suggestion.{action}",
        kind="change",
        actor=actor,
        organisation=suggestion.page.space.owner_organisation,
        obj=suggestion,
        context=context,
        data={"page": suggestion.page_id},
    )


@transaction.atomic
def suggestion_create(
    *,
    actor: User,
    page: Page,
    title: str,
    body: str,
    reason: str = "",
    base_revision_id: int | None = None,
    source_answer: Answer | None = None,
    context: AuditContext | None = None,
) -> Suggestion:
    title, body = _clean_text(title, body)
    base = None
    if base_revision_id is not None:
        base = PageRevision.objects.filter(page=page, pk=base_revision_id).first()
    base = base or page.latest_revision
    if base.title == title and base.body == body:
        raise ValidationError({"body": _("Je voorstel is gelijk aan de huidige tekst.")})
    suggestion = Suggestion.objects.create(
        page=page,
        base_revision=base,
        title=title,
        body=body,
        reason=reason.strip()[:500],
        author=actor,
        source_answer=source_answer,
    )
    _audit("created", suggestion, actor, context)
    emit("suggestion.created", suggestion, actor)
    return suggestion


def _decide(suggestion: Suggestion, actor: User, status: str) -> Suggestion:
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != SuggestionStatus.OPEN:
        raise ValidationError(_("Over dit voorstel is al besloten."))
    locked.status, locked.decided_by, locked.decided_at = status, actor, timezone.now()
    return locked


@transaction.atomic
def suggestion_accept(
    *, actor: User, suggestion: Suggestion, context: AuditContext | None = None
) -> PageRevision:
    """The suggestion becomes the page's newest revision, authored by the suggester.

    If the page changed since the suggestion was made, the editor has seen the diff against
    the current text on the review screen; accepting takes the suggested text as a whole.
    """
    locked = _decide(suggestion, actor, SuggestionStatus.ACCEPTED)
    page = lock_page(locked.page_id)
    revision = _add_revision(
        page,
        actor=locked.author,
        title=locked.title,
        body=locked.body,
        note=_("Voorstel overgenomen door %(name)s") % {"name": actor.full_name},
    )
    locked.resulting_revision = revision
    locked.save(update_fields=["status", "decided_by", "decided_at", "resulting_revision"])
    _audit("accepted", locked, actor, context)
    emit("suggestion.accepted", locked, actor)
    emit("page.revised", revision, actor)
    return revision


@transaction.atomic
def suggestion_reject(
    *, actor: User, suggestion: Suggestion, reason: str = "", context: AuditContext | None = None
) -> Suggestion:
    locked = _decide(suggestion, actor, SuggestionStatus.REJECTED)
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    if reason.strip():
        SuggestionComment.objects.create(suggestion=locked, author=actor, body=reason.strip())
    _audit("rejected", locked, actor, context)
    emit("suggestion.rejected", locked, actor)
    return locked


@transaction.atomic
def suggestion_comment(
    *, actor: User, suggestion: Suggestion, body: str, context: AuditContext | None = None
) -> SuggestionComment:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Schrijf een opmerking.")})
    if len(body) > 2000:
        raise ValidationError({"body": _("De opmerking is te lang (maximaal 2000 tekens).")})
    comment = SuggestionComment.objects.create(suggestion=suggestion, author=actor, body=body)
    emit("suggestion.commented", comment, actor)
    return comment
