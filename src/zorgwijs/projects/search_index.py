"""How projects appear in search: the ``project`` kind of the search registry."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from zorgwijs.search.registry import IndexEntry, SourceKind, register_kind
from zorgwijs.search.services import document_delete, document_upsert

from .models import Project

KIND = "project"


def _body(project: Project) -> str:
    parts = (
        project.problem,
        project.approach,
        project.collaboration,
        project.results,
        project.golden_tips,
        project.pitfalls,
        project.target_group,
        project.embedding,
        project.seeking_advice_on,
        project.can_help_with,
        " ".join(t.name for t in project.themes.all()),
    )
    return "\n".join(p for p in parts if p)


def _facets(project: Project) -> list[tuple[str, str, str]]:
    facets = [("theme", t.slug, t.name) for t in project.themes.all()]
    if project.region:
        facets.append(("region", project.region, project.region))
    if project.sector:
        facets.append(("sector", project.sector, str(project.get_sector_display())))
    facets.append(("status", project.status, str(project.get_status_display())))
    return facets


def project_entry(project: Project) -> IndexEntry:
    owners = [project.organisation_id] if project.organisation_id else []
    owners += [o.pk for o in project.co_owners.all()]
    organisation = (
        project.organisation.name if project.organisation else ", ".join(project.partner_list[:2])
    )
    return IndexEntry(
        kind=KIND,
        object_id=project.pk,
        title=project.title,
        url=project.get_absolute_url(),
        visibility=project.visibility,
        summary=project.summary,
        body=_body(project),
        organisation_ids=owners,
        external_id=project.external_id or "",
        language=project.language,
        facets=_facets(project),
        meta={
            "organisation": organisation,
            "region": project.region,
            "status": str(project.get_status_display()),
        },
    )


def project_index(project: Project) -> None:
    document_upsert(project_entry(project))


def project_unindex(project: Project) -> None:
    document_delete(kind=KIND, object_id=project.pk)


def _all_entries() -> Iterator[IndexEntry]:
    projects = Project.objects.select_related("organisation").prefetch_related(
        "themes", "co_owners"
    )
    for project in projects.iterator(chunk_size=2000):
        yield project_entry(project)


def register() -> None:
    register_kind(SourceKind(KIND, _("Project"), _all_entries))
