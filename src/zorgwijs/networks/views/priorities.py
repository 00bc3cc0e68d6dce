"""Deciding together what knowledge is needed: the network's prioritisation rounds and its
published knowledge agenda (network pages), and a member organisation's ballot (under
``/o/<org_slug>/``, where the organisation's scope and capability apply)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, org_view, public_view
from zorgwijs.lib.forms import apply_service_errors, form_page, save_form
from zorgwijs.lib.http import AuthenticatedRequest, OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.needs.forms import NeedForm
from zorgwijs.needs.models import Need
from zorgwijs.needs.selectors import known_regions
from zorgwijs.needs.services import need_create
from zorgwijs.organisations.models import Network, NetworkMembership, Visibility
from zorgwijs.organisations.visibility import viewer_of_request

from ..access import get_network_for_coordinator, get_network_for_person, get_network_for_viewer
from ..forms import BallotForm, RoundForm
from ..models import PriorityBallot, PriorityRound
from ..selectors import (
    agenda_of,
    ballot_count,
    ballots_cast,
    candidate_needs,
    get_round,
    may_vote_personally,
    own_ballot,
    personal_ballot,
    personal_ballot_count,
    priority_rounds,
    round_readable_needs,
    voting_organisations,
)
from ..services.priorities import ballot_cast, round_close, round_open, voting_is_open


@public_view
def agenda(request: HttpRequest, network_slug: str) -> HttpResponse:
    """The network's rounds: open ones to vote in, closed ones with their agenda."""
    access = get_network_for_viewer(request, network_slug)
    rounds = list(priority_rounds(access.network))
    latest = next((r for r in rounds if not r.is_open), None)
    return render(
        request,
        "networks/agenda.html",
        {
            "access": access,
            "network": access.network,
            "rounds": rounds,
            "latest": latest,
            "rows": agenda_of(latest, viewer_of_request(request), access=access) if latest else [],
        },
    )


@login_view
@once_per_submission
def round_create(request: AuthenticatedRequest, network_slug: str) -> HttpResponse:
    access = get_network_for_coordinator(request, network_slug)
    form = RoundForm(request.POST or None, needs=candidate_needs(access.network))
    created = save_form(
        request,
        form,
        lambda data: round_open(
            actor=request.user,
            access=access,
            data=data,
            candidates=list(data["candidates"]),
            context=audit_context(request),
        ),
    )
    if created:
        messages.success(
            request,
            _("De ronde is open. De lidorganisaties kunnen nu hun keuze maken."),
        )
        return redirect("networks:round", network_slug=network_slug, round_id=created.pk)
    return form_page(
        request,
        "networks/round_form.html",
        form,
        access=access,
        network=access.network,
    )


@public_view
def round_detail(request: HttpRequest, network_slug: str, round_id: int) -> HttpResponse:
    access = get_network_for_viewer(request, network_slug)
    priority_round = get_round(access, round_id)
    viewer = viewer_of_request(request)
    readable = round_readable_needs(access, viewer)
    in_round = priority_round.candidates.values("pk")
    return render(
        request,
        "networks/round.html",
        {
            "access": access,
            "network": access.network,
            "round": priority_round,
            "voting_open": voting_is_open(priority_round),
            "candidates": list(
                readable.filter(pk__in=in_round)
                .select_related("organisation", "network")
                .annotate(opens=Exists(Need.objects.visible_to(viewer).filter(pk=OuterRef("pk"))))
                .order_by("title")
            ),
            "hidden_candidates": priority_round.candidates.exclude(
                pk__in=readable.values("pk")
            ).count(),
            "ballots": ballot_count(priority_round),
            "personal_ballots": personal_ballot_count(priority_round)
            if priority_round.individuals_vote
            else 0,
            "voted": ballots_cast(priority_round)
            if access.is_coordinator and priority_round.is_open
            else [],
            "member_count": len(access.members),
            "vote_as": voting_organisations(request.user, access) if priority_round.is_open else [],
            "votes_personally": priority_round.is_open
            and may_vote_personally(access, priority_round),
            "rows": []
            if priority_round.is_open
            else agenda_of(priority_round, viewer, access=access),
        },
    )


@login_view
@require_POST
def round_close_view(request: AuthenticatedRequest, network_slug: str, round_id: int):
    access = get_network_for_coordinator(request, network_slug)
    priority_round = get_round(access, round_id)
    try:
        round_close(
            actor=request.user,
            access=access,
            priority_round=priority_round,
            context=audit_context(request),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("De ronde is gesloten; de kennisagenda is gepubliceerd."))
    return redirect("networks:round", network_slug=network_slug, round_id=priority_round.pk)


