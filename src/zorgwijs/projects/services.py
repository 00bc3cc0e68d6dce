"""Writes of projects: each service owns its transaction, its revision and its audit entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgwijs.audit.services import record

from .models import Project, ProjectRevision
from .search_index import project_index, project_unindex

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


def _revise(project: Project, actor, note: str = "", note_subject: str = "") -> ProjectRevision:
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


def _save_relations(project: Project, themes=None, co_owners=None) -> None:
    if themes is not None:
        project.themes.set(themes)
    if co_owners is not None:
        project.co_owners.set([o for o in co_owners if o.pk != project.organisation_id])


@transaction.atomic
def project_create(
    *, actor, organisation, data: dict[str, Any], themes=None, co_owners=None, request=None
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
        request=request,
        data={"title": project.title},
    )
    return project


@transaction.atomic
def project_update(
    *, actor, project: Project, data: dict[str, Any], themes=None, co_owners=None, request=None
) -> Project:
    before = _snapshot(project)
    _apply(project, data)
    _check(project)
    project.save()
    _save_relations(project, themes, co_owners)
    after = _snapshot(project)
    changed = sorted(k for k in after if before.get(k) != after.get(k))
    if changed:
        _revise(project, actor)
    project_index(project)
    record(
        "projects.project.updated",
        kind="change",
        actor=actor,
        organisation=project.organisation,
        obj=project,
        request=request,
        data={"changed": changed},
    )
    return project


@transaction.atomic
def project_delete(*, actor, project: Project, request=None) -> None:
    project_unindex(project)
    record(
        "projects.project.deleted",
        kind="change",
        actor=actor,
        organisation=project.organisation,
        obj=project,
        request=request,
        data={"title": project.title, "external_id": project.external_id},
    )
    # The rows of the attachments go with the project; their files once that is committed.
    stored = [a.file for a in project.attachments.all()]
    project.delete()
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in stored])
