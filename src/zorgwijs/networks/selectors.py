"""Reads of the networks app. Every function takes the caller's ``NetworkAccess`` (or a
``search.Viewer``) so what it returns is what that person may see; query counts stay flat in
the number of members, topics, sessions and reactions (tests/networks/test_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_scopes import scopes_disabled

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record_many
from zorgwijs.knowledge.models import Space
from zorgwijs.needs.models import Need, NeedAnswer, NeedStatus
from zorgwijs.organisations.models import (
    Membership,
    Network,
    NetworkMembership,
    Visibility,
)
from zorgwijs.organisations.selectors.admin import organisation_admin_users
from zorgwijs.organisations.visibility import Viewer
from zorgwijs.projects.models import Project

from .access import NetworkAccess
from .models import (
    Action,
    AgendaItem,
    BallotChoice,
    CalendarImport,
    Convenant,
    Event,
    FormerMember,
    NetworkRole,
    Poster,
    PosterScore,
    PriorityBallot,
    PriorityRound,
    ReactionStatus,
    Registration,
    RegistrationStatus,
    RoleKind,
    RoundStatus,
    Session,
    SessionReaction,
    Topic,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from zorgwijs.accounts.models import User
    from zorgwijs.organisations.models import Organisation


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


def topics_with_actions(access: NetworkAccess, viewer: Viewer) -> list[Topic]:
    """Topics → actions → the projects and knowledge spaces the person may read.
    ``in_monitor``: some indicator of the HR monitor is linked to the topic (in the topics' own
    query, so the home page asks the monitor only when there is something to link)."""
    actions = Action.objects.select_related("owner_organisation").prefetch_related(
        Prefetch(
            "projects",
            queryset=Project.objects.visible_to(viewer).order_by("title").only("pk", "title"),
        ),
        Prefetch(
            "spaces",
            queryset=Space.objects.visible_to(viewer).order_by("name").only("pk", "name", "slug"),
        ),
    )
    return list(
        Topic.objects.filter(network=access.network)
        .annotate(
            in_monitor=Exists(Topic.objects.filter(pk=OuterRef("pk"), monitor_links__isnull=False))
        )
        .prefetch_related(Prefetch("actions", queryset=actions))
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


def former_members_of(network: Network) -> QuerySet[FormerMember]:
    """The organisations whose membership ended, latest first (for the coordinators)."""
    return FormerMember.objects.filter(network=network).order_by("-ended_on", "organisation_name")


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


def attendance_read(event: Event, *, context: AuditContext) -> list[Registration]:
    """The attendance list as the organisers' page shows it. Names and e-mail addresses are
    personal data: every person in it is recorded as viewed."""
    rows = attendance(event)
    record_many(
        "networks.attendance.viewed",
        kind="view",
        subjects={r.user for r in rows},
        context=context,
        obj=event,
    )
    return rows


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


def calendar_imports(network: Network) -> QuerySet[CalendarImport]:
    """The network's calendar imports, newest first (its coordinators' history)."""
    return CalendarImport.objects.filter(network=network).select_related("created_by", "applied_by")


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


# -- Prioritisation rounds and the knowledge agenda -----------------------------------------


def network_shared_needs(network: Network) -> QuerySet[Need]:
    """Needs shared with the network: those of member organisations that the network may read
    (network or public visibility) and those its individual participants posted in it."""
    return Need.objects.filter(
        Q(organisation__in=NetworkMembership.objects.filter(network=network).values("organisation"))
        | Q(organisation__isnull=True, network=network),
        visibility__in=[Visibility.NETWORK, Visibility.PUBLIC],
    )


def candidate_needs(network: Network) -> QuerySet[Need]:
    """The region's knowledge needs a round may hold: the open needs shared with the network."""
    return (
        network_shared_needs(network)
        .filter(status=NeedStatus.OPEN)
        .select_related("organisation", "network")
        .order_by("-created_at", "-pk")
    )


def round_readable_needs(access: NetworkAccess, viewer: Viewer) -> QuerySet[Need]:
    """Needs the caller may read as a round's candidates or agenda lines: what they may read
    anyway and, for people of the network — individual participants included, who vote on
    them — the needs shared with the network (a title and an organisation's name, no one's
    personal data; the need's own page stays as ``Need.objects.visible_to`` allows)."""
    readable = Need.objects.visible_to(viewer)
    if access.is_network_person:
        readable = readable | network_shared_needs(access.network)
    return readable


