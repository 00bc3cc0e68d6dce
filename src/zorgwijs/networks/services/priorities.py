"""Prioritisation rounds: opening one over the region's knowledge needs, a member
organisation's ballot (one per round, changed in place until the close), and the close that
publishes the agenda.

Scoring (a Borda count over each ballot's top ``choices``): place 1 gets ``choices`` points,
the last place 1. Ties go to the need with more first places, then the one more organisations
ranked, then the oldest need. The totals are fixed in ``AgendaItem`` rows at the close; the
ballots stay each organisation's own and are never shown to anyone else.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.needs.models import Need
from zorgwijs.organisations.models import NetworkMembership, Organisation

from ..access import NetworkAccess
from ..models import AgendaItem, BallotChoice, PriorityBallot, PriorityRound, RoundStatus
from ..selectors import candidate_needs, counting_ballots, network_shared_needs

MAX_CANDIDATES = 100


@transaction.atomic
def round_open(
    *,
    actor: User,
    access: NetworkAccess,
    data: dict[str, Any],
    candidates: Sequence[Need],
    context: AuditContext | None = None,
) -> PriorityRound:
    if not access.is_coordinator:
        raise Http404
    allowed = set(candidate_needs(access.network).values_list("pk", flat=True))
    chosen = [need for need in candidates if need.pk in allowed]
    if len(chosen) != len(candidates):
        raise ValidationError(
            {"candidates": _("Kies alleen open kennisbehoeften van de lidorganisaties.")}
        )
    if len(chosen) < 2:
        raise ValidationError({"candidates": _("Kies minstens twee kennisbehoeften.")})
    if len(chosen) > MAX_CANDIDATES:
        raise ValidationError(
            {"candidates": _("Kies hoogstens %(n)s kennisbehoeften.") % {"n": MAX_CANDIDATES}}
        )
    closes_on = data.get("closes_on")
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("Deze datum is al voorbij.")})
    choices = data.get("choices") or 5
    if choices > len(chosen):
        raise ValidationError(
            {
                "choices": _(
                    "Er staan maar %(n)s kennisbehoeften in de ronde: kies hoogstens zoveel."
                )
                % {"n": len(chosen)}
            }
        )
    priority_round = PriorityRound(
        network=access.network,
        title=data["title"],
        description=data.get("description") or "",
        choices=choices,
        individuals_vote=bool(data.get("individuals_vote")),
        closes_on=closes_on,
        opened_by=actor,
    )
    priority_round.full_clean()
    priority_round.save()
    priority_round.candidates.set(chosen)
    record(
        "networks.priority_round.opened",
        kind="change",
        actor=actor,
        obj=priority_round,
        context=context,
        data={
            "network": access.network.slug,
            "candidates": len(chosen),
            "choices": choices,
            "individuals_vote": priority_round.individuals_vote,
        },
    )
    return priority_round


def voting_is_open(priority_round: PriorityRound, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return priority_round.is_open and (
        priority_round.closes_on is None or today <= priority_round.closes_on
    )


def _check_ranking(
    priority_round: PriorityRound, need_ids: Sequence[int], *, shared_only: bool = False
) -> list[int]:
    """``shared_only``: a participant ranks only candidates still shared with the network (one
    made private since the opening drops out, as it does from their ballot page)."""
    ranked = list(need_ids)
    if not ranked:
        raise ValidationError({"needs": _("Zet minstens één kennisbehoefte op je lijst.")})
    if len(set(ranked)) != len(ranked):
        raise ValidationError(
            {"needs": _("Elke kennisbehoefte mag maar één keer op je lijst staan.")}
        )
    if len(ranked) > priority_round.choices:
        raise ValidationError(
            {"needs": _("Kies hoogstens %(n)s kennisbehoeften.") % {"n": priority_round.choices}}
        )
    in_round = priority_round.candidates.all()
    if shared_only:
        in_round = in_round.filter(pk__in=network_shared_needs(priority_round.network).values("pk"))
    candidates = set(in_round.values_list("pk", flat=True))
    if not set(ranked) <= candidates:
        raise ValidationError({"needs": _("Kies alleen kennisbehoeften uit deze ronde.")})
    return ranked


def already_cast_error(ballot: PriorityBallot) -> ValidationError:
    return ValidationError(
        {
            "needs": ValidationError(
                _(
                    "Je organisatie heeft in deze ronde al gestemd (op %(date)s). Er is één stem "
                    "per organisatie: pas die stem aan in plaats van een tweede uit te brengen."
                )
                % {"date": timezone.localtime(ballot.cast_at).strftime("%d-%m-%Y %H:%M")},
                code="conflict",
            )
        }
    )


@transaction.atomic
def ballot_cast(
    *,
    actor: User,
    priority_round: PriorityRound,
    organisation: Organisation | None,
    need_ids: Sequence[int],
    replace: bool,
    access: NetworkAccess | None = None,
    context: AuditContext | None = None,
) -> PriorityBallot:
    """Cast (``replace=False``) or change (``replace=True``) the organisation's ballot, or with
    ``organisation=None`` the actor's own ballot as an individual participant (``access``: the
    actor's place in the round's network; only in a round open to individuals).

    A second ballot of the same organisation (or person) is refused (code ``conflict``, so the
    API answers 409), also when two arrive at the same moment (the unique constraints)."""
    personal = organisation is None
    if personal:
        from ..selectors import may_vote_personally

        if (
            access is None
            or access.network.pk != priority_round.network_id
            or access.user_id != actor.pk
            or not may_vote_personally(access, priority_round)
        ):
            raise Http404
    elif not NetworkMembership.objects.filter(
        network_id=priority_round.network_id, organisation=organisation
    ).exists():
        raise Http404
    if not voting_is_open(priority_round):
        raise ValidationError(
            {"needs": _("Deze ronde is gesloten: stemmen of een stem aanpassen kan niet meer.")}
        )
    ranked = _check_ranking(priority_round, need_ids, shared_only=personal)
    owner: dict[str, Any] = (
        {"organisation": None, "voter": actor} if personal else {"organisation": organisation}
    )
    if personal:
        # A participant's ballot is in no organisation's scope: it is found by its voter.
        with scopes_disabled():
            ballot = _store_ballot(priority_round, owner, ranked, actor=actor, replace=replace)
    else:
        ballot = _store_ballot(priority_round, owner, ranked, actor=actor, replace=replace)
    record(
        f"networks.priority_ballot.{'changed' if replace else 'cast'}",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=ballot,
        context=context,
        data={"round": priority_round.pk, "needs": ranked, "personal": personal},
    )
    return ballot


def _store_ballot(
    priority_round: PriorityRound,
    owner: dict[str, Any],
    ranked: list[int],
    *,
    actor: User,
    replace: bool,
) -> PriorityBallot:
    existing = (
        PriorityBallot.objects.select_for_update().filter(round=priority_round, **owner).first()
    )
    if existing is not None and not replace:
        raise already_cast_error(existing)
    if existing is None and replace:
        raise Http404
    if existing is None:
        try:
            with transaction.atomic():
                ballot = PriorityBallot.objects.create(round=priority_round, cast_by=actor, **owner)
        except IntegrityError:
            raise already_cast_error(
                PriorityBallot.objects.get(round=priority_round, **owner)
            ) from None
    else:
        ballot = existing
        ballot.cast_by = actor
        ballot.save(update_fields=["cast_by", "changed_at"])
        BallotChoice.objects.filter(ballot=ballot).delete()
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, need_id=need_id, rank=rank)
        for rank, need_id in enumerate(ranked, start=1)
    )
    return ballot


@transaction.atomic
def round_close(
    *,
    actor: User,
    access: NetworkAccess,
    priority_round: PriorityRound,
    context: AuditContext | None = None,
) -> PriorityRound:
    """Count the ballots and publish the agenda; the round takes no ballots after this."""
    if not access.is_coordinator or priority_round.network_id != access.network.pk:
        raise Http404
    priority_round = PriorityRound.objects.select_for_update().get(pk=priority_round.pk)
    if not priority_round.is_open:
        raise ValidationError(_("Deze ronde is al gesloten."))
    with scopes_disabled():
        if not PriorityBallot.objects.filter(
            counting_ballots(priority_round), round=priority_round
        ).exists():
            raise ValidationError(
                _("Nog geen enkele organisatie heeft gestemd: de ronde heeft nog geen uitslag.")
            )
    return _count_and_publish(priority_round, actor=actor, context=context)


def _count_and_publish(
    priority_round: PriorityRound,
    *,
    actor: User | None,
    context: AuditContext | None = None,
) -> PriorityRound:
    """The close itself, on a locked open round: ``actor`` None is the scheduled run."""
    # The one place that reads every organisation's ballot: to add them up, never to show one.
    # A ballot of an organisation that is no longer a member (or of a participant who left) is
    # kept for the record, marked ``left_out``, and not counted: the agenda is the network's.
    with scopes_disabled():
        in_round = PriorityBallot.objects.filter(round=priority_round)
        counting = in_round.filter(counting_ballots(priority_round)).values("pk")
        left_out = in_round.exclude(pk__in=counting).update(left_out=True)
        counted = in_round.filter(left_out=False)
        ballots = counted.count()
        personal = counted.filter(organisation__isnull=True).count()
        choices = list(
            BallotChoice.objects.filter(
                ballot__round=priority_round, ballot__left_out=False
            ).values_list("need_id", "rank", "ballot__organisation_id")
        )
    score: dict[int, int] = defaultdict(int)
    firsts: dict[int, int] = defaultdict(int)
    organisations: dict[int, int] = defaultdict(int)
    people: dict[int, int] = defaultdict(int)
    # Every ballot weighs the same, an organisation's or a participant's.
    for need_id, rank, organisation_id in choices:
        score[need_id] += priority_round.choices - rank + 1
        firsts[need_id] += rank == 1
        if organisation_id is None:
            people[need_id] += 1
        else:
            organisations[need_id] += 1
    order = sorted(
        score,
        key=lambda n: (-score[n], -firsts[n], -(organisations[n] + people[n]), n),
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            round=priority_round,
            need_id=need_id,
            position=position,
            score=score[need_id],
            first_places=firsts[need_id],
            organisations=organisations[need_id],
            people=people[need_id],
        )
        for position, need_id in enumerate(order, start=1)
    )
    priority_round.status = RoundStatus.CLOSED
    priority_round.closed_at = timezone.now()
    priority_round.ballot_count = ballots
    priority_round.personal_ballot_count = personal
    priority_round.left_out_count = left_out
    priority_round.closed_automatically = actor is None
    priority_round.save(
        update_fields=[
            "status",
            "closed_at",
            "ballot_count",
            "personal_ballot_count",
            "left_out_count",
            "closed_automatically",
        ]
    )
    record(
        "networks.priority_round.closed",
        kind="change",
        actor=actor,
        obj=priority_round,
        context=context,
        data={
            "ballots": ballots,
            "personal_ballots": personal,
            "left_out": left_out,
            "agenda": order[:20],
            "automatic": actor is None,
        },
    )
    return priority_round


def rounds_close_due(*, today: datetime.date | None = None) -> list[PriorityRound]:
    """Close every open round whose last voting day has passed and publish its agenda (the
    scheduled run, ``manage.py zorgwijs_networks_publish``). Each round closes in its own
    transaction under a row lock, so two runs at once, or a coordinator closing it by hand at
    the same moment, close it once; a run finds nothing left to do the next time. A round
    without a single ballot closes too, with an empty agenda: voting is over either way."""
    today = today or timezone.localdate()
    closed = []
    due = PriorityRound.objects.filter(status=RoundStatus.OPEN, closes_on__lt=today)
    for pk in list(due.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            priority_round = (
                PriorityRound.objects.select_for_update()
                .filter(pk=pk, status=RoundStatus.OPEN)
                .first()
            )
            if priority_round is not None:
                closed.append(_count_and_publish(priority_round, actor=None))
    return closed
