"""Posters: submitting one (file checked by ``lib/uploads.py``), the jury's scores, the public
vote and the award."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.lib.uploads import validate_upload

from ..models import Event, Poster, PosterScore, PosterVote
from ..search_index import poster_index

POSTER_TYPES = (".pdf", ".png", ".jpg", ".jpeg")
POSTER_MAX_MB = 15


@transaction.atomic
def poster_submit(
    *, actor: User, event: Event, data: dict[str, Any], context: AuditContext | None = None
) -> Poster:
    if not event.criteria:
        raise ValidationError(_("Bij deze activiteit worden geen posters gepresenteerd."))
    upload = data["file"]
    try:
        validate_upload(upload, extensions=POSTER_TYPES, max_mb=POSTER_MAX_MB)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    organisation = data.get("organisation")
    name = organisation.name if organisation else (data.get("organisation_name") or "").strip()
    if not name:
        raise ValidationError({"organisation_name": _("Vul de organisatie in.")})
    poster = Poster(
        event=event,
        title=data["title"],
        organisation=organisation,
        organisation_name=name,
        abstract=data["abstract"],
        submitted_by=actor,
        original_name=(upload.name or "poster")[:200],
    )
    poster.file.save(upload.name or "poster", upload, save=False)
    poster.save()
    record("networks.poster.submitted", kind="change", actor=actor, obj=poster, context=context)
    return poster


@transaction.atomic
def poster_score(
    *,
    actor: User,
    poster: Poster,
    scores: dict[str, int],
    context: AuditContext | None = None,
) -> Poster:
    """A juror scores every criterion of the event from 1 to 5 (again: replaces their own)."""
    event = poster.event
    if not event.jury.filter(pk=actor.pk).exists():
        raise ValidationError(_("Alleen de jury beoordeelt posters."))
    if poster.submitted_by_id == actor.pk:
        raise ValidationError(_("Je beoordeelt je eigen poster niet."))
    criteria = event.criteria
    if sorted(scores) != sorted(criteria):
        raise ValidationError(_("Geef een score voor elk criterium."))
    for criterion, score in scores.items():
        if not 1 <= score <= 5:
            raise ValidationError(_("Een score is 1 tot en met 5."))
        PosterScore.objects.update_or_create(
            poster=poster, juror=actor, criterion=criterion, defaults={"score": score}
        )
    record(
        "networks.poster.scored",
        kind="change",
        actor=actor,
        obj=poster,
        context=context,
        data={"scores": scores},
    )
    return poster


@transaction.atomic
def poster_vote(*, actor: User, poster: Poster, context: AuditContext | None = None) -> PosterVote:
    event = poster.event
    if not event.public_vote:
        raise ValidationError(_("Bij deze activiteit is er geen publieksstemming."))
    if PosterVote.objects.filter(event=event, user=actor).exists():
        raise ValidationError(_("Je hebt al gestemd; iedereen stemt één keer."), code="conflict")
    try:
        with transaction.atomic():
            vote = PosterVote.objects.create(event=event, poster=poster, user=actor)
    except IntegrityError:
        raise ValidationError(
            _("Je hebt al gestemd; iedereen stemt één keer."), code="conflict"
        ) from None
    record("networks.poster.voted", kind="change", actor=actor, obj=poster, context=context)
    return vote


@transaction.atomic
def poster_award(
    *, actor: User, poster: Poster, award: str, context: AuditContext | None = None
) -> Poster:
    """Give ``award`` (e.g. "Posterprijs") to ``poster``; another poster of the event that had
    the same award loses it: one winner per award."""
    award = award.strip()
    if not award:
        raise ValidationError({"award": _("Geef de prijs een naam.")})
    losers = Poster.objects.filter(event=poster.event_id, award__iexact=award).exclude(pk=poster.pk)
    moved = list(losers.select_related("event__network"))
    losers.update(award="")
    for loser in moved:  # the bulk update sends no signal: out of search by the award's name
        loser.award = ""
        poster_index(loser)
    poster.award = award
    poster.save(update_fields=["award"])  # re-indexed by the save signal (search_index.py)
    record(
        "networks.poster.awarded",
        kind="change",
        actor=actor,
        obj=poster,
        context=context,
        data={"award": award},
    )
    return poster


@transaction.atomic
def jury_add(*, actor: User, event: Event, user: User, context: AuditContext | None = None) -> User:
    if event.jury.filter(pk=user.pk).exists():
        raise ValidationError({"email": _("Deze persoon zit al in de jury.")})
    event.jury.add(user)
    record(
        "networks.jury.added", kind="change", actor=actor, subject=user, obj=event, context=context
    )
    return user
