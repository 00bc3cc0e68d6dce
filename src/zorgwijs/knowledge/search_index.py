"""How knowledge appears in search: the kinds ``space``, ``page`` and ``question``.

What is indexed is what a reader sees by default and nothing else: a page's *validated*
revision (a page without one, and every newer draft, stays out), a question that is not hidden
with its accepted answer when that answer is not hidden, and a space with its description and
the devices linked to it (name, manufacturer, model, device code), so "Volumat" finds the pump's
space and the pages in it.

Reading follows the space's own rule (invitations, partner organisations, a chosen network), so
the documents carry the scope ``space:<id>`` and visibility ``SCOPED`` unless the space is
public; ``readable_scopes`` asks ``Space.objects.readable_by`` at search time (once per
viewer). Narrowing a space therefore narrows search at once, and the documents are re-indexed
only for their texts.

The index follows the models through save and delete signals rather than through each
service: pages, questions and spaces are written by many services (revise, restore, validate,
move, accept, edit, hide, settings, suggestions, answers worked into pages) and a signal cannot
be forgotten by the next one. The signals run inside the service's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import Viewer, register_scopes
from zorgwijs.search.registry import SCOPED, IndexEntry, SourceKind, register_kind
from zorgwijs.search.services import document_delete, document_upsert

from .models import Answer, Page, Question, Space
from .models.spaces import SPACE_SCOPE

SPACE, PAGE, QUESTION = "space", "page", "question"
# Markdown punctuation that would only clutter a snippet; the words stay.
_MARKUP = re.compile(r"(\*\*|__|`+|^#{1,6}\s*|^>\s?|\|[-:| ]+\||\|)", re.MULTILINE)


def _plain(markdown: str) -> str:
    return _MARKUP.sub(" ", markdown or "")


def _scope(space: Space) -> tuple[str, str]:
    """(visibility, scope) of the documents of ``space``."""
    if space.visibility == Visibility.PUBLIC:
        return Visibility.PUBLIC.value, f"{SPACE_SCOPE}{space.pk}"
    return SCOPED, f"{SPACE_SCOPE}{space.pk}"


def _devices(space: Space) -> list[str]:
    """Name, manufacturer, model and code of every competence item linked to the space."""
    labels = []
    for item in space.competence_items.all():
        parts = (item.name, item.manufacturer, item.model_name, item.device_code)
        labels.append(" ".join(p for p in parts if p))
    return labels


def _day(moment) -> str:
    """The Amsterdam day as ISO text: the result page shows it with ``nl_date`` ("9 mei 2028",
    "9 May 2028"); a document indexed before holds day-month-year text, shown as it is."""
    return timezone.localdate(moment).isoformat() if moment else ""


def _common(space: Space, kind: str, object_id: int) -> dict:
    visibility, scope = _scope(space)
    return {
        "kind": kind,
        "object_id": object_id,
        "visibility": visibility,
        "scope": scope,
        "external_id": "",
        "facets": [],
    }


def space_entry(space: Space) -> IndexEntry:
    return IndexEntry(
        title=space.name,
        url=reverse("knowledge:space", kwargs={"space_slug": space.slug}),
        summary=space.description,
        body="\n".join(_devices(space)),
        meta={"space": space.name, "kind_label": str(space.get_kind_display())},
        **_common(space, SPACE, space.pk),
    )


def page_entry(page: Page) -> IndexEntry | None:
    revision = page.validated_revision
    if revision is None:
        return None
    space = page.space
    return IndexEntry(
        title=revision.title,
        url=reverse("knowledge:page", kwargs={"space_slug": space.slug, "page_id": page.pk}),
        # The space and its devices say what the page is about ("Volumat" → its pages); they
        # close the body, so the snippet starts with the page's own text.
        body="\n".join([_plain(revision.body), space.name, *_devices(space)]),
        meta={"space": space.name, "validated": _day(revision.validated_at)},
        **_common(space, PAGE, page.pk),
    )


def question_entry(question: Question) -> IndexEntry | None:
    if question.is_hidden:
        return None
    space = question.space
    answer = question.accepted_answer
    answered = answer is not None and not answer.is_hidden
    return IndexEntry(
        title=question.title,
        url=reverse(
            "knowledge:question",
            kwargs={"space_slug": space.slug, "question_id": question.pk},
        ),
        summary=_plain(question.body),
        body="\n".join([_plain(answer.body) if answered and answer else "", space.name]),
        meta={"space": space.name, "answered": answered},
        **_common(space, QUESTION, question.pk),
    )


def _sync(kind: str, object_id: int, entry: IndexEntry | None) -> None:
    if entry is None:
        document_delete(kind=kind, object_id=object_id)
    else:
        document_upsert(entry)


def page_sync(page: Page) -> None:
    _sync(PAGE, page.pk, page_entry(page))


def question_sync(question: Question) -> None:
    _sync(QUESTION, question.pk, question_entry(question))


def space_sync(space: Space) -> None:
    """The space and everything in it: its visibility and devices are part of each text."""
    document_upsert(space_entry(space))
    for page in space.pages.select_related("validated_revision"):
        page_sync(page)
    for question in space.questions.select_related("accepted_answer"):
        question_sync(question)


def readable_scopes(viewer: Viewer) -> Iterable[str]:
    """The non-public spaces ``viewer`` may read, by the knowledge app's own rule (one query;
    ``Space.objects.visible_to`` reads the viewer's scopes in turn)."""
    spaces = Space.objects.readable_by(viewer).values_list("pk", flat=True)
    return [f"{SPACE_SCOPE}{pk}" for pk in spaces]


