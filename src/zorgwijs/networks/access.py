"""Who may see and do what in a network, decided once per request.

A network's people are the people of its member organisations (an active employment) and the
people with a ``NetworkRole`` (coordinators, the editorial board, participants who joined on
their own). Contacts and the list of members' people are organisations' personal data: only
people of member organisations, coordinators and platform admins see them — never a
participant who joined on their own. Anything of a network that is not public answers 404 to
everyone else, as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from zorgwijs.organisations.access import organisation_ids_of
from zorgwijs.organisations.models import Network, NetworkMembership, Visibility

from .models import Event, NetworkProfile, NetworkRole, Poster, RoleKind, Session


@dataclass(frozen=True)
class NetworkAccess:
    network: Network
    profile: NetworkProfile
    user_id: int | None
    member_org_ids: frozenset[int]  # the person's own organisations that are members
    roles: frozenset[str]
    is_platform_admin: bool
    # The member organisations with their contact persons, and the coordinators and editors:
    # loaded once with the access, shown only as ``sees_contacts`` allows.
    members: list[NetworkMembership] = field(default_factory=list)
    board: list[NetworkRole] = field(default_factory=list)

    @property
    def is_org_member(self) -> bool:
        """Works at a member organisation."""
        return bool(self.member_org_ids)

    @property
    def is_coordinator(self) -> bool:
        return RoleKind.COORDINATOR in self.roles or self.is_platform_admin

    @property
    def is_editor(self) -> bool:
        return RoleKind.EDITOR in self.roles or self.is_coordinator

    @property
    def is_participant(self) -> bool:
        """Joined on their own, without a member organisation."""
        return RoleKind.PARTICIPANT in self.roles and not self.is_org_member

    @property
    def is_network_person(self) -> bool:
        """Takes part: reads network-only content, registers for events."""
        return self.is_org_member or bool(self.roles) or self.is_platform_admin

    @property
    def sees_contacts(self) -> bool:
        """Sees the member organisations' contact persons (their names and e-mail)."""
        return self.is_org_member or self.is_coordinator

    @property
    def can_view(self) -> bool:
        return self.profile.public_home or self.is_network_person

    def sees_event(self, event: Event) -> bool:
        return (event.visibility == Visibility.PUBLIC and self.can_view) or self.is_network_person

    def organises(self, event: Event) -> bool:
        """Coordinators organise every event of the network, organisers their own."""
        if self.is_coordinator:
            return True
        return self.user_id is not None and any(
            u.pk == self.user_id for u in event.organisers.all()
        )


def network_access(user, network: Network, memberships=None) -> NetworkAccess:
    """``memberships``: the person's active memberships when the caller has them already (the
    middleware puts them on the request)."""
    try:
        profile = network.profile
    except NetworkProfile.DoesNotExist:
        profile = NetworkProfile(network=network)
    own: set[int] = set()
    if user is not None and user.is_authenticated:
        if memberships is None:
            own = set(organisation_ids_of(user))
        else:
            own = {m.organisation_id for m in memberships}
    members = list(
        _with_awards(NetworkMembership.objects.filter(network=network), user, own)
        .select_related("organisation", "contact_person")
        .order_by("organisation__name")
    )
    if user is None or not user.is_authenticated:
        return NetworkAccess(network, profile, None, frozenset(), frozenset(), False, members)
    # The caller's own roles and the board (coordinators and editors) in one query.
    roles = list(
        NetworkRole.objects.filter(network=network)
        .filter(Q(user=user) | Q(role__in=[RoleKind.COORDINATOR, RoleKind.EDITOR]))
        .select_related("user")
        .order_by("role", "user__full_name")
    )
    return NetworkAccess(
        network,
        profile,
        user.pk,
        frozenset(m.organisation_id for m in members if m.organisation_id in own),
        frozenset(r.role for r in roles if r.user_id == user.pk),
        bool(getattr(user, "is_platform_admin", False)),
        members,
        [r for r in roles if r.role != RoleKind.PARTICIPANT],
    )


def _with_awards(members, user, own: set[int]):
    """Each member organisation with the awards its posters won at the network's events
    (``award_count``, and the latest: ``award``, ``award_poster``, ``award_event``), in the
    members' own query. Awards at network-only events count only for people of the network,
    like the events themselves."""
    awarded = Poster.objects.filter(
        organisation=OuterRef("organisation"), event__network=OuterRef("network")
    ).exclude(award="")
    if user is None or not user.is_authenticated:
        awarded = awarded.filter(event__visibility=Visibility.PUBLIC)
    elif not getattr(user, "is_platform_admin", False):
        network_person = Exists(
            NetworkMembership.objects.filter(
                network=OuterRef("event__network"), organisation__in=own
            )
        ) | Exists(NetworkRole.objects.filter(network=OuterRef("event__network"), user=user))
        awarded = awarded.filter(Q(event__visibility=Visibility.PUBLIC) | network_person)
    latest = awarded.order_by("-event__starts_at", "-pk")
    return members.annotate(
        award_count=Subquery(
            awarded.values("organisation").annotate(n=Count("pk")).values("n")[:1]
        ),
        award=Subquery(latest.values("award")[:1]),
        award_poster=Subquery(latest.values("title")[:1]),
        award_event=Subquery(latest.values("event__title")[:1]),
    )


def get_network_for_viewer(request: HttpRequest, network_slug: str) -> NetworkAccess:
    """The network and the caller's place in it; 404 when the caller may not see it."""
    network = get_object_or_404(
        Network.objects.select_related("profile", "convenant"), slug=network_slug
    )
    access = network_access(request.user, network, getattr(request, "memberships", None))
    if not access.can_view:
        raise Http404
    return access


def get_network_for_coordinator(request: HttpRequest, network_slug: str) -> NetworkAccess:
    """404 for whoever does not coordinate the network (also to its own people: the management
    pages are not theirs to know about)."""
    access = get_network_for_viewer(request, network_slug)
    if not access.is_coordinator:
        raise Http404
    return access


def get_network_for_person(request: HttpRequest, network_slug: str) -> NetworkAccess:
    """The network for one of its people (member organisations' staff, role holders)."""
    access = get_network_for_viewer(request, network_slug)
    if not access.is_network_person:
        raise Http404
    return access


def get_event_for_viewer(access: NetworkAccess, event_id: int) -> Event:
    event = get_object_or_404(
        Event.objects.select_related("network").prefetch_related("organisers"),
        network=access.network,
        pk=event_id,
    )
    if not access.sees_event(event):
        raise Http404
    return event


def get_event_for_organiser(access: NetworkAccess, event_id: int) -> Event:
    event = get_event_for_viewer(access, event_id)
    if not access.organises(event):
        raise Http404
    return event


def get_session_for_viewer(access: NetworkAccess, event: Event, session_id: int) -> Session:
    return get_object_or_404(Session.objects.filter(event=event), pk=session_id)
