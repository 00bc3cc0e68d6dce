"""Reads of the networks app. Every function takes the caller's ``NetworkAccess`` (or a
``search.Viewer``) so what it returns is what that person may see; query counts stay flat in
the number of members, topics, sessions and reactions (tests/networks/test_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zorgwijs.knowledge.access import Viewer as SpaceViewer
from zorgwijs.knowledge.models import Space
from zorgwijs.organisations.models import Network, NetworkMembership, Visibility
from zorgwijs.projects.models import Project
from zorgwijs.search.viewer import Viewer

from .access import NetworkAccess
from .models import (
    Action,
    Convenant,
    Event,
    NetworkRole,
    Poster,
    PosterScore,
    ReactionStatus,
    Registration,
    RegistrationStatus,
    RoleKind,
    Session,
    SessionReaction,
    Topic,
)


def networks_for(viewer: Viewer) -> QuerySet[Network]:
    """Networks the viewer may open: public ones, those of the viewer's organisations, and
    those the viewer has a role in."""
    condition = Q(profile__public_home=True)
    if viewer.user_id is not None:
        condition |= Q(memberships__organisation_id__in=viewer.org_ids)
        condition |= Q(roles__user_id=viewer.user_id)
    if viewer.is_platform_admin:
        condition = Q()
    return (
        Network.objects.filter(pk__in=Network.objects.filter(condition).values("pk"))
        .select_related("profile")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def topics_with_actions(
    access: NetworkAccess, viewer: Viewer, space_viewer: SpaceViewer
) -> list[Topic]:
    """Topics → actions → the projects (``viewer``: search's) and knowledge spaces
    (``space_viewer``: knowledge's) the person may read."""
    actions = Action.objects.select_related("owner_organisation").prefetch_related(
        Prefetch(
            "projects",
            queryset=Project.objects.visible_to(viewer).order_by("title").only("pk", "title"),
        ),
        Prefetch(
            "spaces",
            queryset=Space.objects.visible_to(space_viewer)
            .order_by("name")
            .only("pk", "name", "slug"),
        ),
    )
    return list(
        Topic.objects.filter(network=access.network).prefetch_related(
            Prefetch("actions", queryset=actions)
        )
    )


def convenant_of(network: Network) -> Convenant | None:
    """The convenant, loaded with the network by the access helper (signatories: the page)."""
    try:
        convenant = network.convenant
    except Convenant.DoesNotExist:
        return None
    return convenant


def members_of(access: NetworkAccess) -> list[NetworkMembership]:
    """Member organisations; their contact persons are only shown as ``sees_contacts`` says."""
    return access.members


def role_holders(access: NetworkAccess) -> list[NetworkRole]:
    """Coordinators and the editorial board (not participants: joining is not a public fact)."""
    return access.board if access.sees_contacts else []


def participants_of(access: NetworkAccess) -> QuerySet[NetworkRole]:
    return (
        NetworkRole.objects.filter(network=access.network, role=RoleKind.PARTICIPANT)
        .select_related("user")
        .order_by("user__full_name")
    )


def events_for(access: NetworkAccess, *, upcoming: bool | None = None) -> QuerySet[Event]:
    events = Event.objects.filter(network=access.network).select_related("network")
    if not access.is_network_person:
        events = events.filter(visibility=Visibility.PUBLIC)
    now = timezone.now()
    if upcoming is True:
        events = events.filter(ends_at__gte=now)
    elif upcoming is False:
        events = events.filter(ends_at__lt=now).order_by("-starts_at")
    return events


def feed_fields(events: QuerySet[Event]) -> QuerySet[Event]:
    """Only what the calendar feed writes: 1,000 events in well under 200 ms."""
    return events.select_related(None).only(
        "pk", "title", "description", "starts_at", "ends_at", "location"
    )


@dataclass
class EventPage:
    event: Event
    sessions: list[Session]
    own: dict[int | None, Registration] = field(default_factory=dict)  # session id -> reg
    waiting_positions: dict[int | None, int] = field(default_factory=dict)


def event_page(access: NetworkAccess, event: Event) -> EventPage:
    sessions = list(event.sessions.all())
    page = EventPage(event=event, sessions=sessions)
    if access.user_id is None:
        return page
    own = Registration.objects.filter(
        event=event,
        user_id=access.user_id,
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
    )
    page.own = {r.session_id: r for r in own}
    waiting = [r for r in page.own.values() if r.status == RegistrationStatus.WAITING]
    for registration in waiting:
        same_list = Registration.objects.filter(
            event=event,
            status=RegistrationStatus.WAITING,
            created_at__lte=registration.created_at,
        )
        if registration.session_id is None:
            same_list = same_list.filter(session__isnull=True)
        else:
            same_list = same_list.filter(session=registration.session_id)
        ahead = same_list.count()
        page.waiting_positions[registration.session_id] = ahead
    return page


def attendance(event: Event) -> list[Registration]:
    """Everyone with a live registration, for the organisers: event first, then sessions."""
    return list(
        Registration.objects.filter(
            event=event, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
        )
        .select_related("user", "session")
        .order_by("session__starts_at", "session_id", "status", "created_at", "pk")
    )


def session_reactions(session: Session, *, include_pending: bool) -> list[SessionReaction]:
    reactions = session.reactions.select_related("author")
    if not include_pending:
        reactions = reactions.filter(status=ReactionStatus.APPROVED)
    else:
        reactions = reactions.exclude(status=ReactionStatus.REJECTED)
    return list(reactions)


def own_registration(access: NetworkAccess, event: Event, registration_id: int) -> Registration:
    """The caller's own registration (or, for an organiser, anyone's); else 404."""
    registrations = Registration.objects.filter(event=event).select_related("event", "session")
    if not access.organises(event):
        if access.user_id is None:
            raise Http404
        registrations = registrations.filter(user=access.user_id)
    return get_object_or_404(registrations, pk=registration_id)


def posters_of(event: Event) -> list[Poster]:
    """The event's posters with the jury's average score and the number of votes."""
    return list(
        Poster.objects.filter(event=event)
        .annotate(
            jury_average=Avg("scores__score"),
            vote_count=Count("votes", distinct=True),
        )
        .order_by("-award", "title", "pk")
    )


def get_poster(event: Event, poster_id: int) -> Poster:
    return get_object_or_404(Poster.objects.select_related("event"), event=event, pk=poster_id)


def own_scores(poster: Poster, user_id: int | None) -> dict[str, int]:
    if user_id is None:
        return {}
    return dict(
        PosterScore.objects.filter(poster=poster, juror=user_id).values_list("criterion", "score")
    )


def upcoming_public_events(limit: int = 3) -> list[Event]:
    """The next public events of networks with a public home: what a visitor may open
    (``NetworkAccess.sees_event`` for someone without an account). One query."""
    return list(
        Event.objects.filter(
            visibility=Visibility.PUBLIC,
            network__profile__public_home=True,
            ends_at__gte=timezone.now(),
        )
        .select_related("network")
        .order_by("starts_at", "pk")[:limit]
    )
