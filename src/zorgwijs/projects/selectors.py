"""Reads of projects. Views fetch one project only through ``get_project_for_viewer``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from zorgwijs.core.data_cache import held_locally
from zorgwijs.organisations.visibility import Viewer

from .models import Project, ProjectAttachment, ProjectQuerySet


def _projects() -> ProjectQuerySet:
    return Project.objects.select_related("organisation").prefetch_related("themes")


def project_list(*, viewer: Viewer) -> ProjectQuerySet:
    return _projects().visible_to(viewer)


def get_project_for_viewer(*, viewer: Viewer, project_id: int) -> Project:
    """The project if ``viewer`` may read it, else 404 (never 403: do not reveal it exists)."""
    project = _projects().get_visible(viewer, pk=project_id)
    if project is None:
        raise Http404
    return project


@dataclass(frozen=True)
class ProjectPage:
    """What every reader of a project page sees of it: the project with its owner and
    themes, its co-owners (who may read and edit it) and its attachments."""

    project: Project
    co_owner_ids: frozenset[int]
    attachments: tuple[ProjectAttachment, ...]


def get_project_page_for_viewer(*, viewer: Viewer, project_id: int) -> ProjectPage:
    """The project page's shared part if ``viewer`` may read the project, else 404.

    The most-read page of the vindplaats: its shared part is kept under the data generation
    (``core/data_cache.py``; any write to the project, its themes, co-owners or attachments
    makes a new one) and the reading rule is applied to it for each viewer."""
    page = held_locally(f"projects:page:{project_id}", lambda: _project_page(project_id))
    if page is None or not page.project.is_visible_to(viewer, page.co_owner_ids):
        raise Http404
    return page


def _project_page(project_id: int) -> ProjectPage | None:
    project = _projects().filter(pk=project_id).first()
    if project is None:
        return None
    return ProjectPage(
        project=project,
        co_owner_ids=frozenset(project.co_owners.values_list("pk", flat=True)),
        attachments=tuple(project.attachments.all()),
    )


def get_project_by_external_id(*, viewer: Viewer, external_id: str) -> Project:
    project = _projects().get_visible(viewer, external_id=external_id)
    if project is None:
        raise Http404
    return project


def can_edit(viewer: Viewer, project: Project, co_owner_ids: frozenset[int] | None = None) -> bool:
    """Owners and co-owners edit; the platform maintains imported collections without owner.
    ``co_owner_ids``: the co-owners when the caller has them already."""
    if project.organisation_id is None:
        return viewer.is_platform_admin
    if project.organisation_id in viewer.org_ids:
        return True
    if co_owner_ids is not None:
        return not co_owner_ids.isdisjoint(viewer.org_ids)
    return project.co_owners.filter(pk__in=viewer.org_ids).exists()


def get_project_for_editor(*, viewer: Viewer, project_id: int) -> Project:
    """404 for what the viewer may not read, 403 for what they may read but not change."""
    project = get_project_for_viewer(viewer=viewer, project_id=project_id)
    if not can_edit(viewer, project):
        raise PermissionDenied
    return project


def organisation_projects(*, organisation_id: int) -> QuerySet[Project]:
    return Project.objects.filter(organisation_id=organisation_id).prefetch_related("themes")
