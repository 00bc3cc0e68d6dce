"""Reads of needs. Views fetch one need only through ``get_need_for_viewer``; every count is
taken over what the viewer may read (needs and projects alike)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django_scopes import scopes_disabled

from zorgwijs.organisations.capabilities import members_with_capability
from zorgwijs.organisations.models import Organisation
from zorgwijs.organisations.visibility import Viewer
from zorgwijs.projects.models import Project
from zorgwijs.projects.selectors import can_edit as can_edit_project

from .models import MeToo, Need, NeedAnswer, NeedStatus

_N = TypeVar("_N", bound=Need)


class NeedCounts(TypedDict):
    me_too_count: int
    answer_count: int


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # A need from ``need_list``: with its counts.
    CountedNeed: TypeAlias = WithAnnotations[Need, NeedCounts]


def _count_of(queryset: QuerySet[Any]) -> Coalesce:
    """A correlated ``COUNT(*)`` (no join, so two counts never multiply each other)."""
    counted = queryset.order_by().values("need").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def need_list(*, viewer: Viewer) -> QuerySet[CountedNeed]:
    """Needs ``viewer`` may read, with their "ik ook" count and the number of answering
    projects the viewer may read (a hidden project is never counted)."""
    visible_projects = Project.objects.visible_to(viewer).values("id")
    answers = NeedAnswer.objects.filter(need=OuterRef("pk"), project_id__in=visible_projects)
    return (
        Need.objects.visible_to(viewer)
        .select_related("organisation", "network", "author")
        .prefetch_related("themes")
        .annotate(
            me_too_count=_count_of(MeToo.objects.filter(need=OuterRef("pk"))),
            answer_count=_count_of(answers),
        )
    )


FILTERS = ("thema", "regio", "soort", "status")


def need_filter(needs: QuerySet[_N], filters: Mapping[str, str]) -> QuerySet[_N]:
    """Narrow by theme slug, region, kind and status; unknown values simply match nothing."""
    if theme := filters.get("thema"):
        needs = needs.filter(themes__slug=theme[:60])
    if region := filters.get("regio"):
        needs = needs.filter(region=region[:100])
    if kind := filters.get("soort"):
        needs = needs.filter(kind=kind[:20])
    if status := filters.get("status"):
        needs = needs.filter(status=status[:20])
    return needs


def get_need_for_viewer(*, viewer: Viewer, need_id: int) -> CountedNeed:
    """The need if ``viewer`` may read it, else 404 (never 403: do not reveal it exists)."""
    need = need_list(viewer=viewer).filter(pk=need_id).first()
    if need is None:
        raise Http404
    return need


def can_edit(viewer: Viewer, need: Need) -> bool:
    """Only the author edits a need (title, text, status)."""
    return viewer.is_authenticated and need.author_id == viewer.user_id


def get_need_for_editor(*, viewer: Viewer, need_id: int) -> Need:
    """404 for what the viewer may not read, 403 for what they may read but not change."""
    need = get_need_for_viewer(viewer=viewer, need_id=need_id)
    if not can_edit(viewer, need):
        raise PermissionDenied
    return need


def is_linking_role(viewer: Viewer, need: Need) -> bool:
    """Someone of the need's organisation whose role links projects to any of its needs
    (``needs.link``: coordinators and administrators)."""
    if viewer.user_id is None or need.organisation_id not in viewer.org_ids:
        return False
    with scopes_disabled():
        return (
            members_with_capability("needs.link")
            .filter(user_id=viewer.user_id, organisation_id=need.organisation_id)
            .exists()
        )


def can_link_any(viewer: Viewer, need: Need) -> bool:
    """May link any project the viewer can read: the author and the organisation's
    coordinators (and administrators); platform admins keep the vindplaats tidy."""
    if not viewer.is_authenticated:
        return False
    return can_edit(viewer, need) or viewer.is_platform_admin or is_linking_role(viewer, need)


def can_link(viewer: Viewer, need: Need, project: Project) -> bool:
    """The author, coordinators, or an owner of ``project`` (who says: we answer this)."""
    return can_link_any(viewer, need) or (
        viewer.is_authenticated and can_edit_project(viewer, project)
    )


def linkable_projects(*, viewer: Viewer, need: Need) -> QuerySet[Project]:
    """Projects the viewer may link to ``need``: all it may read when it may link any, else
    the projects its own organisations own."""
    projects = Project.objects.visible_to(viewer).exclude(
        pk__in=NeedAnswer.objects.filter(need=need).values("project_id")
    )
    if can_link_any(viewer, need):
        return projects.order_by("title")
    if not viewer.org_ids:
        return projects.none()
    return projects.filter(organisation_id__in=viewer.org_ids).order_by("title")


def suggested_projects(*, viewer: Viewer, need: Need, linkable: QuerySet[Project]) -> list:
    """Linkable projects that resemble the need (the comparable-projects ranking over its text),
    offered first when linking."""
    from zorgwijs.projects.similar import description_similar

    allowed = set(linkable.values_list("id", flat=True))
    if not allowed:
        return []
    text = f"{need.title}\n{need.description}"
    ranked = description_similar(viewer=viewer, description=text, limit=20)
    return [s.project for s in ranked if s.project.pk in allowed][:8]


def answers_for(*, viewer: Viewer, need: Need) -> list[NeedAnswer]:
    """The answering projects ``viewer`` may read; others are left out, never hinted at."""
    visible = Project.objects.visible_to(viewer).values("id")
    return list(
        NeedAnswer.objects.filter(need=need, project_id__in=visible)
        .select_related("project", "project__organisation")
        .order_by("project__title")
    )


def answers_by_need(*, viewer: Viewer, need_ids: list[int]) -> dict[int, list[NeedAnswer]]:
    """``answers_for`` for a whole page of needs in one query."""
    visible = Project.objects.visible_to(viewer).values("id")
    grouped: dict[int, list[NeedAnswer]] = {need_id: [] for need_id in need_ids}
    for answer in (
        NeedAnswer.objects.filter(need_id__in=need_ids, project_id__in=visible)
        .select_related("project")
        .order_by("project__title")
    ):
        grouped[answer.need_id].append(answer)
    return grouped


def has_me_too(viewer: Viewer, need: Need) -> bool:
    return viewer.user_id is not None and need.me_toos.filter(user_id=viewer.user_id).exists()


def own_needs_of(viewer: Viewer, needs: Iterable[Need]) -> set[int]:
    """Of ``needs``, the ids the viewer said "ik ook" to (one query for a whole list)."""
    if viewer.user_id is None:
        return set()
    ids = [n.pk for n in needs]
    return set(
        MeToo.objects.filter(user_id=viewer.user_id, need_id__in=ids).values_list(
            "need_id", flat=True
        )
    )


def organisation_needs(*, viewer: Viewer, organisation_id: int) -> QuerySet[CountedNeed]:
    return need_list(viewer=viewer).filter(organisation_id=organisation_id)


def known_regions(viewer: Viewer) -> list[str]:
    """The regions projects and organisations use (the vocabulary a need picks from)."""
    regions = set(
        Project.objects.visible_to(viewer).exclude(region="").values_list("region", flat=True)
    )
    regions |= set(Organisation.objects.exclude(region="").values_list("region", flat=True))
    return sorted(regions)


# --- Kenniskaart -------------------------------------------------------------------------------

NO_REGION = ""


@dataclass
class Cell:
    """What is known (projects) and asked (needs and their "ik ook") for one theme and region."""

    theme: str
    theme_name: str
    region: str
    projects: int = 0
    needs: int = 0
    me_too: int = 0

    @property
    def asked(self) -> int:
        return self.needs + self.me_too

    @property
    def is_gap(self) -> bool:
        """Much asked, little known: asked at least twice and more often than projects exist."""
        return self.asked >= 2 and self.asked > self.projects

    @property
    def gap(self) -> int:
        return self.asked - self.projects


@dataclass
class KnowledgeMap:
    themes: list[Cell]  # one per theme, over every region (or the chosen one)
    cells: list[Cell]  # theme × region where something is asked, largest gap first
    regions: list[str]
    region: str | None

    @property
    def totals(self) -> Cell:
        total = Cell("", "", self.region or "")
        for cell in self.themes:
            total.projects += cell.projects
            total.needs += cell.needs
            total.me_too += cell.me_too
        return total


def _asked_needs(viewer: Viewer) -> QuerySet[Need]:
    """Needs that still ask something: open and answered ones, not the closed."""
    return Need.objects.visible_to(viewer).exclude(status=NeedStatus.CLOSED)


def knowledge_map(*, viewer: Viewer, region: str | None = None) -> KnowledgeMap:
    """Per theme and region: projects the viewer may read against needs the viewer may read
    and their "ik ook". Three grouped queries, whatever the number of themes or regions."""
    from zorgwijs.projects.models import Theme

    names = dict(Theme.objects.values_list("slug", "name"))
    cells: dict[tuple[str, str], Cell] = {}

    def cell(theme: str, where: str) -> Cell:
        key = (theme, where or NO_REGION)
        if key not in cells:
            cells[key] = Cell(theme, names.get(theme, theme), where or NO_REGION)
        return cells[key]

    projects = (
        Project.objects.visible_to(viewer)
        .filter(themes__isnull=False)
        .values("themes__slug", "region")
        .annotate(n=Count("id", distinct=True))
    )
    for row in projects:
        cell(row["themes__slug"], row["region"]).projects += row["n"]
    needs = _asked_needs(viewer)
    for row in (
        needs.filter(themes__isnull=False)
        .values("themes__slug", "region")
        .annotate(n=Count("id", distinct=True))
    ):
        cell(row["themes__slug"], row["region"]).needs += row["n"]
    for me_too in (
        MeToo.objects.filter(need__in=needs.values("id"), need__themes__isnull=False)
        .values("need__themes__slug", "need__region")
        .annotate(n=Count("id", distinct=True))
    ):
        cell(me_too["need__themes__slug"], me_too["need__region"]).me_too += me_too["n"]
    regions = sorted({r for _, r in cells if r})
    chosen = [c for c in cells.values() if region is None or c.region == region]
    per_theme: dict[str, Cell] = {
        slug: Cell(slug, name, region or "") for slug, name in sorted(names.items(), key=_by_name)
    }
    for c in chosen:
        total = per_theme.setdefault(c.theme, Cell(c.theme, c.theme_name, region or ""))
        total.projects += c.projects
        total.needs += c.needs
        total.me_too += c.me_too
    asked = sorted(
        (c for c in chosen if c.asked), key=lambda c: (-c.gap, -c.asked, c.theme_name, c.region)
    )
    return KnowledgeMap(list(per_theme.values()), asked, regions, region)


def _by_name(item: tuple[str, str]) -> str:
    return item[1].lower()
