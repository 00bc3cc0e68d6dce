"""Pages: read (validated version by default), edit with conflict screen, history, diff,
restore, validate, attachments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, public_view
from zorgwijs.lib.forms import apply_service_errors
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.lib.uploads import stored_file_response

from ..access import get_space_for_editor, get_space_for_member, get_space_for_viewer
from ..diff import text_diff
from ..forms import AttachmentForm, PageForm, ValidateForm
from ..models import Attachment, PageRevision
from ..selectors import get_page, get_page_to_read, get_revision, page_attachments
from ..services.pages import (
    EditConflict,
    attachment_add,
    page_create,
    page_restore,
    page_revise,
    page_validate,
)
from ..services.suggestions import suggestion_create

HISTORY_PER_PAGE = 50


def _page_url(space_slug: str, page_id: int):
    return redirect("knowledge:page", space_slug=space_slug, page_id=page_id)


@public_view
def page_detail(request: HttpRequest, space_slug: str, page_id: int) -> HttpResponse:
    access = get_space_for_viewer(request, space_slug)
    page = get_page_to_read(access, page_id)
    show_latest = request.GET.get("versie") == "nieuwste" or not page.validated_revision_id
    revision = page.current_revision if show_latest else page.validated_revision
    return render(
        request,
        "knowledge/page_detail.html",
        {
            "access": access,
            "space": access.space,
            "page": page,
            "revision": revision,
            "show_latest": show_latest,
            "attachments": page_attachments(page),
            "children": page.children.only("id", "title"),
            "validate_form": ValidateForm() if access.can_edit else None,
            "attachment_form": AttachmentForm() if access.can_edit else None,
        },
    )


@login_view
@once_per_submission
def page_new(request: AuthenticatedRequest, space_slug: str) -> HttpResponse:
    access = get_space_for_editor(request, space_slug)
    parent = None
    if request.GET.get("onder", "").isdigit():
        parent = get_page(access, int(request.GET["onder"]))
    form = PageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page = page_create(
                actor=request.user,
                space=access.space,
                parent=parent,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Pagina aangemaakt."))
            return _page_url(space_slug, page.pk)
    return render(
        request,
        "knowledge/page_form.html",
        {"access": access, "space": access.space, "form": form, "parent": parent},
        status=400 if form.errors else 200,
    )


@login_view
@once_per_submission
def page_edit(request: AuthenticatedRequest, space_slug: str, page_id: int) -> HttpResponse:
    """Editors save a revision; other members send the same form as a suggestion."""
    access = get_space_for_member(request, space_slug)
    page = get_page(access, page_id)
    current = page.latest_revision
    form = PageForm(
        request.POST or None,
        initial={"title": current.title, "body": current.body, "base_revision": current.pk},
    )
    if request.method == "POST" and form.is_valid():
        response = _save(request, access, page, form)
        if response is not None:
            return response
    return render(
        request,
        "knowledge/page_form.html",
        {"access": access, "space": access.space, "form": form, "page": page},
        status=400 if form.errors else 200,
    )


def _save(request, access, page, form) -> HttpResponse | None:
    """An editor's change becomes a new revision, anyone else's a suggestion for the editors."""
    data = form.cleaned_data
    change = {
        "actor": request.user,
        "page": page,
        "title": data["title"],
        "body": data["body"],
        "base_revision_id": data["base_revision"],
        "context": audit_context(request),
    }
    try:
        if access.can_edit:
            page_revise(**change, note=data["note"])
            done = _("Opgeslagen als nieuwe versie.")
        else:
            suggestion_create(**change, reason=data["note"])
            done = _("Je voorstel is naar de redacteuren gestuurd.")
    except EditConflict as conflict:
        return _conflict(request, access, page, form, conflict)
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, done)
    return _page_url(access.space.slug, page.pk)


def _conflict(request, access, page, form, conflict: EditConflict) -> HttpResponse:
    """Show what the other person changed and give the editor their own text back. The form
    now carries the newest revision as its base, so saving again stores the merged text."""
    data = dict(form.cleaned_data)
    data["base_revision"] = conflict.current.pk
    merge_form = PageForm(initial=data)
    theirs = text_diff(conflict.base.body, conflict.current.body)
    mine = text_diff(conflict.current.body, form.cleaned_data["body"])
    return render(
        request,
        "knowledge/page_conflict.html",
        {
            "access": access,
            "space": access.space,
            "page": page,
            "form": merge_form,
            "base": conflict.base,
            "current": conflict.current,
            "theirs": theirs,
            "mine": mine,
        },
        status=409,
    )


@public_view
def page_history(request: HttpRequest, space_slug: str, page_id: int) -> HttpResponse:
    access = get_space_for_viewer(request, space_slug)
    page = get_page(access, page_id)
    revisions = (
        PageRevision.objects.filter(page=page)
        .select_related("author")
        .only("id", "number", "title", "note", "created_at", "validated_at", "author__full_name")
        .order_by("-number")
    )
    paginator = Paginator(revisions, HISTORY_PER_PAGE)
    history = paginator.get_page(request.GET.get("pagina"))
    return render(
        request,
        "knowledge/page_history.html",
        {"access": access, "space": access.space, "page": page, "history": history},
    )


@public_view
def page_diff(request: HttpRequest, space_slug: str, page_id: int) -> HttpResponse:
    access = get_space_for_viewer(request, space_slug)
    page = get_page(access, page_id)
    new = get_revision(page, request.GET.get("naar") or page.current_revision_id)
    old_id = request.GET.get("van")
    if old_id:
        old = get_revision(page, old_id)
    else:
        old = PageRevision.objects.filter(page=page, number__lt=new.number).first() or new
    return render(
        request,
        "knowledge/page_diff.html",
        {
            "access": access,
            "space": access.space,
            "page": page,
            "old": old,
            "new": new,
            "title_changed": old.title != new.title,
            "rows": text_diff(old.body, new.body),
        },
    )


@public_view
def revision_detail(
    request: HttpRequest, space_slug: str, page_id: int, revision_id: int
) -> HttpResponse:
    access = get_space_for_viewer(request, space_slug)
    page = get_page(access, page_id)
    revision = get_revision(page, revision_id)
    return render(
        request,
        "knowledge/revision_detail.html",
        {"access": access, "space": access.space, "page": page, "revision": revision},
    )


@login_view
@require_POST
def revision_restore(
    request: AuthenticatedRequest, space_slug: str, page_id: int, revision_id: int
) -> HttpResponse:
    access = get_space_for_editor(request, space_slug)
    page = get_page(access, page_id)
    revision = get_revision(page, revision_id)
    page_restore(actor=request.user, page=page, revision=revision, context=audit_context(request))
    messages.success(
        request, _("Versie %(n)s is teruggezet als nieuwste versie.") % {"n": revision.number}
    )
    return _page_url(space_slug, page.pk)


@login_view
@require_POST
def revision_validate(
    request: AuthenticatedRequest, space_slug: str, page_id: int, revision_id: int
) -> HttpResponse:
    access = get_space_for_editor(request, space_slug)
    page = get_page(access, page_id)
    revision = get_revision(page, revision_id)
    form = ValidateForm(request.POST)
    try:
        if not form.is_valid():
            errors = form.errors.get("review_due")
            raise ValidationError(errors.as_data() if errors else _("Ongeldige datum."))
        page_validate(
            actor=request.user,
            page=page,
            revision=revision,
            review_due=form.cleaned_data["review_due"],
            context=audit_context(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Versie %(n)s is nu de gecontroleerde versie.") % {"n": revision.number}
        )
    return _page_url(space_slug, page.pk)


@login_view
@require_POST
@once_per_submission
def attachment_upload(request: AuthenticatedRequest, space_slug: str, page_id: int) -> HttpResponse:
    access = get_space_for_editor(request, space_slug)
    page = get_page(access, page_id)
    form = AttachmentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Kies een bestand."))
        attachment_add(
            actor=request.user,
            page=page,
            upload=form.cleaned_data["file"],
            context=audit_context(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Bijlage toegevoegd."))
    return _page_url(space_slug, page.pk)


@public_view
def attachment_download(request: HttpRequest, space_slug: str, attachment_id: int) -> FileResponse:
    access = get_space_for_viewer(request, space_slug)
    attachment = Attachment.objects.filter(page__space=access.space, pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return stored_file_response(attachment.file, filename=attachment.original_name)
