"""Reads of projects. Views fetch one project only through ``get_project_for_viewer``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from zorgwijs.organisations.visibility import Viewer

from .models import Project, ProjectQuerySet


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


def get_project_by_external_id(*, viewer: Viewer, external_id: str) -> Project:
    project = _projects().get_visible(viewer, external_id=external_id)
    if project is None:
        raise Http404
    return project


def can_edit(viewer: Viewer, project: Project) -> bool:
    """Owners and co-owners edit; the platform maintains imported collections without owner."""
    if project.organisation_id is None:
        return viewer.is_platform_admin
    if project.organisation_id in viewer.org_ids:
        return True
    return project.co_owners.filter(pk__in=viewer.org_ids).exists()


def get_project_for_editor(*, viewer: Viewer, project_id: int) -> Project:
    """404 for what the viewer may not read, 403 for what they may read but not change."""
    project = get_project_for_viewer(viewer=viewer, project_id=project_id)
    if not can_edit(viewer, project):
        raise PermissionDenied
    return project


def organisation_projects(*, organisation_id: int) -> QuerySet[Project]:
    return Project.objects.filter(organisation_id=organisation_id).prefetch_related("themes")
