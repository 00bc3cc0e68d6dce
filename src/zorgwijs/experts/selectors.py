"""Reads of people: one profile only through ``get_profile_for_viewer``, what a profile page
shows (only what the viewer may read), and the person's own verified competences."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django_scopes import scopes_disabled

from zorgwijs.competences.models import CompetenceItem, PassportLine
from zorgwijs.competences.status import status_case
from zorgwijs.knowledge.models import Answer, Question
from zorgwijs.organisations.models import Membership
from zorgwijs.organisations.visibility import Viewer
from zorgwijs.projects.models import Project

from .models import ContactRequest, ContactStatus, ExpertProfile

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

# A qualification that holds today (an exemption is not a verified competence).
VERIFIED = ("valid", "expiring")
PROFILE_ANSWERS = 10


def profile_list(*, viewer: Viewer) -> QuerySet[ExpertProfile]:
    return (
        ExpertProfile.objects.visible_to(viewer)
        .select_related("user")
        .prefetch_related("themes")
        .order_by("user__full_name", "pk")
    )


def get_profile_for_viewer(*, viewer: Viewer, expert_id: int) -> ExpertProfile:
    """A listed profile the viewer may find, or the viewer's own (to preview it); else 404."""
    profile = (
        ExpertProfile.objects.filter(pk=expert_id, user__is_active=True)
        .select_related("user")
        .prefetch_related("themes")
        .first()
    )
    if profile is None:
        raise Http404
    if profile.user_id == viewer.user_id:
        return profile
    if not ExpertProfile.objects.visible_to(viewer).filter(pk=profile.pk).exists():
        raise Http404
    return profile


def own_profile(user: User) -> ExpertProfile:
    """The person's profile, unsaved (not listed) when they never made one."""
    return ExpertProfile.objects.filter(user=user).first() or ExpertProfile(user=user)


# --- Projects a person works on -----------------------------------------------------------------


def _involvement(user: User) -> Q:
    """Projects a person is behind: declared on the profile, created, or named as contact."""
    condition = Q(created_by_id=user.pk) | Q(contacts__icontains=user.email)
    declared = Project.objects.filter(expert_profiles__user=user).values("pk")
    return condition | Q(pk__in=declared)


def _is_contact(project: Project, email: str) -> bool:
    return any((c.get("email") or "").lower() == email.lower() for c in project.contacts or [])


def projects_of(*, user: User, viewer: Viewer) -> list[Project]:
    """The projects ``user`` works on that ``viewer`` may read."""
    candidates = (
        Project.objects.visible_to(viewer)
        .filter(_involvement(user))
        .select_related("organisation")
        .order_by("title")
    )
    declared = set(
        ExpertProfile.projects.through.objects.filter(expertprofile__user=user).values_list(
            "project_id", flat=True
        )
    )
    # ``icontains`` on the contacts text also matches a longer address; keep exact contacts.
    return [
        p
        for p in candidates
        if p.pk in declared or p.created_by_id == user.pk or _is_contact(p, user.email)
    ]


def claimable_projects(user: User) -> QuerySet[Project]:
    """Projects a person may put on their profile: of their own organisations (owner or
    co-owner), created by them, or naming them as contact."""
    with scopes_disabled():
        own = list(Membership.objects.active().filter(user=user).values_list("organisation_id"))
    org_ids = [o for (o,) in own]
    # ``icontains`` on the contacts text also matches a longer address; keep exact contacts.
    named = [
        p.pk
        for p in Project.objects.filter(contacts__icontains=user.email).only("pk", "contacts")
        if _is_contact(p, user.email)
    ]
    condition = (
        Q(organisation_id__in=org_ids)
        | Q(co_owners__in=org_ids)
        | Q(created_by_id=user.pk)
        | Q(pk__in=named)
    )
    ids = Project.objects.filter(condition).values("pk")
    return Project.objects.filter(pk__in=ids).order_by("title")


# --- Answers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnsweredQuestion:
    answer: Answer
    accepted: bool

    @property
    def question(self) -> Question:
        return self.answer.question


def answers_of(
    *, user: User, viewer: Viewer, limit: int = PROFILE_ANSWERS
) -> list[AnsweredQuestion]:
    """The person's answers in spaces the viewer may see, accepted ones first."""
    answers = (
        Answer.objects.filter(author=user, question__in=Question.objects.visible_to(viewer))
        .select_related("question", "question__space")
        .order_by("-created_at", "-id")[: limit * 3]
    )
    found = [AnsweredQuestion(a, a.question.accepted_answer_id == a.pk) for a in answers]
    found.sort(key=lambda a: not a.accepted)
    return found[:limit]


# --- Verified competences -----------------------------------------------------------------------


def verified_items(user: User, on: datetime.date | None = None) -> QuerySet[CompetenceItem]:
    """Items the person holds a valid qualification for today, in any current membership."""
    on = on or timezone.localdate()
    with scopes_disabled():
        memberships = Membership.objects.active(on).filter(user=user).values("pk")
        item_ids = (
            PassportLine.objects.filter(membership__in=memberships)
            .annotate(status=status_case(on=on))
            .filter(status__in=VERIFIED)
            .values("item_id")
        )
        return CompetenceItem.objects.filter(pk__in=item_ids).order_by("name")


def shown_competences(profile: ExpertProfile) -> list[str]:
    """Names of the competences the person chose to show that are still verified today."""
    if profile.pk is None:
        return []
    chosen = profile.shown_items.values("pk")
    with scopes_disabled():
        return list(
            verified_items(profile.user)
            .filter(pk__in=chosen)
            .values_list("name", flat=True)
            .distinct()
        )


# --- Contact requests ---------------------------------------------------------------------------


def requests_of(user: User) -> tuple[list[ContactRequest], list[ContactRequest]]:
    """(received, sent) contact requests of a person, newest first."""
    rows = list(
        ContactRequest.objects.filter(Q(recipient=user) | Q(sender=user))
        .select_related("sender", "recipient")
        .order_by("-created_at", "-id")[:200]
    )
    received = [r for r in rows if r.recipient_id == user.pk]
    return received, [r for r in rows if r.sender_id == user.pk]


def open_request_between(user: User, other: User) -> ContactRequest | None:
    """The open contact request between two people, in either direction."""
    if not user.is_authenticated or user.pk == other.pk:
        return None
    return (
        ContactRequest.objects.filter(status=ContactStatus.OPEN)
        .filter(Q(sender=user, recipient=other) | Q(sender=other, recipient=user))
        .first()
    )


def get_request_for_participant(*, user: User, contact_request_id: int) -> ContactRequest:
    """A contact request the person sent or received; 404 for anyone else."""
    found = (
        ContactRequest.objects.filter(Q(recipient=user) | Q(sender=user), pk=contact_request_id)
        .select_related("sender", "recipient")
        .first()
    )
    if found is None:
        raise Http404
    return found


def get_request_for_recipient(*, user: User, contact_request_id: int) -> ContactRequest:
    found = get_request_for_participant(user=user, contact_request_id=contact_request_id)
    if found.recipient_id != user.pk:
        raise Http404
    return found