def priority_rounds(network: Network) -> QuerySet[PriorityRound]:
    return PriorityRound.objects.filter(network=network).annotate(
        candidate_count=Count("candidates", distinct=True)
    )


def get_round(access: NetworkAccess, round_id: int) -> PriorityRound:
    """A round of the network the caller may see (the network's access decided that), or 404."""
    return get_object_or_404(
        PriorityRound.objects.select_related("network"), network=access.network, pk=round_id
    )


def counting_ballots(priority_round: PriorityRound) -> Q:
    """Which of an open round's ballots count now: an organisation's while it is a member of
    the round's network, a participant's while they are a participant of it. A ballot of an
    organisation whose membership ended (or of a participant who left) is kept, but the close
    leaves it out of the tally (``PriorityBallot.left_out``). Use with ``scopes_disabled``."""
    members = NetworkMembership.objects.filter(network=priority_round.network_id).values(
        "organisation"
    )
    participants = NetworkRole.objects.filter(
        network=priority_round.network_id, role=RoleKind.PARTICIPANT
    ).values("user")
    return Q(organisation__in=members) | Q(organisation__isnull=True, voter__in=participants)


def ballots_cast(priority_round: PriorityRound) -> list[str]:
    """The names of the member organisations that have voted in an open round (not what they
    chose): coordinators see them to remind the others. Never participants' names: a person's
    ballot is counted, not listed. An organisation that is no longer a member is not listed:
    its ballot will not count."""
    with scopes_disabled():
        return list(
            PriorityBallot.objects.filter(
                counting_ballots(priority_round),
                round=priority_round,
                organisation__isnull=False,
            )
            .order_by("organisation__name")
            .values_list("organisation__name", flat=True)
        )


def ballot_count(priority_round: PriorityRound) -> int:
    """Member organisations' ballots that count (participants' are counted by
    ``personal_ballot_count``); after the close, those the close counted."""
    if not priority_round.is_open:
        return priority_round.ballot_count - priority_round.personal_ballot_count
    with scopes_disabled():
        return PriorityBallot.objects.filter(
            counting_ballots(priority_round), round=priority_round, organisation__isnull=False
        ).count()


def personal_ballot_count(priority_round: PriorityRound) -> int:
    if not priority_round.is_open:
        return priority_round.personal_ballot_count
    with scopes_disabled():
        return PriorityBallot.objects.filter(
            counting_ballots(priority_round), round=priority_round, organisation__isnull=True
        ).count()


@dataclass
class AgendaRow:
    item: AgendaItem
    need: Need | None  # None: the caller may not read this need (network-only)
    projects: list[Project] = field(default_factory=list)
    opens: bool = True  # the need's own page opens for the caller (else the title only)


def _readable_needs(readable: QuerySet[Need], viewer: Viewer, need_ids: list[int]) -> dict:
    return {
        n.pk: n
        for n in readable.filter(pk__in=need_ids).annotate(
            opens=Exists(Need.objects.visible_to(viewer).filter(pk=OuterRef("pk")))
        )
    }


def agenda_of(
    priority_round: PriorityRound,
    viewer: Viewer,
    limit: int | None = None,
    access: NetworkAccess | None = None,
) -> list:
    """The published agenda as the caller may read it: needs they may not read keep their
    place and score without a title; projects that answer a need, as far as they may read them.
    With ``access``, people of the network read the titles of needs shared with it."""
    items = list(AgendaItem.objects.filter(round=priority_round).order_by("position")[:limit])
    base = round_readable_needs(access, viewer) if access else Need.objects.visible_to(viewer)
    readable = _readable_needs(base, viewer, [i.need_id for i in items])
    answers: dict[int, list[Project]] = {}
    for answer in (
        NeedAnswer.objects.filter(
            need_id__in=list(readable),
            project__in=Project.objects.visible_to(viewer),
        )
        .select_related("project")
        .order_by("project__title")
    ):
        answers.setdefault(answer.need_id, []).append(answer.project)
    return [
        AgendaRow(
            i,
            readable.get(i.need_id),
            answers.get(i.need_id, []),
            bool(getattr(readable.get(i.need_id), "opens", False)),
        )
        for i in items
    ]


