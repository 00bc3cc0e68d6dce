"""Comparable projects: what the text says (search) and how the record is built (themes,
sector, phase), each match with the reasons a person can check."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zorgwijs.core.data_cache import cached
from zorgwijs.organisations.visibility import Viewer
from zorgwijs.search.selectors import Hit, index_generation, search

from .models import Project, Theme
from .search_index import KIND

CANDIDATES = 30
# A cached list is replaced by a new generation on any change; the time only bounds how long
# the entries of an old generation linger in the cache.
SIMILAR_TTL = 6 * 3600
THEME_WEIGHT, SECTOR_WEIGHT, STATUS_WEIGHT = 0.35, 0.15, 0.05


@dataclass(frozen=True)
class Similar:
    project: Project
    hit: Hit
    score: float
    reasons: list[str]


def _reasons(source_themes: set[str], source: Project | None, candidate: Project) -> list[str]:
    reasons = []
    shared = [t.name for t in candidate.themes.all() if t.slug in source_themes]
    if shared:
        reasons.append(_("ook over %(themes)s") % {"themes": ", ".join(shared).lower()})
    if source is not None and source.sector and candidate.sector == source.sector:
        reasons.append(
            _("zelfde sector: %(sector)s") % {"sector": str(candidate.get_sector_display()).lower()}
        )
    if source is not None and source.status == candidate.status:
        reasons.append(_("ook %(status)s") % {"status": candidate.get_status_display().lower()})
    return reasons


def _rank(
    viewer: Viewer, text: str, source: Project | None, limit: int, themes: set[str] | None = None
) -> list[Similar]:
    result = search(
        viewer=viewer,
        text=text,
        filters={"type": [KIND]},
        page_size=CANDIDATES,
        with_facets=False,
        with_total=False,
        count_fruitless=False,
    )
    hits = [h for h in result.hits if source is None or h.object_id != source.pk]
    if not hits:
        return []
    projects = (
        Project.objects.visible_to(viewer)
        .prefetch_related("themes")
        .in_bulk([h.object_id for h in hits])
    )
    top = max(h.score for h in hits) or 1.0
    source_themes = {t.slug for t in source.themes.all()} if source else set(themes or ())
    ranked = []
    for hit in hits:
        candidate = projects.get(hit.object_id)
        if candidate is None:
            continue
        shared = sum(1 for t in candidate.themes.all() if t.slug in source_themes)
        score = hit.score / top + THEME_WEIGHT * min(shared, 2)
        if source is not None:
            score += SECTOR_WEIGHT * (candidate.sector == source.sector)
            score += STATUS_WEIGHT * (candidate.status == source.status)
        ranked.append(
            Similar(candidate, hit, round(score, 4), _reasons(source_themes, source, candidate))
        )
    ranked.sort(key=lambda s: -s.score)
    return ranked[:limit]


def project_similar(*, viewer: Viewer, project: Project, limit: int = 5) -> list[Similar]:
    """A project's comparable projects, computed when the corpus changes rather than on every
    view: cached under the index generation (any write to the search index makes a new one,
    so a list is never stale) and what the viewer may read (their organisations and network
    partners), for the whole candidate list, which each caller cuts to its ``limit``."""
    key = _cache_key(viewer, project)
    ranked = cache.get(key)
    if ranked is None:
        similar = _rank(viewer, f"{project.title}\n{project.summary}", project, CANDIDATES)
        cache.set(key, compact(similar), SIMILAR_TTL)
        return similar[:limit]
    source_themes = {t.slug for t in project.themes.all()}
    return expand(viewer, ranked[:limit], project, source_themes)


@dataclass(frozen=True)
class ShownSimilar:
    """What a project page shows of a comparable project: plain values, cheap to keep."""

    url: str
    title: str
    reasons: tuple[str, ...]


def similar_shown(*, viewer: Viewer, project: Project, limit: int = 5) -> list[ShownSimilar]:
    """``project_similar`` as the project page shows it, kept as the page's words.

    Reloading the cached ranking's projects (with what the viewer may read and their themes)
    cost a third of a project page. What is shown is kept under the data generation
    (``core/data_cache.py``: a project's title, themes or visibility changing is a write that
    makes a new one) and the index generation (the ranking), per what the viewer may read and
    the language, so it was checked against the viewer's reading rights when it was made and
    nothing it names has changed since."""
    key = ":".join(
        (
            "projects:similar-shown",
            str(project.pk),
            str(limit),
            str(index_generation()),
            _viewer_digest(viewer),
            get_language() or "",
        )
    )
    return cached(
        key,
        lambda: [
            ShownSimilar(s.project.get_absolute_url(), s.project.title, tuple(s.reasons))
            for s in project_similar(viewer=viewer, project=project, limit=limit)
        ],
    )


Ranked = list[tuple[Hit, float]]


def compact(similar: list[Similar]) -> Ranked:
    """What a cache keeps of a ranking: the hits and scores, plain values. Thirty pickled
    projects with their themes took longer to load than the rest of a project page, and the
    reasons are words in the reader's language, so they are worded again on every read."""
    return [(s.hit, s.score) for s in similar]


def expand(
    viewer: Viewer, ranked: Ranked, source: Project | None, source_themes: set[str]
) -> list[Similar]:
    """A cached ranking made whole again: its projects (two small queries) and its reasons."""
    projects = (
        Project.objects.visible_to(viewer)
        .prefetch_related("themes")
        .in_bulk([hit.object_id for hit, _ in ranked])
    )
    return [
        Similar(candidate, hit, score, _reasons(source_themes, source, candidate))
        for hit, score in ranked
        if (candidate := projects.get(hit.object_id)) is not None
    ]


def _viewer_digest(viewer: Viewer) -> str:
    """What decides which projects a viewer may read, as a short key part."""
    who = repr((viewer.org_ids, viewer.network_org_ids, viewer.is_platform_admin))
    return hashlib.sha256(who.encode()).hexdigest()[:16]


def _cache_key(viewer: Viewer, project: Project) -> str:
    return f"projects:similar:{project.pk}:{index_generation()}:{_viewer_digest(viewer)}"


def description_similar(*, viewer: Viewer, description: str, limit: int = 10) -> list[Similar]:
    """Comparable projects for a pasted description of a project not (yet) on the platform.
    The themes the description speaks of (a theme's own words in it) count like shared themes."""
    return _rank(viewer, description, None, limit, themes_in(description))


def themes_in(text: str) -> set[str]:
    from zorgwijs.search.analysis import is_stop, stem, words

    said = {stem(w) for w in words(text) if not is_stop(w)}
    found = set()
    for theme in Theme.objects.all():
        theme_words = {stem(w) for w in words(f"{theme.slug} {theme.name}") if len(w) > 3}
        if theme_words & said:
            found.add(theme.slug)
    return found
