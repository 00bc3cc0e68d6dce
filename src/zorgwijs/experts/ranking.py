"""Whom can I approach: people for a project or a pasted description, each with the reasons a
person can check ("werkt aan vergelijkbaar project X", "expertise: valpreventie").

Candidates come from two sides: the people behind the comparable projects (declared on their
profile, creator, or named contact; ``projects.similar`` finds the projects) and listed
profiles whose expertise themes meet the themes of the project or description. Both are
narrowed to profiles the viewer may find; accepted answers in spaces the viewer may see and
the wish to think along raise the rank. A fixed number of queries whatever the size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zorgwijs.accounts.models import User
from zorgwijs.knowledge.models import Question
from zorgwijs.projects.models import Project
from zorgwijs.projects.similar import Similar, description_similar, project_similar, themes_in
from zorgwijs.search.viewer import Viewer

from .models import ExpertProfile
from .selectors import visible_spaces

PROJECT_WEIGHT, EXTRA_PROJECT_WEIGHT = 1.0, 0.2
THEME_WEIGHT, MAX_THEMES = 0.3, 3
ANSWER_WEIGHT, MAX_ANSWERS = 0.08, 5
THINKS_ALONG_WEIGHT = 0.25
THEME_CANDIDATES = 40
SIMILAR_FOR_PEOPLE = 10


@dataclass
class Approachable:
    profile: ExpertProfile
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)


@dataclass(frozen=True)
class _Linked:
    project: Project
    weight: float  # how comparable the project is, 0..1 (1 for the project itself)
    own: bool  # the project the question is about


def people_for_project(
    *, viewer: Viewer, project: Project, similar: list[Similar] | None = None, limit: int = 5
) -> list[Approachable]:
    """People to approach about ``project``: its own people, those behind comparable projects
    and experts in its themes. Pass ``similar`` when the page already has it."""
    if not viewer.is_authenticated:
        return []
    if similar is None:
        similar = project_similar(viewer=viewer, project=project, limit=SIMILAR_FOR_PEOPLE)
    themes = {t.slug for t in project.themes.all()}
    return _rank(viewer, similar, themes, own=project, limit=limit)


def people_for_description(
    *, viewer: Viewer, description: str, similar: list[Similar] | None = None, limit: int = 8
) -> list[Approachable]:
    """People to approach about a pasted description of a project."""
    if not viewer.is_authenticated or not description.strip():
        return []
    if similar is None:
        similar = description_similar(
            viewer=viewer, description=description, limit=SIMILAR_FOR_PEOPLE
        )
    return _rank(viewer, similar, themes_in(description), own=None, limit=limit)


def _rank(
    viewer: Viewer, similar: list[Similar], themes: set[str], *, own: Project | None, limit: int
) -> list[Approachable]:
    linked = _linked_projects(similar, own)
    people = _people_behind(linked)
    by_theme = _theme_candidates(viewer, themes)
    candidates = set(people) | set(by_theme)
    if not candidates:
        return []
    profiles = list(
        _others(viewer, ExpertProfile.objects.visible_to(viewer).filter(user_id__in=candidates))
        .select_related("user")
        .prefetch_related("themes")
    )
    answers = _accepted_answers(viewer, [p.user_id for p in profiles])
    ranked = [
        _score(p, people.get(p.user_id, []), themes, answers.get(p.user_id, 0)) for p in profiles
    ]
    ranked = [r for r in ranked if r.reasons]
    ranked.sort(key=lambda r: (-r.score, r.profile.user.full_name))
    return ranked[:limit]


def _linked_projects(similar: list[Similar], own: Project | None) -> dict[int, _Linked]:
    top = max((s.score for s in similar), default=1.0) or 1.0
    linked = {s.project.pk: _Linked(s.project, s.score / top, False) for s in similar}
    if own is not None:
        linked[own.pk] = _Linked(own, 1.0, True)
    return linked


def _people_behind(linked: dict[int, _Linked]) -> dict[int, list[_Linked]]:
    """user id -> the linked projects that person is behind (two queries)."""
    found: dict[int, set[int]] = defaultdict(set)
    declared = ExpertProfile.projects.through.objects.filter(project_id__in=linked).values_list(
        "expertprofile__user_id", "project_id"
    )
    for user_id, project_id in declared:
        found[user_id].add(project_id)
    emails: dict[str, set[int]] = defaultdict(set)
    for item in linked.values():
        if item.project.created_by_id:
            found[item.project.created_by_id].add(item.project.pk)
        for contact in item.project.contacts or []:
            email = (contact.get("email") or "").strip().lower()
            if email:
                emails[email].add(item.project.pk)
    if emails:
        users = (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=list(emails))
            .values_list("pk", "email_lower")
        )
        for user_id, email in users:
            found[user_id] |= emails[email]
    return {
        user_id: sorted((linked[p] for p in ids), key=lambda item: (not item.own, -item.weight))
        for user_id, ids in found.items()
    }


def _others(viewer: Viewer, profiles: QuerySet[ExpertProfile]) -> QuerySet[ExpertProfile]:
    """Without the viewer's own profile: nobody is pointed to themselves."""
    if viewer.user_id is None:
        return profiles
    return profiles.exclude(user_id=viewer.user_id)


def _theme_candidates(viewer: Viewer, themes: set[str]) -> set[int]:
    if not themes:
        return set()
    matching = Count("themes", filter=Q(themes__slug__in=themes))
    rows = (
        _others(viewer, ExpertProfile.objects.visible_to(viewer).filter(themes__slug__in=themes))
        .annotate(overlap=matching)
        .order_by("-overlap", "-thinks_along", "pk")
        .values_list("user_id", flat=True)[:THEME_CANDIDATES]
    )
    return set(rows)


def _accepted_answers(viewer: Viewer, user_ids: list[int]) -> dict[int, int]:
    """Accepted answers per person, counted only in spaces the viewer may see."""
    if not user_ids:
        return {}
    rows = (
        Question.objects.filter(
            accepted_answer__author_id__in=user_ids, space__in=visible_spaces(viewer)
        )
        .values("accepted_answer__author_id")
        .annotate(n=Count("pk"))
        .values_list("accepted_answer__author_id", "n")
    )
    return dict(rows)


def _score(
    profile: ExpertProfile, linked: list[_Linked], themes: set[str], accepted: int
) -> Approachable:
    result = Approachable(profile, projects=[item.project for item in linked])
    if linked:
        result.score += PROJECT_WEIGHT * linked[0].weight
        result.score += EXTRA_PROJECT_WEIGHT * min(len(linked) - 1, 2)
        for item in linked[:2]:
            result.reasons.append(_project_reason(item))
    shared = [t.name for t in profile.themes.all() if t.slug in themes]
    if shared:
        result.score += THEME_WEIGHT * min(len(shared), MAX_THEMES)
        result.reasons.append(_("expertise: %(themes)s") % {"themes": ", ".join(shared).lower()})
    if not result.reasons:
        return result  # neither a comparable project nor a shared theme: not a match
    if accepted:
        result.score += ANSWER_WEIGHT * min(accepted, MAX_ANSWERS)
        result.reasons.append(
            ngettext("%(n)s geaccepteerd antwoord", "%(n)s geaccepteerde antwoorden", accepted)
            % {"n": accepted}
        )
    if profile.thinks_along:
        result.score += THINKS_ALONG_WEIGHT
        result.reasons.append(_("denkt graag mee"))
    result.score = round(result.score, 4)
    return result


def _project_reason(item: _Linked) -> str:
    if item.own:
        return _("werkt aan dit project")
    return _("werkt aan vergelijkbaar project %(title)s") % {"title": item.project.title}
