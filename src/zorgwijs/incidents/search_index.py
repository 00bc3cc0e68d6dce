"""How published lessons appear in search: the ``lesson`` kind.

A lesson is read by the organisation rule search already knows (public, the owner's members,
network partners for ``network``; incidents/selectors.py ``_readable``), so it is indexed with
its visibility and owner. Only what the coordinator wrote for publication is indexed, never
the report. The index follows the model through save and delete signals, so every path that
publishes, changes or removes a lesson reaches it inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from zorgwijs.search.registry import IndexEntry, SourceKind, register_kind
from zorgwijs.search.services import document_delete, document_upsert

from .models import Lesson

KIND = "lesson"


def lesson_entry(lesson: Lesson) -> IndexEntry:
    device = lesson.device.name if lesson.device_id and lesson.device else ""
    return IndexEntry(
        kind=KIND,
        object_id=lesson.pk,
        title=lesson.title,
        url=reverse("lessons:detail", kwargs={"lesson_id": lesson.pk}),
        visibility=lesson.visibility,
        summary=lesson.summary,
        body="\n".join(p for p in (lesson.learned, lesson.measures, device) if p),
        organisation_ids=[lesson.organisation_id],
        meta={"organisation": lesson.organisation.name, "device": device},
    )


def _on_saved(sender, instance: Lesson, raw: bool = False, **kwargs) -> None:
    if not raw:
        document_upsert(lesson_entry(instance))


def _on_deleted(sender, instance: Lesson, **kwargs) -> None:
    document_delete(kind=KIND, object_id=instance.pk)


def _all_entries() -> Iterator[IndexEntry]:
    with scopes_disabled():
        for lesson in Lesson.objects.select_related("organisation", "device"):
            yield lesson_entry(lesson)


def register() -> None:
    register_kind(SourceKind(KIND, _("Les uit een incident"), _all_entries))
    post_save.connect(_on_saved, sender=Lesson, dispatch_uid="incidents.search_index.saved")
    post_delete.connect(_on_deleted, sender=Lesson, dispatch_uid="incidents.search_index.del")
