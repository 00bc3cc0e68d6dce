"""Writes of projects: each service owns its transaction, its revision and its audit entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.lib.concurrency import check_version

from .models import Project, ProjectRevision, RevisionNote
from .search_index import project_index, project_unindex

if TYPE_CHECKING:
    from collections.abc import Iterable

    from zorgwijs.accounts.models import User
    from zorgwijs.organisations.models import Organisation

    from .models import Theme

# The project's own columns that a person edits in the form, in the form's order.
EDITABLE_FIELDS = (
    "title",
    "summary",
    "problem",
    "approach",
    "collaboration",
    "results",
    "golden_tips",
    "pitfalls",
    "status",
    "start_year",
    "end_year",
    "partner_names",
    "region",
    "sector",
    "target_group",
    "costs",
    "embedding",
    "seeking_advice_on",
    "can_help_with",
    "language",
    "visibility",
)
# Every column a service copies from its data: also the contacts (edited as text) and what an
# import sets.
TEXT_FIELDS = (*EDITABLE_FIELDS, "contacts", "external_id", "collection")


def _check(project: Project) -> None:
    errors: dict[str, str] = {}
    if not (project.title or "").strip():
        errors["title"] = _("Geef het project een titel.")
    if not (project.summary or "").strip():
        errors["summary"] = _("Vat het project in een paar zinnen samen.")
    if project.start_year and project.end_year and project.end_year < project.start_year:
        errors["end_year"] = _("Het eindjaar ligt voor het startjaar.")
    if errors:
        raise ValidationError(errors)


def _snapshot(project: Project) -> dict[str, Any]:
    data = {name: getattr(project, name) for name in TEXT_FIELDS}
    data["themes"] = sorted(project.themes.values_list("slug", flat=True))
    data["co_owners"] = sorted(project.co_owners.values_list("pk", flat=True))
    data["organisation"] = project.organisation_id
    data["attachments"] = sorted(project.attachments.values_list("title", flat=True))
    return data


def editable_state(project: Project) -> dict[str, Any]:
    """What the edit form changes, as plain values: the version token of an edit is taken of
    this (``lib.concurrency``), so an attachment added meanwhile is no conflict."""
    state = {name: getattr(project, name) for name in EDITABLE_FIELDS}
    state["contacts"] = project.contacts
    state["themes"] = sorted(project.themes.values_list("slug", flat=True))
    state["co_owners"] = sorted(project.co_owners.values_list("slug", flat=True))
    return state


def input_state(
    project: Project,
    data: dict[str, Any],
    themes: Iterable[Theme] | None = None,
    co_owners: Iterable[Organisation] | None = None,
) -> dict:
    """``editable_state`` as an edit with ``data``, ``themes`` and ``co_owners`` would make it:
    what the editor typed, set beside the stored state when their edit conflicts."""
    state = editable_state(project)
    state.update({k: v for k, v in data.items() if k in state})
    if themes is not None:
        state["themes"] = sorted(t.slug for t in themes)
    if co_owners is not None:
        state["co_owners"] = sorted(o.slug for o in co_owners if o.pk != project.organisation_id)
    return state


def _revise(
    project: Project, actor: User | None, note: str = "", note_subject: str = ""
) -> ProjectRevision:
    last = project.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return ProjectRevision.objects.create(
        project=project,
        number=last + 1,
        author=actor if actor else None,
        data=_snapshot(project),
        note=note,
        note_subject=note_subject[:200],
    )


def _apply(project: Project, data: dict[str, Any]) -> None:
    for name, value in data.items():
        if name in TEXT_FIELDS:
            setattr(project, name, value)


def _save_relations(
    project: Project,
    themes: Iterable[Theme] | None = None,
    co_owners: Iterable[Organisation] | None = None,
) -> None:
    if themes is not None:
        project.themes.set(themes)
    if co_owners is not None:
        project.co_owners.set([o for o in co_owners if o.pk != project.organisation_id])


@transaction.atomic
def project_create(
    *,
    actor: User | None,  # None: an import without a person behind it
    organisation: Organisation | None,
    data: dict[str, Any],
    themes: Iterable[Theme] | None = None,
    co_owners: Iterable[Organisation] | None = None,
    context: AuditContext | None = None,
) -> Project:
    project = Project(organisation=organisation, created_by=actor if actor else None)
    _apply(project, data)
    _check(project)
    project.save()
    _save_relations(project, themes, co_owners)
    _revise(project, actor)
    project_index(project)
    record(
        "projects.project.created",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=project,
        context=context,
        data={"title": project.title},
    )
    return project


def _keep_unrecorded(project: Project, before: dict[str, Any]) -> None:
    """Store the state before this change as a revision when the newest revision does not hold
    it (changed outside the services, or by a web edit before edits were recorded), so the
    history never loses a version."""
    last = project.revisions.order_by("-number").values_list("data", flat=True).first()
    if last is not None and last != before:
        number = project.revisions.order_by("-number").values_list("number", flat=True)[0]
        ProjectRevision.objects.create(
            project=project, number=number + 1, data=before, note=RevisionNote.UNRECORDED
        )


@transaction.atomic
def project_update(
    *,
    actor: User,
    project: Project,
    data: dict[str, Any],
    themes: Iterable[Theme] | None = None,
    co_owners: Iterable[Organisation] | None = None,
    base_version: str | None = None,
    context: AuditContext | None = None,
) -> Project:
    """Change ``project``; with ``base_version`` (the edit form's and API's token) only if
    nobody saved since, else ``EditConflict`` and nothing is stored. The revision and the
    audit entry compare against the row as stored, never ``project`` itself: a ModelForm
    has already put the new values on that instance."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    check_version(base_version, editable_state(locked))
    before = _snapshot(locked)
    _apply(locked, data)
    _check(locked)
    locked.save()
    _save_relations(locked, themes, co_owners)
    after = _snapshot(locked)
    changed = sorted(k for k in after if before.get(k) != after.get(k))
    if changed:
        _keep_unrecorded(locked, before)
        _revise(locked, actor)
    project.refresh_from_db()  # the caller's instance shows what is stored
    project_index(project)
    record(
        "projects.project.updated",
        kind="change",
        actor=actor,
        organisation=project.organisation,
        obj=project,
        context=context,
        data={"changed": changed},
    )
    return project


@transaction.atomic
def project_delete(*, actor: User, project: Project, context: AuditContext | None = None) -> None:
    project_unindex(project)
    record(
        "projects.project.deleted",
        kind="change",
        actor=actor,
        organisation=project.organisation,
        obj=project,
        context=context,
        data={"title": project.title, "external_id": project.external_id},
    )
    # The rows of the attachments go with the project; their files once that is committed.
    stored = [a.file for a in project.attachments.all()]
    project.delete()

    def delete_files() -> None:
        for file in stored:
            if file.name:
                file.storage.delete(file.name)

    transaction.on_commit(delete_files)
