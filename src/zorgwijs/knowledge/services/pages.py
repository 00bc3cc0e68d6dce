"""Pages and their revisions: create, revise (with conflict detection), restore, validate,
attachments. Each function owns its transaction, its audit entry and its event."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.lib.uploads import validate_upload

from ..markdown import render_markdown
from ..models import Attachment, Page, PageRevision, Space
from ..models.pages import TITLE_MAX
from ..search_index import page_sync
from ..signals import emit

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

BODY_MAX = 500_000
ATTACHMENT_TYPES = (".pdf", ".png", ".jpg", ".jpeg")
ATTACHMENT_MAX_MB = 20


class EditConflict(Exception):
    """Someone else saved the page after the editor opened it."""

    def __init__(self, base: PageRevision, current: PageRevision):
        super().__init__("edit conflict")
        self.base = base
        self.current = current


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    errors = {}
    if not title:
        errors["title"] = _("Geef de pagina een titel.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("De titel is te lang (maximaal %(n)s tekens).") % {"n": TITLE_MAX}
    if len(body or "") > BODY_MAX:
        errors["body"] = _("De tekst is te lang (maximaal %(n)s tekens).") % {"n": BODY_MAX}
    if "\x00" in (body or "") + title:
        errors["body"] = _("De tekst bevat ongeldige tekens.")
    if errors:
        raise ValidationError(errors)
    return title, (body or "").replace("\r\n", "\n")


def lock_page(page_id: int) -> Page:
    """The page row, locked until the transaction ends. ``of=self``: PostgreSQL cannot lock
    the nullable side of the join to the current revision."""
    return (
        Page.objects.select_for_update(of=("self",))
        .select_related("current_revision")
        .get(pk=page_id)
    )


def _add_revision(
    page: Page, *, actor: User | None, title: str, body: str, note: str = ""
) -> PageRevision:
    last = page.current_revision.number if page.current_revision else 0
    revision = PageRevision.objects.create(
        page=page,
        number=last + 1,
        title=title,
        body=body,
        body_html=render_markdown(body),
        note=note[:300],
        author=actor,
    )
    page.current_revision = revision
    page.title = title
    page.save(update_fields=["current_revision", "title", "updated_at"])
    return revision


def _audit(action: str, page: Page, actor: User, context: AuditContext | None, **data: Any) -> None:
    audit(
        f"knowledge.page.{action}",
        kind="change",
        actor=actor,
        organisation=page.space.owner_organisation,
        obj=page,
        context=context,
        data={"title": page.title, **data},
    )


@transaction.atomic
def page_create(
    *,
    actor: User,
    space: Space,
    title: str,
    body: str,
    parent: Page | None = None,
    context: AuditContext | None = None,
) -> Page:
    title, body = _clean_text(title, body)
    if parent is not None and parent.space_id != space.pk:
        raise ValidationError({"parent": _("Kies een pagina uit deze ruimte.")})
    page = Page.objects.create(space=space, parent=parent, title=title, owner=actor)
    _add_revision(page, actor=actor, title=title, body=body)
    _audit("created", page, actor, context)
    emit("page.created", page, actor)
    return page


@transaction.atomic
def page_revise(
    *,
    actor: User,
    page: Page,
    title: str,
    body: str,
    base_revision_id: int | None,
    note: str = "",
    context: AuditContext | None = None,
) -> PageRevision:
    """Store a new revision, unless someone saved since ``base_revision_id``: then raise
    ``EditConflict`` and store nothing, so the editor can merge instead of overwriting."""
    title, body = _clean_text(title, body)
    locked = lock_page(page.pk)
    current = locked.latest_revision
    if base_revision_id != current.pk:
        base = None
        if base_revision_id is not None:
            base = PageRevision.objects.filter(page=locked, pk=base_revision_id).first()
        raise EditConflict(base or current, current)
    if title == current.title and body == current.body:
        raise ValidationError({"body": _("Er is niets veranderd sinds de huidige versie.")})
    revision = _add_revision(locked, actor=actor, title=title, body=body, note=note)
    page.current_revision, page.title = revision, title
    _audit("revised", locked, actor, context, number=revision.number)
    emit("page.revised", revision, actor)
    return revision


@transaction.atomic
def page_restore(
    *, actor: User, page: Page, revision: PageRevision, context: AuditContext | None = None
) -> PageRevision:
    if revision.page_id != page.pk:
        raise ValidationError(_("Deze versie hoort niet bij deze pagina."))
    locked = lock_page(page.pk)
    restored = _add_revision(
        locked,
        actor=actor,
        title=revision.title,
        body=revision.body,
        note=_("Teruggezet naar versie %(n)s") % {"n": revision.number},
    )
    _audit("restored", locked, actor, context, number=revision.number)
    emit("page.revised", restored, actor)
    return restored


@transaction.atomic
def page_validate(
    *,
    actor: User,
    page: Page,
    revision: PageRevision,
    review_due: datetime.date | None,
    context: AuditContext | None = None,
) -> None:
    """Mark ``revision`` as the validated version readers see, with the next review date."""
    if revision.page_id != page.pk:
        raise ValidationError(_("Deze versie hoort niet bij deze pagina."))
    if review_due is not None and review_due <= timezone.localdate():
        raise ValidationError({"review_due": _("Kies een controledatum in de toekomst.")})
    PageRevision.objects.filter(pk=revision.pk).update(
        validated_at=timezone.now(), validated_by=actor
    )
    Page.objects.filter(pk=page.pk).update(
        validated_revision=revision,
        review_due=review_due,
        review_reminded_for=None,
        owner=page.owner or actor,
    )
    # A bulk update sends no save signal: the index learns of the new validated text here.
    page_sync(Page.objects.select_related("validated_revision", "space").get(pk=page.pk))
    _audit(
        "validated",
        page,
        actor,
        context,
        number=revision.number,
        review_due=review_due.isoformat() if review_due else None,
    )
    emit("page.validated", revision, actor)


@transaction.atomic
def attachment_add(
    *, actor: User, page: Page, upload: UploadedFile, context: AuditContext | None = None
) -> Attachment:
    try:
        validate_upload(upload, extensions=ATTACHMENT_TYPES, max_mb=ATTACHMENT_MAX_MB)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    assert upload.name and upload.size, "validate_upload refuses a nameless or empty file"
    name = "".join(ch for ch in upload.name if ch.isprintable())[-255:]
    attachment = Attachment(page=page, original_name=name, size=upload.size, uploaded_by=actor)
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    _audit("attachment_added", page, actor, context, file=name)
    emit("page.attachment_added", attachment, actor)
    return attachment


@transaction.atomic
def page_move(
    *, actor: User, page: Page, parent: Page | None, context: AuditContext | None = None
) -> Page:
    """Put a page under another page of the same space (or at the top). A page cannot go
    under itself or under one of its own subpages: that would cut a loop out of the tree."""
    locked = lock_page(page.pk)
    if parent is not None:
        if parent.space_id != locked.space_id:
            raise ValidationError({"parent": _("Kies een pagina uit deze ruimte.")})
        if parent.pk in descendant_ids(locked) | {locked.pk}:
            raise ValidationError(
                {"parent": _("Een pagina kan niet onder zichzelf of een eigen subpagina staan.")}
            )
    if locked.parent_id == (parent.pk if parent else None):
        return locked
    before = locked.parent_id
    locked.parent = parent
    locked.save(update_fields=["parent", "updated_at"])
    _audit("moved", locked, actor, context, parent_before=before, parent=locked.parent_id)
    return locked


def descendant_ids(page: Page) -> set[int]:
    """The ids of all pages under ``page``: one query over the space's (id, parent) pairs."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Page.objects.filter(space_id=page.space_id).values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), [page.pk]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found