def _member_network(organisation, network_slug: str) -> Network:
    """A network the organisation is a member of, or 404."""
    membership = (
        NetworkMembership.objects.filter(organisation=organisation, network__slug=network_slug)
        .select_related("network")
        .first()
    )
    if membership is None:
        raise Http404
    return membership.network


def _ballot_page(
    request: HttpRequest,
    *,
    priority_round: PriorityRound,
    existing: PriorityBallot | None,
    readable: QuerySet,
    cast: Callable[[list[int], bool], object],
    saved: str,
    personal: bool = False,
) -> HttpResponse:
    """One ballot form, an organisation's or a participant's: only the candidates the person
    may read now (one made private after the round opened drops out); cast until it closes."""
    current = [choice.need_id for choice in existing.ranked.all()] if existing else []
    needs = (
        priority_round.candidates.filter(pk__in=readable)
        .select_related("organisation", "network")
        .order_by("title")
    )
    form = BallotForm(
        request.POST or None, priority_round=priority_round, needs=needs, current=current
    )
    if request.method == "POST" and form.is_valid():
        try:
            cast(form.ranked(), form.cleaned_data["replace"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect(request.path)
    return form_page(
        request,
        "networks/ballot.html",
        form,
        network=priority_round.network,
        round=priority_round,
        ballot=existing,
        personal=personal,
        voting_open=voting_is_open(priority_round),
    )


@org_view("networks.prioritise")
def ballot(request: OrgRequest, org_slug: str, network_slug: str, round_id: int) -> HttpResponse:
    """The organisation's ballot in a round: cast once, changed until the round closes."""
    organisation = request.org_access.organisation
    network = _member_network(organisation, network_slug)
    priority_round = (
        PriorityRound.objects.filter(network=network, pk=round_id).select_related("network").first()
    )
    if priority_round is None:
        raise Http404
    return _ballot_page(
        request,
        priority_round=priority_round,
        existing=own_ballot(priority_round, organisation),
        readable=Need.objects.visible_to(viewer_of_request(request)).values("pk"),
        cast=lambda need_ids, replace: ballot_cast(
            actor=request.user,
            priority_round=priority_round,
            organisation=organisation,
            need_ids=need_ids,
            replace=replace,
            context=audit_context(request),
        ),
        saved=_("De keuze van %(org)s is opgeslagen. Je kunt hem aanpassen tot de ronde sluit.")
        % {"org": organisation.name},
    )


@login_view
def personal_ballot_view(
    request: AuthenticatedRequest, network_slug: str, round_id: int
) -> HttpResponse:
    """An individual participant's own ballot in a round open to individuals: one per person,
    changed until the round closes; no one else reads it."""
    access = get_network_for_person(request, network_slug)
    priority_round = get_round(access, round_id)
    if not may_vote_personally(access, priority_round):
        raise Http404
    return _ballot_page(
        request,
        priority_round=priority_round,
        existing=personal_ballot(priority_round, request.user),
        readable=round_readable_needs(access, viewer_of_request(request)).values("pk"),
        cast=lambda need_ids, replace: ballot_cast(
            actor=request.user,
            priority_round=priority_round,
            organisation=None,
            access=access,
            need_ids=need_ids,
            replace=replace,
            context=audit_context(request),
        ),
        saved=_("Je keuze is opgeslagen. Je kunt hem aanpassen tot de ronde sluit."),
        personal=True,
    )


@login_view
@once_per_submission
def need_create_in_network(request: AuthenticatedRequest, network_slug: str) -> HttpResponse:
    """An individual participant posts a knowledge need in the network (people of member
    organisations post under their organisation). It can then be a candidate in a round."""
    access = get_network_for_person(request, network_slug)
    if not access.is_participant:
        raise Http404
    form = NeedForm(
        request.POST or None, regions=known_regions(viewer_of_request(request)), in_network=True
    )
    if request.method == "GET":
        form.initial.setdefault("visibility", Visibility.NETWORK)
    if request.method == "POST" and form.is_valid():
        try:
            need = need_create(
                actor=request.user,
                organisation=None,
                network=access.network,
                data=form.service_data(),
                themes=form.cleaned_data["themes"],
                context=audit_context(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Je vraag is geplaatst in het netwerk."))
            return redirect(need.get_absolute_url())
    return form_page(request, "needs/form.html", form, need=None, network=access.network)
