"""The objects one can follow: who may read them now, their title and their address.

Every check runs at the moment a notification is made or mailed, not when the person started
following: access may have changed since (a membership ended, a space became private, a role
was taken away).
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from zorgwijs.assessments.models import Attempt
from zorgwijs.competences.models import RequirementProfile, SignOffRequest
from zorgwijs.incidents.models import Incident
from zorgwijs.knowledge.models import Page, Question, Space
from zorgwijs.learning.models import Route
from zorgwijs.networks.models import Contribution, NetworkRole, RoleKind
from zorgwijs.organisations.capabilities import capabilities_for
from zorgwijs.organisations.models import Membership, RoleAssignment
from zorgwijs.organisations.visibility import viewer_for

MODELS = {"space": Space, "page": Page, "question": Question, "incident": Incident}
# Addressed to a person, never followed: a notification may point at these too.
PERSONAL_MODELS = {
    "sign_off": SignOffRequest,
    "profile": RequirementProfile,
    "route": Route,
    "attempt": Attempt,
    "contribution": Contribution,
}
PERSONAL_TYPES = (SignOffRequest, RequirementProfile, Route, Attempt, Contribution)
NOTIFICATION_MODELS = {**MODELS, **PERSONAL_MODELS}
INCIDENT_CAPABILITY = "incidents.triage"
SIGN_OFF_CAPABILITY = "competences.sign_off"
# Who may read a notification about a colleague's route or failed test besides that colleague:
# their managers (the team's passports) and the coordinators of learning or tests.
ROUTE_CAPABILITIES = frozenset({"competences.view_team", "learning.progress"})
ATTEMPT_CAPABILITIES = frozenset({"competences.view_team", "assessments.author"})


def target_kind(obj) -> str:
    for kind, model in NOTIFICATION_MODELS.items():
        if isinstance(obj, model):
            return kind
    raise ValueError(f"{type(obj).__name__} cannot be followed")


def active_organisation_ids(user) -> list[int]:
    with scopes_disabled():
        return list(
            Membership.objects.active().filter(user=user).values_list("organisation_id", flat=True)
        )


def _roles_in(user, organisation_id: int) -> set[str]:
    with scopes_disabled():
        return set(
            RoleAssignment.objects.filter(
                membership__in=Membership.objects.active().filter(
                    user=user, organisation_id=organisation_id
                )
            ).values_list("role", flat=True)
        )


def editorial_network_ids(user) -> list[int]:
    """The networks whose editorial board ``user`` sits on (editor or coordinator) today."""
    return list(
        NetworkRole.objects.filter(
            user=user, role__in=[RoleKind.EDITOR, RoleKind.COORDINATOR]
        ).values_list("network_id", flat=True)
    )


def may_read_contribution(user, contribution: Contribution) -> bool:
    """A contribution's editorial steps: its author, and the network's editorial board."""
    return contribution.author_id == user.pk or (
        contribution.network_id in editorial_network_ids(user)
    )


def may_read_personal(user, obj) -> bool:
    """A sign-off request: the employee it is about, or someone who decides sign-offs in its
    organisation; a profile: a member of its organisation; a route or a test attempt: the
    person it is about, or a manager or coordinator of its organisation; a contribution: its
    author or the network's editorial board. Checked when the notification is made and again
    when it is listed or mailed (someone who left reads nothing of it)."""
    if isinstance(obj, Contribution):
        return may_read_contribution(user, obj)
    organisation_id = obj.organisation_id
    if organisation_id not in active_organisation_ids(user):
        return False
    if isinstance(obj, SignOffRequest):
        if obj.person_id == user.pk:
            return True
        return SIGN_OFF_CAPABILITY in capabilities_for(_roles_in(user, organisation_id))
    if isinstance(obj, (Route, Attempt)):
        with scopes_disabled():
            person_id = Membership.objects.filter(pk=obj.membership_id).values_list(
                "user_id", flat=True
            )[0]
        if person_id == user.pk:
            return True
        wanted = ROUTE_CAPABILITIES if isinstance(obj, Route) else ATTEMPT_CAPABILITIES
        return bool(wanted & capabilities_for(_roles_in(user, organisation_id)))
    return True


def space_of(obj: Space | Page | Question) -> Space:
    return obj if isinstance(obj, Space) else obj.space


def may_read(user, obj) -> bool:
    """May ``user`` read ``obj`` (a space, page, question or incident) right now?"""
    if user is None or not user.is_active:
        return False
    if isinstance(obj, PERSONAL_TYPES):
        return may_read_personal(user, obj)
    if isinstance(obj, Incident):
        return may_triage(user, obj.organisation_id)
    space = space_of(obj)
    return Space.objects.visible_to(viewer_for(user)).filter(pk=space.pk).exists()


def readable(user, *, personal: bool = False) -> Q:
    """``may_read`` as a filter over a person's follows or notifications, so a list shows only
    what they may read now (someone who left an organisation keeps rows that point at its
    private spaces and incidents): objects in spaces visible to them, and incidents of the
    organisations where they triage."""
    spaces = Space.objects.visible_to(viewer_for(user)).values("pk")
    condition = Q(space__in=spaces) | Q(page__space__in=spaces) | Q(question__space__in=spaces)
    triage = triage_organisation_ids(user)
    if triage:
        condition |= Q(incident__organisation_id__in=triage)
    # Personal notifications (``personal``: a filter over notifications, not follows): of the
    # organisations the person is still a member of. Who may receive one was decided when it
    # was made (services.notify_people).
    organisations = active_organisation_ids(user) if personal else []
    if organisations:
        condition |= Q(sign_off__organisation_id__in=organisations)
        condition |= Q(profile__organisation_id__in=organisations)
        condition |= Q(route__organisation_id__in=organisations)
        condition |= Q(attempt__organisation_id__in=organisations)
    if personal:
        condition |= Q(contribution__author=user)
        condition |= Q(contribution__network_id__in=editorial_network_ids(user))
    return condition


def triage_organisation_ids(user) -> list[int]:
    """The organisations where ``user`` may triage incidents today (``may_triage`` for all)."""
    with scopes_disabled():
        current = Membership.objects.active().filter(user=user).values("pk")
        rows = RoleAssignment.objects.filter(membership__in=current).values_list(
            "organisation_id", "role"
        )
        roles: dict[int, set[str]] = {}
        for organisation_id, role in rows:
            roles.setdefault(organisation_id, set()).add(role)
    return [org for org, held in roles.items() if INCIDENT_CAPABILITY in capabilities_for(held)]


class ReadCheck:
    """``may_read`` for one person over many objects (a digest): each space and each
    organisation is checked once."""

    def __init__(self, user) -> None:
        self.user = user
        self._answers: dict[tuple[str, int], bool] = {}

    def __call__(self, obj) -> bool:
        check: Incident | Space
        if isinstance(obj, PERSONAL_TYPES):
            return may_read_personal(self.user, obj)
        if isinstance(obj, Incident):
            key, check = ("organisation", obj.organisation_id), obj
        else:
            space = space_of(obj)
            key, check = ("space", space.pk), space
        if key not in self._answers:
            self._answers[key] = may_read(self.user, check)
        return self._answers[key]


def may_triage(user, organisation_id: int) -> bool:
    """Incidents are seen only by the triage roles of their own organisation (an anonymous
    reporter is nobody; a named reporter sees the list of their reports, not the triage)."""
    return organisation_id in triage_organisation_ids(user)


def title_of(obj) -> str:
    if isinstance(obj, SignOffRequest):
        return obj.item.name
    if isinstance(obj, RequirementProfile):
        return obj.name
    if isinstance(obj, Route):
        return obj.name
    if isinstance(obj, Attempt):
        return obj.test.title
    if isinstance(obj, Contribution):
        return obj.title
    if isinstance(obj, Incident):
        return _("Melding %(number)s") % {"number": obj.pk}
    return obj.name if isinstance(obj, Space) else obj.title


def url_of(obj, kind: str = "") -> str:
    """Where a notification about ``obj`` leads; for a sign-off it depends on who reads it:
    the assessor is asked to decide, the employee sees their passport."""
    if isinstance(obj, SignOffRequest):
        slug = obj.organisation.slug
        if kind == "sign_off.requested":
            return reverse(
                "competences:sign_off_detail", kwargs={"org_slug": slug, "sign_off_id": obj.pk}
            )
        return reverse("competences:my_passport", kwargs={"org_slug": slug})
    if isinstance(obj, RequirementProfile):
        organisation = obj.organisation
        assert organisation is not None  # a notification is about an organisation's profile
        if kind == "profile.template_revised":
            return reverse(
                "competences:profile_edit",
                kwargs={"org_slug": organisation.slug, "profile_id": obj.pk},
            )
        return reverse("competences:my_passport", kwargs={"org_slug": organisation.slug})
    if isinstance(obj, Contribution):
        return obj.get_absolute_url()
    if isinstance(obj, (Route, Attempt)):
        # The manager and the coordinator read the colleague's passport (the results of a
        # test are the coordinator's next click from there).
        return reverse(
            "competences:person_passport",
            kwargs={"org_slug": obj.organisation.slug, "membership_id": obj.membership_id},
        )
    if isinstance(obj, Space):
        return reverse("knowledge:space", kwargs={"space_slug": obj.slug})
    if isinstance(obj, Page):
        return reverse("knowledge:page", kwargs={"space_slug": obj.space.slug, "page_id": obj.pk})
    if isinstance(obj, Question):
        return reverse(
            "knowledge:question", kwargs={"space_slug": obj.space.slug, "question_id": obj.pk}
        )
    return reverse(
        "incidents:detail", kwargs={"org_slug": obj.organisation.slug, "incident_id": obj.pk}
    )


def find_readable(user, kind: str, object_id: int):
    """The object ``kind``/``object_id`` if ``user`` may read it, else ``None`` (a 404 for the
    caller: nobody learns whether an object they may not see exists)."""
    model = MODELS.get(kind)
    if model is None:
        return None
    with scopes_disabled():
        obj = model._base_manager.filter(pk=object_id).first()
    if obj is None or not may_read(user, obj):
        return None
    return obj


def readable_among(user, notifications, memberships=None, viewer=None) -> set[int]:
    """Ids of ``notifications`` (of one person) about what they may read now: ``readable`` as
    one query per kind of object instead of a condition over the whole inbox. Personal ones
    are read by members of the object's organisation; sign-off requests also by the person
    they are about (their own organisation) — the rest was decided when they were made.
    ``viewer``: the request's viewer of ``user`` when the caller has it (no second read of
    their networks)."""
    if not notifications:
        return set()
    if memberships is None:
        organisations = set(active_organisation_ids(user))
    else:
        organisations = {m.organisation_id for m in memberships}
    space_ids: dict[int, int] = {}
    for n in notifications:
        space = n.space_id or (n.page.space_id if n.page_id else None)
        space = space or (n.question.space_id if n.question_id else None)
        if space:
            space_ids[n.pk] = space
    visible: set[int] = set()
    if space_ids:
        visible = set(
            Space.objects.visible_to(viewer or viewer_for(user, memberships))
            .filter(pk__in=set(space_ids.values()))
            .values_list("pk", flat=True)
        )
    triage = (
        set(triage_organisation_ids(user)) if any(n.incident_id for n in notifications) else set()
    )
    editorial = (
        set(editorial_network_ids(user)) if any(n.contribution_id for n in notifications) else set()
    )
    allowed = set()
    for n in notifications:
        if n.pk in space_ids:
            ok = space_ids[n.pk] in visible
        elif n.incident_id:
            ok = n.incident.organisation_id in triage
        elif n.sign_off_id:
            ok = n.sign_off.organisation_id in organisations
        elif n.profile_id:
            ok = n.profile.organisation_id in organisations
        elif n.route_id:
            ok = n.route.organisation_id in organisations
        elif n.attempt_id:
            ok = n.attempt.organisation_id in organisations
        elif n.contribution_id:
            ok = n.contribution.author_id == user.pk or n.contribution.network_id in editorial
        else:
            ok = False
        if ok:
            allowed.add(n.pk)
    return allowed