def latest_agenda(access: NetworkAccess, viewer: Viewer, limit: int = 5) -> tuple:
    """(round, its top ``limit`` rows) of the network's most recently closed round, for the
    network's home, in one query: each item with its round, its need and whether the caller
    may read that need (as a line of the agenda, and on its own page)."""
    network = access.network
    items = list(
        AgendaItem.objects.filter(
            round=PriorityRound.objects.filter(network=network, status=RoundStatus.CLOSED)
            .order_by("-closed_at", "-pk")
            .values("pk")[:1]
        )
        .select_related("round", "need")
        .annotate(
            readable=Exists(round_readable_needs(access, viewer).filter(pk=OuterRef("need_id"))),
            opens=Exists(Need.objects.visible_to(viewer).filter(pk=OuterRef("need_id"))),
        )
        .order_by("position")[:limit]
    )
    if not items:
        return None, []
    return items[0].round, [
        AgendaRow(i, i.need if i.readable else None, opens=i.opens) for i in items
    ]


def own_ballot(priority_round: PriorityRound, organisation: Organisation) -> PriorityBallot | None:
    """The organisation's own ballot (inside its scope) with its ranked needs."""
    return (
        PriorityBallot.objects.filter(round=priority_round, organisation=organisation)
        .prefetch_related(Prefetch("ranked", queryset=BallotChoice.objects.select_related("need")))
        .select_related("cast_by")
        .first()
    )


def _own_personal_ballots(user: User) -> QuerySet[PriorityBallot]:
    """A participant's own ballots (theirs alone: no organisation's scope holds them, so they
    are read outside scopes, and only by ``voter``); call inside ``scopes_disabled``, where the
    scoped manager adds no filter of the request's scope."""
    return (
        PriorityBallot.objects.filter(organisation__isnull=True, voter_id=user.pk)
        .select_related("round__network")
        .prefetch_related(Prefetch("ranked", queryset=BallotChoice.objects.select_related("need")))
    )


def personal_ballot(priority_round: PriorityRound, user: User) -> PriorityBallot | None:
    """A participant's own ballot in a round, with its ranked needs."""
    with scopes_disabled():
        return _own_personal_ballots(user).filter(round=priority_round).first()


def personal_ballots(user: User, round_id: int | None = None) -> list[PriorityBallot]:
    """A participant's own ballots, newest round first (or the one in ``round_id``)."""
    with scopes_disabled():
        ballots = _own_personal_ballots(user)
        if round_id is not None:
            ballots = ballots.filter(round_id=round_id)
        return list(ballots.order_by("-round_id"))


def may_vote_personally(access: NetworkAccess, priority_round: PriorityRound) -> bool:
    """An individual participant (no member organisation) in a round open to individuals."""
    return priority_round.individuals_vote and access.is_participant


def voting_organisations(user: User | AnonymousUser, access: NetworkAccess) -> list:
    """The caller's member organisations in which they may cast the ballot (capability
    ``networks.prioritise``)."""
    if user is None or not user.is_authenticated or not access.member_org_ids:
        return []
    from zorgwijs.organisations.capabilities import capabilities_for
    from zorgwijs.organisations.models import RoleAssignment

    with scopes_disabled():
        roles: dict[int, set[str]] = {}
        for org_id, role in RoleAssignment.objects.filter(
            membership__user=user,
            membership__organisation_id__in=access.member_org_ids,
            membership__in=Membership.objects.active(),
        ).values_list("membership__organisation_id", "role"):
            roles.setdefault(org_id, set()).add(role)
    return [
        m.organisation
        for m in access.members
        if "networks.prioritise" in capabilities_for(roles.get(m.organisation_id, set()))
    ]


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


def organisation_admin_by_email(organisation: Organisation, email: str) -> User | None:
    """The organisation's active administrator with this address (a member's contact person
    must be one), or None."""
    return (
        organisation_admin_users(organisation_ids=[organisation.pk])
        .filter(email__iexact=email.strip())
        .first()
    )
