"""Whom can I approach: one selector, ``people_to_approach``, for every page that asks it (a
project, "describe my project" in the vindplaats, a knowledge need), ranking people by the
evidence that they know the subject, each with that evidence as reasons a person can check.

Evidence, strongest first:

- **projects**: the person works on this project, or on a comparable one (declared on their
  profile, the project's creator, or a contact whose e-mail is theirs); a comparable project
  counts only when it shares a theme with the subject (or, for a subject without themes, when
  it is close to the best match);
- **knowledge**: the person wrote the validated version of a related knowledge page, or
  answered a related question (the accepted answer counts double);
- **expertise themes** on their profile that the subject has;
- **verified competences** they chose to show whose name speaks of the subject.

Thinking along ("denkt graag mee") only raises the rank of someone with evidence. Nobody is
suggested without evidence, nobody who has not opted in (a listed profile within its reach,
``ExpertProfile.objects.visible_to``), nobody who has left every organisation (no current
membership) and never the viewer. Every reason names only what the viewer may read: the
comparable projects and the related knowledge come from permission-aware search.

The searches (comparable projects and related knowledge) depend only on the index and on
what the viewer may read, so for a project or a need they are cached under the index
generation (exact invalidation, like ``projects.similar``); the ranking as a whole is kept
under the data generation too (``core/data_cache.py``: every write to the data makes a new
one), so a profile switched off or a person who left disappears at the next page load.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from zorgwijs.accounts.models import User
from zorgwijs.competences.models import PassportLine
from zorgwijs.competences.status import status_case
from zorgwijs.core.data_cache import cached
from zorgwijs.knowledge.models import Answer, Page
from zorgwijs.organisations.models import Membership
from zorgwijs.organisations.visibility import Viewer
from zorgwijs.projects.models import Project
from zorgwijs.projects.similar import (
    Similar,
    compact,
    description_similar,
    expand,
    project_similar,
    themes_in,
)
from zorgwijs.search.selectors import index_generation, search

from .models import ExpertProfile
from .selectors import VERIFIED

PROJECT_WEIGHT, EXTRA_PROJECT_WEIGHT = 1.0, 0.2
PAGE_WEIGHT, ANSWER_WEIGHT, ACCEPTED_WEIGHT, MAX_KNOWLEDGE = 0.5, 0.2, 0.4, 3
THEME_WEIGHT, MAX_THEMES = 0.3, 3
COMPETENCE_WEIGHT, MAX_COMPETENCES = 0.2, 2
MIN_COMPETENCE_WORD, MAX_COMPETENCE_WORDS, COMPETENCE_ROWS = 5, 12, 500
THINKS_ALONG_WEIGHT = 0.25
THEME_CANDIDATES = 40
SIMILAR_FOR_PEOPLE = 10
# A comparable project of a subject without themes, or a related page or question, counts
# only when it matches at least this share of the best comparable project's search score.
MIN_RELATED = 0.3
KNOWLEDGE_HITS = 8
KNOWLEDGE_KINDS = ("page", "question")
RELATED_TTL = 6 * 3600


@dataclass(frozen=True)
class Subject:
    """What people are sought for: a text, its themes, and the project or need it is."""

    text: str
    themes: frozenset[str]
    project: Project | None = None
    # Projects the viewer may read that answer the subject (a need's linked projects).
    answering: tuple[Project, ...] = ()
    # A stable name for caching the searches ("project:12", "need:3"); "" caches nothing.
    key: str = ""

    @classmethod
    def of_project(cls, project: Project) -> Subject:
        return cls(
            f"{project.title}\n{project.summary}",
            frozenset(t.slug for t in project.themes.all()),
            project=project,
            key=f"project:{project.pk}",
        )

    @classmethod
    def of_description(cls, description: str) -> Subject:
        return cls(description, frozenset(themes_in(description)))

    @classmethod
    def of_need(cls, need, answering: tuple[Project, ...] = ()) -> Subject:
        """``answering``: the projects linked to the need that the viewer may read."""
        text = f"{need.title}\n{need.description}"
        themes = {t.slug for t in need.themes.all()} or themes_in(text)
        return cls(text, frozenset(themes), answering=answering, key=f"need:{need.pk}")


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
    answers: bool = False  # a project linked to the need as an answer


@dataclass(frozen=True)
class _Known:
    """A related page or question found by search, as the viewer may read it."""

    kind: str
    object_id: int
    title: str
    weight: float  # 0..1, relative to the best comparable project's search score


@dataclass
class _Evidence:
    linked: list[_Linked] = field(default_factory=list)
    pages: list[_Known] = field(default_factory=list)
    answered: list[tuple[_Known, bool]] = field(default_factory=list)  # (question, accepted)


def people_to_approach(
    *, viewer: Viewer, subject: Subject, similar: list[Similar] | None = None, limit: int = 5
) -> list[Approachable]:
    """People to approach about ``subject``, best evidence first. Pass ``similar`` when the
    page already has the comparable projects (no second search).

    For a project or a need the ranking is kept under the data generation (any write to what
    it reads makes a new one, ``core/data_cache.py``) and the index generation, per what the
    viewer may read, the language and the day, and shared by everyone who may read the same:
    it is ranked with the viewer among the candidates and the viewer is left out afterwards."""
    if not viewer.is_authenticated or not subject.text.strip():
        return []
    if not subject.key:  # a pasted description: nothing to share
        return _ranked(viewer, subject, similar, limit, leave_out=viewer.user_id)
    key = ":".join(
        (
            "experts:people",
            subject.key,
            str(limit),
            str(index_generation()),
            _viewer_key(viewer, scopes=True),
            get_language() or "",
            timezone.localdate().isoformat(),
        )
    )
    ranked = cached(key, lambda: _ranked(viewer, subject, similar, limit + 1, leave_out=None))
    return [r for r in ranked if r.profile.user_id != viewer.user_id][:limit]


def _ranked(
    viewer: Viewer,
    subject: Subject,
    similar: list[Similar] | None,
    limit: int,
    *,
    leave_out: int | None,
) -> list[Approachable]:
    """The ranking itself; ``leave_out``: a person never suggested (the viewer)."""
    if similar is None:
        similar = _similar(viewer, subject)
    linked = _linked_projects(similar, subject)
    knowledge = _related_knowledge(viewer, subject, similar)
    evidence: dict[int, _Evidence] = defaultdict(_Evidence)
    for user_id, items in _people_behind(linked).items():
        evidence[user_id].linked = items
    _knowledge_authors(knowledge, evidence)
    # Who may be found, built once: the three reads below each filter it further (building
    # the visibility rule costs more than running it).
    visible = ExpertProfile.objects.visible_to(viewer)
    if leave_out is not None:
        visible = visible.exclude(user_id=leave_out)
    competences = _relevant_competences(visible, subject)
    candidates = set(evidence) | set(competences) | _theme_candidates(visible, subject.themes)
    if not candidates:
        return []
    profiles = list(
        _findable(visible, candidates).select_related("user").prefetch_related("themes")
    )
    ranked = [
        _score(p, evidence.get(p.user_id, _Evidence()), subject, competences.get(p.user_id, []))
        for p in profiles
    ]
    ranked = [r for r in ranked if r.reasons]
    ranked.sort(key=lambda r: (-r.score, r.profile.user.full_name))
    return ranked[:limit]


def people_for_project(
    *, viewer: Viewer, project: Project, similar: list[Similar] | None = None, limit: int = 5
) -> list[Approachable]:
    return people_to_approach(
        viewer=viewer, subject=Subject.of_project(project), similar=similar, limit=limit
    )


def people_for_description(
    *, viewer: Viewer, description: str, similar: list[Similar] | None = None, limit: int = 8
) -> list[Approachable]:
    return people_to_approach(
        viewer=viewer, subject=Subject.of_description(description), similar=similar, limit=limit
    )


def people_for_need(
    *, viewer: Viewer, need, answering: tuple[Project, ...] = (), limit: int = 5
) -> list[Approachable]:
    subject = Subject.of_need(need, answering)
    return people_to_approach(viewer=viewer, subject=subject, limit=limit)


# --- The searches: comparable projects and related knowledge --------------------------------


def _viewer_key(viewer: Viewer, *, scopes: bool) -> str:
    who: tuple = (viewer.org_ids, viewer.network_org_ids, viewer.is_platform_admin)
    if scopes:  # knowledge spaces have a reading rule of their own (invitations, networks)
        who = (*who, viewer.scopes)
    return hashlib.sha256(repr(who).encode()).hexdigest()[:16]


def _similar(viewer: Viewer, subject: Subject) -> list[Similar]:
    if subject.project is not None:
        return project_similar(viewer=viewer, project=subject.project, limit=SIMILAR_FOR_PEOPLE)
    key = f"experts:similar:{subject.key}:{index_generation()}:{_viewer_key(viewer, scopes=False)}"
    if subject.key and (ranked := cache.get(key)) is not None:
        return expand(viewer, ranked, None, themes_in(subject.text))
    found = description_similar(viewer=viewer, description=subject.text, limit=SIMILAR_FOR_PEOPLE)
    if subject.key:
        cache.set(key, compact(found), RELATED_TTL)
    return found


def _related_knowledge(viewer: Viewer, subject: Subject, similar: list[Similar]) -> list[_Known]:
    """Pages and questions about the subject the viewer may read, weighted against the best
    comparable project (so a loosely related page counts little), cached for a project or a
    need under the index generation and exactly what the viewer may read."""
    key = ""
    if subject.key:
        who = _viewer_key(viewer, scopes=True)
        key = f"experts:knowledge:{subject.key}:{index_generation()}:{who}"
        found = cache.get(key)
        if found is not None:
            return found
    result = search(
        viewer=viewer,
        text=subject.text,
        filters={"type": list(KNOWLEDGE_KINDS)},
        page_size=KNOWLEDGE_HITS,
        with_facets=False,
        with_total=False,
        count_fruitless=False,
    )
    best = max((s.hit.score for s in similar), default=0.0)
    best = max(best, max((h.score for h in result.hits), default=0.0)) or 1.0
    found = [
        _Known(h.kind, h.object_id, h.title, round(min(1.0, h.score / best), 4))
        for h in result.hits
        if h.score / best >= MIN_RELATED
    ]
    if key:
        cache.set(key, found, RELATED_TTL)
    return found


def _linked_projects(similar: list[Similar], subject: Subject) -> dict[int, _Linked]:
    """The comparable projects that count as evidence: sharing a theme with the subject, or,
    when the subject has no themes, close to the best match."""
    top = max((s.score for s in similar), default=1.0) or 1.0
    linked = {}
    for s in similar:
        relative = s.score / top
        shares = bool(subject.themes & {t.slug for t in s.project.themes.all()})
        if shares or (not subject.themes and relative >= MIN_RELATED):
            linked[s.project.pk] = _Linked(s.project, round(relative, 4), False)
    for project in subject.answering:
        linked[project.pk] = _Linked(project, 1.0, False, answers=True)
    if subject.project is not None:
        linked[subject.project.pk] = _Linked(subject.project, 1.0, True)
    return linked


# --- Who is behind the evidence ------------------------------------------------------------


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
            .order_by()  # read into a dict: the model's ordering by name would only sort
        )
        for user_id, email in users:
            found[user_id] |= emails[email]
    return {
        user_id: sorted((linked[p] for p in ids), key=lambda item: (not item.own, -item.weight))
        for user_id, ids in found.items()
    }


def _knowledge_authors(knowledge: list[_Known], evidence: dict[int, _Evidence]) -> None:
    """The author of each related page's validated version and the people who answered each
    related question (visible answers only): two queries."""
    pages = {k.object_id: k for k in knowledge if k.kind == "page"}
    questions = {k.object_id: k for k in knowledge if k.kind == "question"}
    if pages:
        authors = Page.objects.filter(
            pk__in=pages, validated_revision__author__isnull=False
        ).values_list("pk", "validated_revision__author_id")
        for page_id, author_id in authors:
            evidence[author_id].pages.append(pages[page_id])
    if questions:
        rows = (
            Answer.objects.filter(question_id__in=questions, hidden_at__isnull=True)
            .values_list("question_id", "author_id", "question__accepted_answer_id", "pk")
            .order_by("question_id", "pk")
        )
        seen: set[tuple[int, int]] = set()
        for question_id, author_id, accepted_id, answer_id in rows:
            if author_id is None or (question_id, author_id) in seen:
                continue
            seen.add((question_id, author_id))
            evidence[author_id].answered.append((questions[question_id], accepted_id == answer_id))
    for item in evidence.values():
        item.pages.sort(key=lambda k: -k.weight)
        item.answered.sort(key=lambda pair: (not pair[1], -pair[0].weight))


def _findable(visible: QuerySet[ExpertProfile], user_ids: set[int]) -> QuerySet[ExpertProfile]:
    """Listed profiles within reach of the viewer (``visible``) of people who are still a
    current member of an organisation."""
    with scopes_disabled():  # ids only: whether a person still works somewhere
        current = Membership.objects.active().values("user_id")
    return visible.filter(user_id__in=user_ids).filter(user_id__in=current)


def _theme_candidates(visible: QuerySet[ExpertProfile], themes: frozenset[str]) -> set[int]:
    """The profiles sharing most of the subject's themes; one more than the ranking needs, so
    that leaving the viewer out afterwards leaves as many (``people_to_approach``)."""
    if not themes:
        return set()
    matching = Count("themes", filter=Q(themes__slug__in=themes))
    rows = (
        visible.filter(themes__slug__in=themes)
        .annotate(overlap=matching)
        .order_by("-overlap", "-thinks_along", "pk")
        .values_list("user_id", flat=True)[: THEME_CANDIDATES + 1]
    )
    return set(rows)


def _relevant_competences(
    visible: QuerySet[ExpertProfile], subject: Subject
) -> dict[int, list[str]]:
    """user id -> the competences that person (of the ``visible`` profiles) chose to show,
    holds today and whose name
    speaks of the subject (a word in common after analysis): two queries, the first narrowed
    in the database to item names containing one of the subject's longer words."""
    from zorgwijs.search.analysis import is_stop, stem, words

    said_words = sorted(
        {w for w in words(subject.text) if len(w) >= MIN_COMPETENCE_WORD and not is_stop(w)},
        key=len,
        reverse=True,
    )[:MAX_COMPETENCE_WORDS]
    if not said_words:
        return {}
    said = {stem(w) for w in said_words}
    named = Q()
    for word in said_words:
        named |= Q(competenceitem__name__icontains=word)
    shown = [
        (user_id, item_id, name)
        for user_id, item_id, name in ExpertProfile.shown_items.through.objects.filter(
            named, expertprofile__in=visible
        ).values_list("expertprofile__user_id", "competenceitem_id", "competenceitem__name")[
            :COMPETENCE_ROWS
        ]
        if said & {stem(w) for w in words(name) if not is_stop(w)}
    ]
    if not shown:
        return {}
    today = timezone.localdate()
    with scopes_disabled():  # the person's own passport lines: only the item's name leaves
        held = set(
            PassportLine.objects.filter(
                membership__in=Membership.objects.active(today).filter(
                    user_id__in={user_id for user_id, _, _ in shown}
                ),
                item_id__in={item_id for _, item_id, _ in shown},
            )
            .annotate(status=status_case(on=today))
            .filter(status__in=VERIFIED)
            .values_list("membership__user_id", "item_id")
        )
    found: dict[int, list[str]] = defaultdict(list)
    for user_id, item_id, name in shown:
        if (user_id, item_id) in held and name not in found[user_id]:
            found[user_id].append(name)
    return found


