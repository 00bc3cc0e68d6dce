"""/api/v1/networks: networks, their topics and actions, events, registrations, member
organisations (``members.py``) and prioritisation rounds (``priorities.py``).

Every operation is public in the sense of docs/api.md: the caller (token, session or nobody)
gets what the pages would show them, decided by ``networks/access.py``; a closed network or an
event for the network only is 404 to everyone outside it. Registering and cancelling need a
signed-in person of the network and call the same services as the pages.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import HttpError
from ninja.utils import check_csrf

from zorgwijs.api.access import NOT_FOUND, PUBLIC_OPERATION, caller_of
from zorgwijs.api.schemas import MAX_ID, InputSchema, describe, responses
from zorgwijs.audit.context import audit_context
from zorgwijs.organisations.models import Network
from zorgwijs.organisations.visibility import viewer_for

from ..access import NetworkAccess, get_event_for_viewer, network_access
from ..models import Contribution, ContributionStatus, Event, Registration
from ..selectors import (
    convenant_of,
    events_for,
    networks_for,
    own_registration,
    posters_of,
    topics_with_actions,
)
from ..services.registrations import registration_cancel, registration_create

router = Router(tags=["networks"])
ERRORS = (401, 404, 422)
WRITE_ERRORS = (400, 401, 403, 404, 409, 422)
NetworkSlug = Path(..., max_length=60, pattern=r"^[-a-zA-Z0-9_]+$", description="Korte naam.")
EventId = Path(..., ge=1, le=MAX_ID, description="Id van de activiteit.")
RegistrationId = Path(..., ge=1, le=MAX_ID, description="Id van de aanmelding.")
NOT_SIGNED_IN = "Niet aangemeld: gebruik een geldig toegangstoken of meld je aan."
CSRF_FAILED = "CSRF-controle mislukt: stuur de CSRF-token mee in de X-CSRFToken-header."


class NetworkSummaryOut(Schema):
    slug: str
    name: str
    kind: str
    region: str
    members: int


class LinkOut(Schema):
    id: int
    title: str


class ActionOut(Schema):
    id: int
    title: str
    description: str
    status: str = Field(description="planned, running, done of stopped.")
    owner_organisation: str | None
    owner: str
    projects: list[LinkOut] = Field(description="Projecten die de aanroeper mag lezen.")


class TopicOut(Schema):
    number: int
    title: str
    description: str
    actions: list[ActionOut]


class MemberOut(Schema):
    organisation: str
    contact_name: str | None = Field(
        description="Contactpersoon; alleen voor mensen van lidorganisaties en coördinatoren."
    )
    contact_email: str | None


class ConvenantOut(Schema):
    title: str
    signed_on: str
    signatories: list[str]


class NetworkOut(Schema):
    slug: str
    name: str
    about: str
    public: bool
    open_to_individuals: bool
    convenant: ConvenantOut | None
    topics: list[TopicOut]
    members: list[MemberOut]


class SessionOut(Schema):
    id: int
    title: str
    leaders: str
    room: str
    starts_at: str
    ends_at: str
    capacity: int | None
    places_left: int | None


class EventOut(Schema):
    id: int
    url: str
    kind: str
    title: str
    description: str
    starts_at: str
    ends_at: str
    location: str
    visibility: str
    capacity: int | None
    places_left: int | None
    registration_open: bool
    sessions: list[SessionOut] = []


class RegistrationIn(InputSchema):
    session_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Een programmaonderdeel; leeg: de activiteit zelf."
    )


class RegistrationOut(Schema):
    id: int
    event_id: int
    session_id: int | None
    status: str = Field(description="confirmed (aangemeld), waiting (wachtlijst) of cancelled.")


class CancelOut(Schema):
    cancelled: int
    promoted: int | None = Field(description="De aanmelding die van de wachtlijst kwam.")


def _access(request: HttpRequest, slug: str) -> NetworkAccess:
    network = Network.objects.select_related("profile", "convenant").filter(slug=slug).first()
    if network is None:
        raise HttpError(404, NOT_FOUND)
    access = network_access(caller_of(request), network)
    if not access.can_view:
        raise HttpError(404, NOT_FOUND)
    return access


def _event(access: NetworkAccess, event_id: int) -> Event:
    try:
        return get_event_for_viewer(access, event_id)
    except Http404:
        raise HttpError(404, NOT_FOUND) from None


def _writer(request: HttpRequest, access: NetworkAccess):
    """A signed-in person of the network; a session caller passed CSRF."""
    user = caller_of(request)
    if user is None or not user.is_authenticated:
        raise HttpError(401, NOT_SIGNED_IN)
    uses_token = request.headers.get("Authorization", "").lower().startswith("bearer ")
    if not uses_token and check_csrf(request):
        raise HttpError(403, CSRF_FAILED)
    if not access.is_network_person:
        raise HttpError(404, NOT_FOUND)
    return user


def _event_out(event: Event, sessions=()) -> dict:
    return {
        "id": event.pk,
        "url": event.get_absolute_url(),
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "location": event.location,
        "visibility": event.visibility,
        "capacity": event.capacity,
        "places_left": event.places_left,
        "registration_open": event.registration_open and event.ends_at > timezone.now(),
        "sessions": [
            {
                "id": s.pk,
                "title": s.title,
                "leaders": s.leaders,
                "room": s.room,
                "starts_at": s.starts_at.isoformat(),
                "ends_at": s.ends_at.isoformat(),
                "capacity": s.capacity,
                "places_left": s.places_left,
            }
            for s in sessions
        ],
    }


@router.get(
    "/networks",
    response=responses(200, list[NetworkSummaryOut], ERRORS),
    operation_id="networks_list",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Netwerken",
    description=describe("Netwerken die de aanroeper mag zien.", ERRORS),
)
def networks_list(request: HttpRequest):
    return [
        {
            "slug": n.slug,
            "name": n.name,
            "kind": n.kind,
            "region": n.region,
            "members": n.member_count,  # type: ignore[attr-defined]  # annotated
        }
        for n in networks_for(viewer_for(caller_of(request)))
    ]


@router.get(
    "/networks/{network_slug}",
    response=responses(200, NetworkOut, ERRORS),
    operation_id="networks_get",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Een netwerk: convenant, thema's, acties en leden",
    description=describe(
        "Wat de startpagina van het netwerk laat zien; contactpersonen alleen voor mensen van "
        "lidorganisaties en coördinatoren.",
        ERRORS,
    ),
)
def networks_get(request: HttpRequest, network_slug: str = NetworkSlug):
    access = _access(request, network_slug)
    user = caller_of(request)
    topics = topics_with_actions(access, viewer_for(user))
    convenant = convenant_of(access.network)
    return {
        "slug": access.network.slug,
        "name": access.network.name,
        "about": access.profile.about or access.network.description,
        "public": access.profile.public_home,
        "open_to_individuals": access.profile.open_to_individuals,
        "convenant": {
            "title": convenant.title,
            "signed_on": convenant.signed_on.isoformat(),
            "signatories": [s.organisation_name for s in convenant.signatories.all()],
        }
        if convenant
        else None,
        "topics": [
            {
                "number": t.number,
                "title": t.title,
                "description": t.description,
                "actions": [
                    {
                        "id": a.pk,
                        "title": a.title,
                        "description": a.description,
                        "status": a.status,
                        "owner_organisation": a.owner_organisation.name
                        if a.owner_organisation
                        else None,
                        "owner": a.owner_name,
                        "projects": [{"id": p.pk, "title": p.title} for p in a.projects.all()],
                    }
                    for a in t.actions.all()
                ],
            }
            for t in topics
        ],
        "members": [
            {
                "organisation": m.organisation.name,
                "contact_name": m.contact_person.full_name
                if access.sees_contacts and m.contact_person
                else None,
                "contact_email": m.contact_person.email
                if access.sees_contacts and m.contact_person
                else None,
            }
            for m in access.members
        ],
    }


@router.get(
    "/networks/{network_slug}/events",
    response=responses(200, list[EventOut], ERRORS),
    operation_id="networks_events_list",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Activiteiten van een netwerk",
    description=describe("Komende activiteiten die de aanroeper mag zien.", ERRORS),
)
def events_list(request: HttpRequest, network_slug: str = NetworkSlug):
    access = _access(request, network_slug)
    return [_event_out(e) for e in events_for(access, upcoming=True)[:500]]


@router.get(
    "/networks/{network_slug}/events/{event_id}",
    response=responses(200, EventOut, ERRORS),
    operation_id="networks_events_get",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Eén activiteit met het programma",
    description=describe("De activiteit, haar programmaonderdelen en vrije plaatsen.", ERRORS),
)
def events_get(request: HttpRequest, network_slug: str = NetworkSlug, event_id: int = EventId):
    access = _access(request, network_slug)
    event = _event(access, event_id)
    return _event_out(event, event.sessions.all())


@router.post(
    "/networks/{network_slug}/events/{event_id}/registrations",
    response=responses(201, RegistrationOut, WRITE_ERRORS),
    operation_id="networks_registrations_create",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Aanmelden",
    description=describe(
        "Meld je aan voor de activiteit of een onderdeel ervan: aangemeld zolang er plaats is, "
        "anders op de wachtlijst. Nog eens aanmelden is 409; een gesloten of voorbije "
        "activiteit 400.",
        WRITE_ERRORS,
    ),
)
def registrations_create(
    request: HttpRequest,
    payload: RegistrationIn,
    network_slug: str = NetworkSlug,
    event_id: int = EventId,
):
    access = _access(request, network_slug)
    event = _event(access, event_id)
    user = _writer(request, access)
    session = None
    if payload.session_id is not None:
        session = event.sessions.filter(pk=payload.session_id).first()
        if session is None:
            raise HttpError(404, NOT_FOUND)
    registration = registration_create(
        actor=user, event=event, session=session, context=audit_context(request)
    )
    return Status(
        201,
        {
            "id": registration.pk,
            "event_id": event.pk,
            "session_id": registration.session_id,
            "status": registration.status,
        },
    )


@router.delete(
    "/networks/{network_slug}/events/{event_id}/registrations/{registration_id}",
    response=responses(200, CancelOut, WRITE_ERRORS),
    operation_id="networks_registrations_cancel",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Afmelden",
    description=describe(
        "Meld een aanmelding af (je eigen; organisatoren ook die van anderen). Een vrije plaats "
        "gaat naar de eerste op de wachtlijst.",
        WRITE_ERRORS,
    ),
)
def registrations_cancel(
    request: HttpRequest,
    network_slug: str = NetworkSlug,
    event_id: int = EventId,
    registration_id: int = RegistrationId,
):
    access = _access(request, network_slug)
    event = _event(access, event_id)
    user = _writer(request, access)
    try:
        registration: Registration = own_registration(access, event, registration_id)
    except Http404:
        raise HttpError(404, NOT_FOUND) from None
    promoted = registration_cancel(
        actor=user, registration=registration, context=audit_context(request)
    )
    return {"cancelled": registration.pk, "promoted": promoted.pk if promoted else None}


class ContributionOut(Schema):
    id: int
    url: str
    kind: str = Field(description="column, opinion, interview, report of news.")
    title: str
    body: str
    theme: str | None
    author: str | None
    published_at: str


class PosterOut(Schema):
    id: int
    title: str
    organisation: str
    abstract: str
    award: str = Field(description="De prijs die de poster won; leeg als er geen is.")
    votes: int


@router.get(
    "/networks/{network_slug}/contributions",
    response=responses(200, list[ContributionOut], ERRORS),
    operation_id="networks_contributions_list",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Verschenen bijdragen van een netwerk",
    description=describe("De nieuwste 50 verschenen bijdragen, nieuwste eerst.", ERRORS),
)
def contributions_list(request: HttpRequest, network_slug: str = NetworkSlug):
    access = _access(request, network_slug)
    pieces = (
        Contribution.objects.filter(
            network=access.network,
            status=ContributionStatus.SCHEDULED,
            publish_at__lte=timezone.now(),
        )
        .select_related("network", "theme", "author")
        .order_by("-publish_at")[:50]
    )
    return [
        {
            "id": c.pk,
            "url": c.get_absolute_url(),
            "kind": c.kind,
            "title": c.title,
            "body": c.body,
            "theme": c.theme.title if c.theme else None,
            "author": c.author.full_name if c.author else None,
            "published_at": c.publish_at.isoformat() if c.publish_at else "",
        }
        for c in pieces
    ]


@router.get(
    "/networks/{network_slug}/events/{event_id}/posters",
    response=responses(200, list[PosterOut], ERRORS),
    operation_id="networks_posters_list",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Posters van een activiteit",
    description=describe("De posters, met de gewonnen prijs en het aantal stemmen.", ERRORS),
)
def posters_list(request: HttpRequest, network_slug: str = NetworkSlug, event_id: int = EventId):
    access = _access(request, network_slug)
    event = _event(access, event_id)
    return [
        {
            "id": p.pk,
            "title": p.title,
            "organisation": p.organisation_name,
            "abstract": p.abstract,
            "award": p.award,
            "votes": p.vote_count,  # type: ignore[attr-defined]  # annotated
        }
        for p in posters_of(event)
    ]


__all__ = ["router"]


# Register the prioritisation and the member management operations on ``router``.
from . import members, priorities  # noqa: E402, F401