def _on_page_saved(sender, instance: Page, raw: bool = False, **kwargs) -> None:
    if not raw:
        page_sync(instance)


def _on_question_saved(sender, instance: Question, raw: bool = False, **kwargs) -> None:
    if not raw:
        question_sync(instance)


def _on_answer_saved(sender, instance: Answer, raw: bool = False, **kwargs) -> None:
    # Only the accepted answer is part of a question's text (edited, hidden, shown again).
    if not raw and instance.question.accepted_answer_id == instance.pk:
        question_sync(instance.question)


def _on_space_saved(sender, instance: Space, raw: bool = False, **kwargs) -> None:
    if not raw:
        space_sync(instance)


def _on_space_items_changed(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Space):
        space_sync(instance)


def _deleted(kind: str):
    def receiver(sender, instance, **kwargs) -> None:
        document_delete(kind=kind, object_id=instance.pk)

    return receiver


_on_page_deleted = _deleted(PAGE)
_on_question_deleted = _deleted(QUESTION)
_on_space_deleted = _deleted(SPACE)


def _space_entries() -> Iterator[IndexEntry]:
    with scopes_disabled():
        for space in Space.objects.prefetch_related("competence_items"):
            yield space_entry(space)


def _page_entries() -> Iterator[IndexEntry]:
    pages = (
        Page.objects.filter(validated_revision__isnull=False)
        .select_related("validated_revision", "space")
        .prefetch_related("space__competence_items")
    )
    with scopes_disabled():
        for page in pages:
            entry = page_entry(page)
            if entry is not None:
                yield entry


def _question_entries() -> Iterator[IndexEntry]:
    questions = Question.objects.filter(hidden_at__isnull=True).select_related(
        "space", "accepted_answer"
    )
    with scopes_disabled():
        for question in questions:
            entry = question_entry(question)
            if entry is not None:
                yield entry


def register() -> None:
    register_kind(SourceKind(SPACE, _("Kennisruimte"), _space_entries))
    register_kind(SourceKind(PAGE, _("Kennispagina"), _page_entries))
    register_kind(SourceKind(QUESTION, _("Vraag"), _question_entries))
    register_scopes(readable_scopes)
    uid = "knowledge.search_index"
    post_save.connect(_on_page_saved, sender=Page, dispatch_uid=f"{uid}.page")
    post_save.connect(_on_question_saved, sender=Question, dispatch_uid=f"{uid}.question")
    post_save.connect(_on_answer_saved, sender=Answer, dispatch_uid=f"{uid}.answer")
    post_save.connect(_on_space_saved, sender=Space, dispatch_uid=f"{uid}.space")
    m2m_changed.connect(
        _on_space_items_changed,
        sender=Space.competence_items.through,
        dispatch_uid=f"{uid}.items",
    )
    post_delete.connect(_on_page_deleted, sender=Page, dispatch_uid=f"{uid}.page_del")
    post_delete.connect(_on_question_deleted, sender=Question, dispatch_uid=f"{uid}.q_del")
    post_delete.connect(_on_space_deleted, sender=Space, dispatch_uid=f"{uid}.space_del")
