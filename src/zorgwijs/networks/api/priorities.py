"""Prioritisation rounds and the knowledge agenda in the API.

``GET /networks/{network_slug}/priority-rounds[/{round_id}]`` are public operations (what the
network's pages show the caller: a closed network is 404 outside it; needs the caller may not
read keep their place on the agenda without a title). The ballot is the organisation's own:
``/organisations/{org_slug}/networks/{network_slug}/priority-rounds/{round_id}/ballot`` with
capability ``networks.prioritise`` — ``POST`` casts it (409 when the organisation already has
one), ``PUT`` changes it until the round closes, ``GET`` reads it back. An individual
participant's ballot is their own: ``/priority-ballots`` (personal operations, so the round's
id travels in the body) with the same rules and the same service as their ballot page.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Schema, Status
from ninja.errors import HttpError

from zorgwijs.api.access import (
    NOT_FOUND,
    PERSONAL_OPERATION,
    PUBLIC_OPERATION,
    OrgAccess,
    caller_of,
)
from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.schemas import MAX_ID, InputSchema, describe, responses
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.http import ApiRequest
from zorgwijs.organisations.models import NetworkMembership
from zorgwijs.organisations.visibility import viewer_for

from ..access import network_access
from ..models import MAX_CHOICES, PriorityBallot, PriorityRound
from ..selectors import (
    agenda_of,
    ballot_count,
    get_round,
    may_vote_personally,
    own_ballot,
    personal_ballot,
    personal_ballot_count,
    personal_ballots,
    priority_rounds,
    round_readable_needs,
)
from ..services.priorities import ballot_cast
from . import ERRORS, WRITE_ERRORS, LinkOut, NetworkSlug, _access, router

RoundId = Path(..., ge=1, le=MAX_ID, description="Id van de prioriteringsronde.")


class RoundSummaryOut(Schema):
    id: int
    title: str
    status: str = Field(description="open of closed.")
    choices: int = Field(description="Hoeveel kennisbehoeften elke organisatie op volgorde zet.")
    individuals_vote: bool = Field(
        description="Deelnemers zonder lidorganisatie stemmen elk zelf mee (POST "
        "/priority-ballots)."
    )
    closes_on: str | None
    closed_at: str | None
    candidates: int


class AgendaItemOut(Schema):
    position: int
    need_id: int | None = Field(
        description="Leeg: een kennisbehoefte die de aanroeper niet mag lezen."
    )
    title: str | None
    score: int
    organisations: int = Field(description="Hoeveel organisaties hem kozen.")
    first_places: int
    projects: list[LinkOut] = Field(
        description="Projecten die antwoord geven (die de aanroeper mag lezen)."
    )


class RoundOut(RoundSummaryOut):
    description: str
    ballots: int = Field(
        description="Hoeveel lidorganisaties gekozen hebben (niet wat); na het sluiten: hoeveel "
        "er meetelden."
    )
    ballots_left_out: int = Field(
        description="Na het sluiten: hoeveel uitgebrachte keuzes niet meetelden, omdat de "
        "organisatie (of deelnemer) bij het sluiten niet meer bij het netwerk hoorde."
    )
    personal_ballots: int = Field(
        description="Hoeveel deelnemers zelf gekozen hebben (niet wie of wat)."
    )
    candidate_needs: list[LinkOut] = Field(
        description="Kennisbehoeften die de aanroeper mag lezen."
    )
    agenda: list[AgendaItemOut] = Field(description="De uitslag; leeg zolang de ronde open is.")


class BallotIn(InputSchema):
    needs: list[int] = Field(
        ...,
        min_length=1,
        max_length=MAX_CHOICES,
        description="Ids van kennisbehoeften uit de ronde, de belangrijkste eerst.",
    )


class BallotOut(Schema):
    round_id: int
    organisation: str
    needs: list[int]
    cast_at: str
    changed_at: str


def _summary(priority_round: PriorityRound, candidates: int) -> dict:
    return {
        "id": priority_round.pk,
        "title": priority_round.title,
        "status": priority_round.status,
        "choices": priority_round.choices,
        "individuals_vote": priority_round.individuals_vote,
        "closes_on": priority_round.closes_on.isoformat() if priority_round.closes_on else None,
        "closed_at": priority_round.closed_at.isoformat() if priority_round.closed_at else None,
        "candidates": candidates,
    }


@router.get(
    "/networks/{network_slug}/priority-rounds",
    response=responses(200, list[RoundSummaryOut], ERRORS),
    operation_id="networks_priority_rounds_list",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Prioriteringsrondes",
    description=describe("De prioriteringsrondes van het netwerk, nieuwste eerst.", ERRORS),
)
def rounds_list(request: HttpRequest, network_slug: str = NetworkSlug):
    access = _access(request, network_slug)
    return [_summary(r, r.candidate_count) for r in priority_rounds(access.network)]  # type: ignore[attr-defined]


@router.get(
    "/networks/{network_slug}/priority-rounds/{round_id}",
    response=responses(200, RoundOut, ERRORS),
    operation_id="networks_priority_round_get",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Prioriteringsronde en kennisagenda",
    description=describe(
        "Een ronde met de kennisbehoeften die de aanroeper mag lezen, het aantal organisaties "
        "dat koos, en na het sluiten de kennisagenda (punten per kennisbehoefte). Wat één "
        "organisatie koos, geeft de API nooit.",
        ERRORS,
    ),
)
def round_get(request: HttpRequest, network_slug: str = NetworkSlug, round_id: int = RoundId):
    access = _access(request, network_slug)
    try:
        priority_round = get_round(access, round_id)
    except Http404:
        raise HttpError(404, NOT_FOUND) from None
    viewer = viewer_for(caller_of(request))
    # As on the round's page: people of the network (participants too, who vote on them) read
    # the titles of the needs shared with it.
    readable = list(
        round_readable_needs(access, viewer)
        .filter(pk__in=priority_round.candidates.values("pk"))
        .order_by("title")
    )
    rows = [] if priority_round.is_open else agenda_of(priority_round, viewer, access=access)
    return {
        **_summary(priority_round, priority_round.candidates.count()),
        "description": priority_round.description,
        "ballots": ballot_count(priority_round),
        "ballots_left_out": priority_round.left_out_count,
        "personal_ballots": personal_ballot_count(priority_round)
        if priority_round.individuals_vote
        else 0,
        "candidate_needs": [{"id": n.pk, "title": n.title} for n in readable],
        "agenda": [
            {
                "position": row.item.position,
                "need_id": row.need.pk if row.need else None,
                "title": row.need.title if row.need else None,
                "score": row.item.score,
                "organisations": row.item.organisations,
                "first_places": row.item.first_places,
                "projects": [{"id": p.pk, "title": p.title} for p in row.projects],
            }
            for row in rows
        ],
    }


BALLOT = "/organisations/{org_slug}/networks/{network_slug}/priority-rounds/{round_id}/ballot"


def _round_of_member(access: OrgAccess, network_slug: str, round_id: int) -> PriorityRound:
    """A round of a network the organisation is a member of, or 404."""
    network_ids = NetworkMembership.objects.filter(
        organisation=access.organisation, network__slug=network_slug
    ).values("network_id")
    priority_round = PriorityRound.objects.filter(network_id__in=network_ids, pk=round_id).first()
    if priority_round is None:
        raise HttpError(404, NOT_FOUND)
    return priority_round


def _ballot_out(priority_round: PriorityRound, access: OrgAccess) -> dict:
    ballot = own_ballot(priority_round, access.organisation)
    if ballot is None:
        raise HttpError(404, NOT_FOUND)
    return {
        "round_id": priority_round.pk,
        "organisation": access.organisation.name,
        "needs": [choice.need_id for choice in ballot.ranked.all()],
        "cast_at": ballot.cast_at.isoformat(),
        "changed_at": ballot.changed_at.isoformat(),
    }


@org_endpoint(
    router,
    "GET",
    BALLOT,
    "networks.prioritise",
    response=BallotOut,
    operation_id="networks_priority_ballot_get",
    tags=["networks"],
    summary="Keuze van de organisatie",
    description="De keuze van de organisatie in een ronde (404 als ze nog niet koos). "
    "Capability `networks.prioritise`.",
)
def ballot_get(
    request: ApiRequest,
    access: OrgAccess,
    network_slug: str = NetworkSlug,
    round_id: int = RoundId,
):
    return _ballot_out(_round_of_member(access, network_slug, round_id), access)


def _cast(request: ApiRequest, access: OrgAccess, network_slug, round_id, payload, replace):
    priority_round = _round_of_member(access, network_slug, round_id)
    try:
        ballot_cast(
            actor=request.auth,
            priority_round=priority_round,
            organisation=access.organisation,
            need_ids=payload.needs,
            replace=replace,
            context=audit_context(request),
        )
    except Http404:
        raise HttpError(404, NOT_FOUND) from None
    return _ballot_out(priority_round, access)


@org_endpoint(
    router,
    "POST",
    BALLOT,
    "networks.prioritise",
    response=BallotOut,
    status=201,
    operation_id="networks_priority_ballot_cast",
    tags=["networks"],
    summary="Keuze uitbrengen",
    description="Breng de keuze van de organisatie uit: kennisbehoeften van de ronde, de "
    "belangrijkste eerst. Eén keuze per organisatie per ronde: een tweede is 409 (pas de "
    "eerste aan met PUT); een gesloten ronde is 400. Capability `networks.prioritise`.",
)
def ballot_post(
    request: ApiRequest,
    access: OrgAccess,
    payload: BallotIn,
    network_slug: str = NetworkSlug,
    round_id: int = RoundId,
):
    return Status(201, _cast(request, access, network_slug, round_id, payload, replace=False))


@org_endpoint(
    router,
    "PUT",
    BALLOT,
    "networks.prioritise",
    response=BallotOut,
    operation_id="networks_priority_ballot_change",
    tags=["networks"],
    summary="Keuze aanpassen",
    description="Vervang de keuze van de organisatie zolang de ronde open is (404 als ze nog "
    "niet koos). Capability `networks.prioritise`.",
)
def ballot_put(
    request: ApiRequest,
    access: OrgAccess,
    payload: BallotIn,
    network_slug: str = NetworkSlug,
    round_id: int = RoundId,
):
    return _cast(request, access, network_slug, round_id, payload, replace=True)


# --- An individual participant's own ballot ------------------------------------------------

PERSONAL_BALLOTS = "/priority-ballots"
LIST_ERRORS = (401, 422)
NOT_A_PERSONAL_VOTER = (
    "In deze ronde stem je niet zelf: alleen deelnemers zonder lidorganisatie stemmen zelf, "
    "in een ronde waarin zij meestemmen. Een lidorganisatie stemt via haar beheerder."
)


class PersonalBallotIn(BallotIn):
    round_id: int = Field(..., ge=1, le=MAX_ID, description="Id van de prioriteringsronde.")


class PersonalBallotOut(Schema):
    round_id: int
    network: str = Field(description="Korte naam van het netwerk.")
    needs: list[int]
    cast_at: str
    changed_at: str


def _personal_out(ballot: PriorityBallot) -> dict:
    return {
        "round_id": ballot.round_id,
        "network": ballot.round.network.slug,
        "needs": [choice.need_id for choice in ballot.ranked.all()],
        "cast_at": ballot.cast_at.isoformat(),
        "changed_at": ballot.changed_at.isoformat(),
    }


@router.get(
    PERSONAL_BALLOTS,
    response=responses(200, list[PersonalBallotOut], LIST_ERRORS),
    operation_id="networks_personal_ballots_list",
    openapi_extra=PERSONAL_OPERATION,
    summary="Mijn keuzes als deelnemer",
    description=describe(
        "Persoonlijk: de keuzes die de aanroeper als deelnemer zonder lidorganisatie zelf "
        "uitbracht, nieuwste ronde eerst (met `round_id`: die in één ronde). Niemand anders "
        "leest ze; de ronde telt ze alleen.",
        LIST_ERRORS,
    ),
)
def personal_ballots_list(
    request: ApiRequest,
    round_id: int | None = Query(None, ge=1, le=MAX_ID, description="Alleen deze ronde."),
):
    return [_personal_out(ballot) for ballot in personal_ballots(request.auth, round_id)]


def _cast_personally(request: ApiRequest, payload: PersonalBallotIn, *, replace: bool) -> dict:
    """The participant's ballot through the same service as their ballot page: 404 for a round
    the caller may not see (as its pages), 403 when it is not theirs to vote in personally (a
    person of a member organisation, a round without individuals, someone outside)."""
    user = request.auth
    priority_round = (
        PriorityRound.objects.select_related("network__profile").filter(pk=payload.round_id).first()
    )
    if priority_round is None:
        raise HttpError(404, NOT_FOUND)
    access = network_access(user, priority_round.network)
    if not access.can_view:
        raise HttpError(404, NOT_FOUND)
    if not may_vote_personally(access, priority_round):
        raise HttpError(403, NOT_A_PERSONAL_VOTER)
    ballot_cast(
        actor=user,
        priority_round=priority_round,
        organisation=None,
        access=access,
        need_ids=payload.needs,
        replace=replace,
        context=audit_context(request),
    )
    ballot = personal_ballot(priority_round, user)
    assert ballot is not None  # just cast
    return _personal_out(ballot)


@router.post(
    PERSONAL_BALLOTS,
    response=responses(201, PersonalBallotOut, WRITE_ERRORS),
    operation_id="networks_personal_ballot_cast",
    openapi_extra=PERSONAL_OPERATION,
    summary="Zelf kiezen als deelnemer",
    description=describe(
        "Persoonlijk: breng als deelnemer zonder lidorganisatie je eigen keuze uit in een ronde "
        "waarin deelnemers meestemmen: kennisbehoeften van de ronde, de belangrijkste eerst. "
        "Eén keuze per persoon per ronde: een tweede is 409 (pas de eerste aan met PUT); een "
        "gesloten ronde is 400; wie via een lidorganisatie stemt, krijgt 403.",
        WRITE_ERRORS,
    ),
)
def personal_ballot_post(request: ApiRequest, payload: PersonalBallotIn):
    return Status(201, _cast_personally(request, payload, replace=False))


@router.put(
    PERSONAL_BALLOTS,
    response=responses(200, PersonalBallotOut, WRITE_ERRORS),
    operation_id="networks_personal_ballot_change",
    openapi_extra=PERSONAL_OPERATION,
    summary="Eigen keuze aanpassen",
    description=describe(
        "Persoonlijk: vervang je eigen keuze in de ronde `round_id` zolang die open is (404 "
        "als je er nog niet koos).",
        WRITE_ERRORS,
    ),
)
def personal_ballot_put(request: ApiRequest, payload: PersonalBallotIn):
    return _cast_personally(request, payload, replace=True)
