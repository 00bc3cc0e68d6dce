"""Writes on curricula (a school declares what a track covers) and prior learning (a diploma
recorded by the employer; EVC evidence that counts only once an assessor accepts it)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.lib.uploads import EVIDENCE_TYPES, validate_upload
from zorgwijs.organisations.models import Membership, Organisation, OrganisationKind

from ..models import Curriculum, CurriculumOutcome, PriorKind, PriorLearning, PriorState

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

EVC_MAX_MB = 20


@transaction.atomic
def curriculum_create(
    *,
    actor: User,
    organisation: Organisation,
    programme: str,
    track: str,
    description: str = "",
    visibility: str = "public",
    context: AuditContext | None = None,
) -> Curriculum:
    if organisation.kind != OrganisationKind.EDUCATION:
        raise ValidationError(_("Alleen een onderwijsinstelling legt een opleiding vast."))
    curriculum = Curriculum(
        organisation=organisation,
        programme=programme,
        track=track,
        description=description,
        visibility=visibility,
    )
    curriculum.full_clean()
    curriculum.save()
    audit(
        "learning.curriculum.created",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=curriculum,
        context=context,
        data={"name": str(curriculum)},
    )
    return curriculum


@transaction.atomic
def curriculum_outcome_add(
    *,
    actor: User,
    curriculum: Curriculum,
    code: str,
    title: str,
    level: int,
    context: AuditContext | None = None,
) -> CurriculumOutcome:
    if curriculum.outcomes.filter(code__iexact=code.strip()).exists():
        raise ValidationError({"code": _("Deze opleiding dekt deze code al.")})
    outcome = CurriculumOutcome(curriculum=curriculum, code=code.strip(), title=title, level=level)
    outcome.full_clean()
    outcome.save()
    audit(
        "learning.curriculum.outcome_added",
        kind="change",
        actor=actor,
        organisation=curriculum.organisation,
        obj=curriculum,
        context=context,
        data={"code": outcome.code, "level": level},
    )
    return outcome


@transaction.atomic
def prior_register(
    *,
    actor: User,
    membership: Membership,
    kind: str,
    achieved_on: datetime.date,
    curriculum: Curriculum | None = None,
    codes: list[str] | None = None,
    level: int | None = None,
    description: str = "",
    evidence_file: UploadedFile | None = None,
    context: AuditContext | None = None,
) -> PriorLearning:
    """Record what a person brings along. A diploma of a declared track counts at once (the
    school assessed it); EVC evidence waits for an assessor's decision."""
    if achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": _("Een datum in de toekomst kan niet.")})
    if kind == PriorKind.DIPLOMA:
        if curriculum is None:
            raise ValidationError({"curriculum": _("Kies de opleiding van het diploma.")})
        codes, level = [], None
    else:
        codes = [c.strip() for c in codes or [] if c.strip()]
        if not codes:
            raise ValidationError(
                {"codes": _("Noem de leeruitkomsten (codes) die het bewijs dekt.")}
            )
        if level is None:
            raise ValidationError({"level": _("Kies het niveau dat het bewijs laat zien.")})
        if evidence_file is None:
            raise ValidationError({"evidence_file": _("Voeg het portfolio toe.")})
        try:
            validate_upload(evidence_file, extensions=EVIDENCE_TYPES, max_mb=EVC_MAX_MB)
        except ValidationError as error:
            raise ValidationError({"evidence_file": error.messages}) from error
    prior = PriorLearning.objects.create(
        organisation_id=membership.organisation_id,
        membership=membership,
        kind=kind,
        curriculum=curriculum,
        achieved_on=achieved_on,
        codes=codes,
        level=level,
        description=description,
        evidence_file=evidence_file or "",
        state=PriorState.ACCEPTED if kind == PriorKind.DIPLOMA else PriorState.PENDING,
        submitted_by=actor,
        assessed_by=actor if kind == PriorKind.DIPLOMA else None,
        assessed_at=timezone.now() if kind == PriorKind.DIPLOMA else None,
    )
    audit(
        "learning.prior.registered",
        kind="change",
        actor=actor,
        organisation=membership.organisation,
        subject=membership.user,
        obj=prior,
        context=context,
        data={"kind": kind, "codes": codes, "curriculum": str(curriculum or "")},
    )
    return prior


@transaction.atomic
def prior_decide(
    *,
    actor: User,
    prior: PriorLearning,
    accept: bool,
    comment: str = "",
    context: AuditContext | None = None,
) -> PriorLearning:
    prior = (
        PriorLearning.objects.select_for_update(of=("self",))
        .select_related("membership__user")
        .get(pk=prior.pk)
    )
    if prior.state != PriorState.PENDING:
        raise ValidationError(_("Over dit bewijs is al beslist."))
    if prior.membership.user_id == actor.pk:
        raise ValidationError(_("Je kunt je eigen bewijs niet beoordelen."))
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Zeg bij een afwijzing wat er ontbreekt.")})
    prior.state = PriorState.ACCEPTED if accept else PriorState.REJECTED
    prior.assessed_by, prior.assessed_at, prior.assessor_comment = actor, timezone.now(), comment
    prior.save(update_fields=["state", "assessed_by", "assessed_at", "assessor_comment"])
    audit(
        f"learning.prior.{prior.state}",
        kind="change",
        actor=actor,
        organisation=prior.membership.organisation,
        subject=prior.membership.user,
        obj=prior,
        context=context,
        data={"codes": prior.codes, "comment": comment},
    )
    return prior


def prior_credit(
    *,
    actor: User,
    membership: Membership,
    achieved_on: datetime.date,
    levels: dict[str, int],
    description: str,
) -> list[PriorLearning]:
    """Record the outcomes (code here -> level reached) of a route completed elsewhere, as
    accepted prior learning, one row per level. Its proof is the verified credential the
    coordinator takes over, so there is nothing left for an assessor. Part of that import: it
    runs in the import's transaction and its audit entry (``credentials/importing.py``)."""
    by_level: dict[int, list[str]] = {}
    for code, level in sorted(levels.items()):
        by_level.setdefault(level, []).append(code)
    now = timezone.now()
    return [
        PriorLearning.objects.create(
            organisation_id=membership.organisation_id,
            membership=membership,
            kind=PriorKind.CREDENTIAL,
            achieved_on=achieved_on,
            codes=codes,
            level=level,
            description=description,
            state=PriorState.ACCEPTED,
            submitted_by=actor,
            assessed_by=actor,
            assessed_at=now,
        )
        for level, codes in sorted(by_level.items())
    ]