# --- Score and reasons ---------------------------------------------------------------------


def _score(
    profile: ExpertProfile, evidence: _Evidence, subject: Subject, competences: list[str]
) -> Approachable:
    result = Approachable(profile, projects=[item.project for item in evidence.linked])
    linked = evidence.linked
    if linked:
        result.score += PROJECT_WEIGHT * linked[0].weight
        result.score += EXTRA_PROJECT_WEIGHT * min(len(linked) - 1, 2)
        for item in linked[:2]:
            result.reasons.append(_project_reason(item))
    if evidence.pages:
        result.score += PAGE_WEIGHT * sum(k.weight for k in evidence.pages[:MAX_KNOWLEDGE])
        result.reasons.append(
            _("schreef de gevalideerde kennispagina „%(title)s”")
            % {"title": evidence.pages[0].title}
        )
    if evidence.answered:
        result.score += sum(
            (ACCEPTED_WEIGHT if accepted else ANSWER_WEIGHT) * known.weight
            for known, accepted in evidence.answered[:MAX_KNOWLEDGE]
        )
        known, accepted = evidence.answered[0]
        reason = (
            _("gaf het geaccepteerde antwoord op „%(title)s”")
            if accepted
            else _("beantwoordde „%(title)s”")
        )
        result.reasons.append(reason % {"title": known.title})
        if len(evidence.answered) > 1:
            more = len(evidence.answered) - 1
            result.reasons.append(
                ngettext("en %(n)s andere verwante vraag", "en %(n)s andere verwante vragen", more)
                % {"n": more}
            )
    shared = [t.name for t in profile.themes.all() if t.slug in subject.themes]
    if shared:
        result.score += THEME_WEIGHT * min(len(shared), MAX_THEMES)
        result.reasons.append(_("expertise: %(themes)s") % {"themes": ", ".join(shared).lower()})
    if competences:
        result.score += COMPETENCE_WEIGHT * min(len(competences), MAX_COMPETENCES)
        result.reasons.append(
            _("geverifieerd bekwaam: %(items)s") % {"items": ", ".join(competences[:2])}
        )
    if not result.reasons:
        return result  # no evidence about the subject: not a match
    if profile.thinks_along:
        result.score += THINKS_ALONG_WEIGHT
        result.reasons.append(_("denkt graag mee"))
    result.score = round(result.score, 4)
    return result


def _project_reason(item: _Linked) -> str:
    if item.own:
        return _("werkt aan dit project")
    if item.answers:
        return _("werkt aan %(title)s, dat hierop antwoord geeft") % {"title": item.project.title}
    return _("werkt aan vergelijkbaar project %(title)s") % {"title": item.project.title}
