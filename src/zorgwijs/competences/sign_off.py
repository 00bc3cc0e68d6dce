"""Assessor sign-off (aftekenen): an employee or coordinator asks, a qualified assessor decides.

The assessor (or coordinator) role opens the screens; for each item the assessor must also be
competent in it themselves or be named assessor for it (``assessors.may_assess``). Nobody
signs off their own request.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.lib.dates import format_date
from zorgwijs.organisations.access import OrgAccess
from zorgwijs.organisations.models import Membership

from .assessors import assessable_item_ids, assessor_user_ids, may_assess, refusal
from .models import CompetenceItem, EvidenceKind, SignOffRequest
from .services import qualification_register
from .signals import announce
from .standing import standing_recompute


def sign_off_inbox(access: OrgAccess) -> QuerySet[SignOffRequest]:
    """Pending requests this person may decide on: not their own, and only for items they
    may assess today (a request for a date on which they could not is refused with the
    reason when they decide)."""
    return (
        SignOffRequest.objects.filter(
            organisation=access.organisation,
            state=SignOffRequest.State.PENDING,
            item_id__in=assessable_item_ids(membership=access.membership, on=timezone.localdate()),
        )
        .exclude(person_id=access.membership.user_id)
        .select_related("person", "item", "requested_by")
        .order_by("requested_at")
    )


def pending_items(*, membership: Membership) -> list[CompetenceItem]:
    """Items the person has asked a sign-off for that nobody decided yet: asking again is
    refused, so the request form lists them apart instead of offering them."""
    asked = SignOffRequest.objects.filter(
        organisation_id=membership.organisation_id,
        person_id=membership.user_id,
        state=SignOffRequest.State.PENDING,
    )
    return list(CompetenceItem.objects.filter(pk__in=asked.values("item_id")).order_by("name"))


@transaction.atomic
def sign_off_request(
    *,
    actor,
    membership: Membership,
    item: CompetenceItem,
    performed_on: datetime.date,
    note: str = "",
    context: AuditContext | None = None,
) -> SignOffRequest:
    if performed_on > timezone.localdate():
        raise ValidationError({"performed_on": _("Een datum in de toekomst kan niet.")})
    if item.evidence_kinds and EvidenceKind.PRACTICAL not in item.evidence_kinds:
        raise ValidationError({"item": _("Voor deze bekwaamheid telt geen praktijktoets.")})
    if SignOffRequest.objects.filter(
        organisation_id=membership.organisation_id,
        person_id=membership.user_id,
        item=item,
        state=SignOffRequest.State.PENDING,
    ).exists():
        raise ValidationError({"item": _("Er staat al een aanvraag open voor deze bekwaamheid.")})
    sign_off = SignOffRequest.objects.create(
        organisation_id=membership.organisation_id,
        person_id=membership.user_id,
        item=item,
        requested_by=actor,
        performed_on=performed_on,
        note=note,
    )
    standing_recompute(membership=membership, item=item)
    audit(
        "competences.sign_off.requested",
        kind="change",
        actor=actor,
        organisation=membership.organisation,
        subject=membership.user,
        obj=sign_off,
        context=context,
        data={"item": item.name},
    )
    announce(
        kind="sign_off.requested",
        obj=sign_off,
        actor=actor,
        recipient_ids=assessor_user_ids(
            organisation_id=membership.organisation_id,
            item=item,
            on=performed_on,
            exclude_user_id=membership.user_id,
        ),
    )
    return sign_off


@transaction.atomic
def sign_off_decide(
    *,
    access: OrgAccess,
    sign_off: SignOffRequest,
    approve: bool,
    comment: str = "",
    context: AuditContext | None = None,
) -> SignOffRequest:
    actor = access.membership.user
    sign_off = SignOffRequest.objects.select_for_update().get(pk=sign_off.pk)
    if sign_off.state != SignOffRequest.State.PENDING:
        raise ValidationError(_("Over deze aanvraag is al beslist."))
    if sign_off.person_id == actor.pk:
        raise ValidationError(_("Je kunt je eigen aanvraag niet aftekenen."))
    if not may_assess(membership=access.membership, item=sign_off.item, on=sign_off.performed_on):
        raise ValidationError(
            refusal(name=actor.full_name, item=sign_off.item, on=sign_off.performed_on)
        )
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Geef bij een afwijzing aan wat er nog nodig is.")})
    membership = Membership.objects.get(
        organisation_id=sign_off.organisation_id, user_id=sign_off.person_id
    )
    sign_off.state = SignOffRequest.State.APPROVED if approve else SignOffRequest.State.REJECTED
    sign_off.decided_by, sign_off.decided_at, sign_off.comment = actor, timezone.now(), comment
    if approve:
        sign_off.record = qualification_register(
            actor=actor,
            membership=membership,
            item=sign_off.item,
            occurred_on=sign_off.performed_on,
            evidence_kind=EvidenceKind.PRACTICAL,
            assessor=actor,
            note=comment,
            source="sign_off",
            context=context,
            backdate_reason=_("Datum van de praktijktoets (aanvraag van %(date)s)")
            % {"date": format_date(sign_off.requested_at)},
        )
    sign_off.save()
    standing_recompute(membership=membership, item=sign_off.item)
    audit(
        f"competences.sign_off.{'approved' if approve else 'rejected'}",
        kind="change",
        actor=actor,
        organisation=membership.organisation,
        subject=membership.user,
        obj=sign_off,
        context=context,
        data={"item": sign_off.item.name, "comment": comment},
    )
    announce(
        kind=f"sign_off.{sign_off.state}",
        obj=sign_off,
        actor=actor,
        recipient_ids=[sign_off.person_id],
    )
    return sign_off


def withdrawable(access: OrgAccess) -> QuerySet[SignOffRequest]:
    """Pending requests this person may withdraw: their own, and as a coordinator
    (``competences.manage``) any of the organisation's (a request for the wrong item, a
    person who left)."""
    pending = SignOffRequest.objects.filter(
        organisation=access.organisation, state=SignOffRequest.State.PENDING
    )
    if access.can("competences.manage"):
        return pending
    return pending.filter(person_id=access.membership.user_id)


@transaction.atomic
def sign_off_withdraw(
    *,
    access: OrgAccess,
    sign_off: SignOffRequest,
    reason: str = "",
    context: AuditContext | None = None,
) -> SignOffRequest:
    """Withdraw a pending request; the employee is told when someone else did it, and the
    assessors' notifications to decide it are marked done."""
    actor = access.membership.user
    locked = withdrawable(access).select_for_update().filter(pk=sign_off.pk).first()
    if locked is None:
        raise ValidationError(_("Deze aanvraag staat niet meer open."))
    sign_off = locked
    own = sign_off.person_id == actor.pk
    if not own and not reason.strip():
        raise ValidationError({"reason": _("Zeg waarom je de aanvraag intrekt.")})
    sign_off.state = SignOffRequest.State.WITHDRAWN
    sign_off.decided_by, sign_off.decided_at, sign_off.comment = actor, timezone.now(), reason
    sign_off.save(update_fields=["state", "decided_by", "decided_at", "comment"])
    membership = Membership.objects.get(
        organisation_id=sign_off.organisation_id, user_id=sign_off.person_id
    )
    standing_recompute(membership=membership, item=sign_off.item)
    audit(
        "competences.sign_off.withdrawn",
        kind="change",
        actor=actor,
        organisation=membership.organisation,
        subject=membership.user,
        obj=sign_off,
        context=context,
        data={"item": sign_off.item.name, "reason": reason},
    )
    # Told once: the employee (unless they withdrew it themselves); the announcement also
    # closes the assessors' open requests to decide.
    announce(
        kind="sign_off.withdrawn",
        obj=sign_off,
        actor=actor,
        recipient_ids=[sign_off.person_id],
    )
    return sign_off
