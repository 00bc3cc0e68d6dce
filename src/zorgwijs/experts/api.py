"""/api/v1/experts and /api/v1/contact-requests: people who opted in to be found, whom to
approach for a project or a description, and contact requests through the platform.

Profiles are never public to anonymous callers (they get an empty list or 404) and never carry
an e-mail address; a contact request shows the other person's address only once accepted.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from zorgwijs.api.access import NOT_FOUND, PERSONAL_OPERATION, PUBLIC_OPERATION, caller_of
from zorgwijs.api.schemas import MAX_ID, InputSchema, describe, responses
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.http import ApiRequest
from zorgwijs.organisations.visibility import Viewer, viewer_for
from zorgwijs.projects.selectors import get_project_for_viewer

from .models import ContactRequest, ExpertProfile
from .ranking import Approachable, people_for_description, people_for_project
from .selectors import (
    get_profile_for_viewer,
    get_request_for_recipient,
    profile_list,
    projects_of,
    requests_of,
    shown_competences,
)
from .services import (
    MAX_MESSAGE,
    contact_request_accept,
    contact_request_decline,
    contact_request_send,
)

router = Router(tags=["experts"])
READ = (401, 404, 422)
WRITE = (400, 401, 403, 404, 409, 422)
ExpertId = Path(..., ge=1, le=MAX_ID, description="Id van het expertprofiel.")
ProjectId = Path(..., ge=1, le=MAX_ID, description="Id van het project.")
LIST_LIMIT = 50


class ProfileOut(Schema):
    id: int
    name: str
    url: str
    headline: str
    themes: list[str]
    thinks_along: bool
    languages: list[str]


class ProfileDetailOut(ProfileOut):
    about: str
    projects: list[int] = Field(description="Ids van projecten die de aanroeper mag lezen.")
    verified_competences: list[str] = Field(
        description="Namen van bekwaamheden die de persoon zelf toont en die nu geldig zijn."
    )


class ApproachableOut(Schema):
    profile: ProfileOut
    score: float
    reasons: list[str]
    projects: list[int]


class ExpertQueryIn(InputSchema):
    description: str = Field(
        ..., min_length=1, max_length=10_000, description="Beschrijving van je project."
    )


class ContactIn(InputSchema):
    expert_id: int = Field(..., ge=1, le=MAX_ID, description="Id van het expertprofiel.")
    message: str = Field(..., min_length=1, max_length=MAX_MESSAGE, description="Je bericht.")


class DecisionIn(InputSchema):
    contact_request_id: int = Field(
        ..., ge=1, le=MAX_ID, description="Id van een contactverzoek aan jou."
    )


class ContactRequestOut(Schema):
    id: int
    direction: str = Field(description="'received' of 'sent'.")
    other_name: str
    other_email: str | None = Field(description="Alleen na acceptatie; anders null.")
    message: str
    status: str
    created_at: str


class PeopleFilter(Schema):
    theme: str | None = Field(None, max_length=60, pattern=r"^[-\w]+$")
    thinks_along: bool | None = None


def _viewer(request: HttpRequest) -> Viewer:
    return viewer_for(caller_of(request))


def _profile_out(request: HttpRequest, profile: ExpertProfile) -> dict:
    return {
        "id": profile.pk,
        "name": profile.user.full_name,
        "url": request.build_absolute_uri(profile.get_absolute_url()),
        "headline": profile.headline,
        "themes": [t.slug for t in profile.themes.all()],
        "thinks_along": profile.thinks_along,
        "languages": list(profile.languages),
    }


def _approachable_out(request: HttpRequest, people: list[Approachable]) -> list[dict]:
    return [
        {
            "profile": _profile_out(request, p.profile),
            "score": p.score,
            "reasons": p.reasons,
            "projects": [project.pk for project in p.projects],
        }
        for p in people
    ]


def _profile(viewer: Viewer, expert_id: int) -> ExpertProfile:
    try:
        profile = get_profile_for_viewer(viewer=viewer, expert_id=expert_id)
    except Http404:
        raise HttpError(404, NOT_FOUND) from None
    if not profile.listed and profile.user_id != viewer.user_id:
        raise HttpError(404, NOT_FOUND)
    return profile


@router.get(
    "/experts",
    response=responses(200, list[ProfileOut], (401, 422)),
    operation_id="experts_list",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Mensen die vindbaar zijn",
    description=describe(
        "Profielen die de aanroeper mag vinden (hoogstens 50), op naam; anoniem: een lege "
        "lijst. Nooit e-mailadressen.",
        (401, 422),
    ),
)
def experts_list(request: HttpRequest, filters: Query[PeopleFilter]):
    profiles = profile_list(viewer=_viewer(request))
    if filters.theme:
        profiles = profiles.filter(themes__slug=filters.theme)
    if filters.thinks_along is not None:
        profiles = profiles.filter(thinks_along=filters.thinks_along)
    return [_profile_out(request, p) for p in profiles[:LIST_LIMIT]]


# Before /experts/{expert_id}: the first pattern that matches the path answers.
@router.post(
    "/experts/for-description",
    response=responses(200, list[ApproachableOut], (400, 401, 422)),
    operation_id="experts_for_description",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Wie kan ik benaderen bij een beschrijving",
    description=describe(
        "Mensen om te benaderen bij een geplakte projectbeschrijving, met waarom; anoniem: "
        "een lege lijst.",
        (400, 401, 422),
    ),
)
def experts_for_description(request: HttpRequest, body: ExpertQueryIn):
    people = people_for_description(viewer=_viewer(request), description=body.description)
    return _approachable_out(request, people)


@router.get(
    "/experts/for-project/{project_id}",
    response=responses(200, list[ApproachableOut], READ),
    operation_id="experts_for_project",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Wie kan ik benaderen bij een project",
    description=describe(
        "Mensen om te benaderen over een project dat de aanroeper mag lezen, met waarom.", READ
    ),
)
def experts_for_project(request: HttpRequest, project_id: int = ProjectId):
    viewer = _viewer(request)
    try:
        project = get_project_for_viewer(viewer=viewer, project_id=project_id)
    except Http404:
        raise HttpError(404, NOT_FOUND) from None
    return _approachable_out(request, people_for_project(viewer=viewer, project=project))


@router.get(
    "/experts/{expert_id}",
    response=responses(200, ProfileDetailOut, READ),
    operation_id="experts_get",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Expertprofiel",
    description=describe("Eén profiel dat de aanroeper mag vinden.", READ),
)
def experts_get(request: HttpRequest, expert_id: int = ExpertId):
    viewer = _viewer(request)
    profile = _profile(viewer, expert_id)
    return {
        **_profile_out(request, profile),
        "about": profile.about,
        "projects": [p.pk for p in projects_of(user=profile.user, viewer=viewer)],
        "verified_competences": shown_competences(profile),
    }


def _contact_out(contact: ContactRequest, user) -> dict:
    received = contact.recipient_id == user.pk
    other = contact.sender if received else contact.recipient
    return {
        "id": contact.pk,
        "direction": "received" if received else "sent",
        "other_name": other.full_name,
        "other_email": other.email if contact.is_accepted else None,
        "message": contact.message,
        "status": contact.status,
        "created_at": contact.created_at.isoformat(),
    }


# Personal operations take no path parameters: the ids travel in the body.
@router.post(
    "/contact-requests",
    response=responses(201, ContactRequestOut, WRITE),
    operation_id="contact_requests_create",
    openapi_extra=PERSONAL_OPERATION,
    summary="Contactverzoek sturen",
    description=describe(
        "Stuur een bericht aan een vindbaar profiel. De ontvanger krijgt het per e-mail, "
        "zonder jouw adres. Hoogstens 5 per etmaal en één open verzoek per tweetal (409).",
        WRITE,
    ),
)
def contact_requests_create(request: ApiRequest, body: ContactIn):
    user = request.auth
    profile = _profile(viewer_for(user), body.expert_id)
    if not profile.listed:
        raise HttpError(404, NOT_FOUND)
    contact = contact_request_send(
        actor=user, profile=profile, message=body.message, context=audit_context(request)
    )
    return 201, _contact_out(contact, user)


@router.get(
    "/contact-requests",
    response=responses(200, list[ContactRequestOut], (401,)),
    operation_id="contact_requests_list",
    openapi_extra=PERSONAL_OPERATION,
    summary="Mijn contactverzoeken",
    description=describe("Ontvangen en verstuurde contactverzoeken, nieuwste eerst.", (401,)),
)
def contact_requests_list(request: ApiRequest):
    received, sent = requests_of(request.auth)
    rows = sorted([*received, *sent], key=lambda c: (c.created_at, c.pk), reverse=True)
    return [_contact_out(c, request.auth) for c in rows]


def _decide(request: ApiRequest, body: DecisionIn, service) -> dict:
    user = request.auth
    try:
        contact = get_request_for_recipient(user=user, contact_request_id=body.contact_request_id)
    except Http404:
        raise HttpError(404, NOT_FOUND) from None
    contact = service(actor=user, contact=contact, context=audit_context(request))
    return _contact_out(contact, user)


@router.post(
    "/contact-requests/accept",
    response=responses(200, ContactRequestOut, WRITE),
    operation_id="contact_requests_accept",
    openapi_extra=PERSONAL_OPERATION,
    summary="Contactverzoek accepteren",
    description=describe(
        "De ontvanger accepteert: beide krijgen elkaars e-mailadres (409 als al beantwoord).",
        WRITE,
    ),
)
def contact_requests_accept(request: ApiRequest, body: DecisionIn):
    return _decide(request, body, contact_request_accept)


@router.post(
    "/contact-requests/decline",
    response=responses(200, ContactRequestOut, WRITE),
    operation_id="contact_requests_decline",
    openapi_extra=PERSONAL_OPERATION,
    summary="Contactverzoek afslaan",
    description=describe(
        "De ontvanger slaat af: de afzender hoort het, zonder adres (409 als al beantwoord).",
        WRITE,
    ),
)
def contact_requests_decline(request: ApiRequest, body: DecisionIn):
    return _decide(request, body, contact_request_decline)
