"""Accept a colleague's credential from another organisation as evidence here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.lib.dates import calendar_day
from zorgwijs.organisations.models import Membership

from ..models import CompetenceItem, CompetenceRecord, EvidenceKind
from ..services import derived_valid_until, qualification_register
from .verifying import Verification

SOURCE = "credential"


def already_imported(*, membership: Membership, jti: str) -> CompetenceRecord | None:
    return CompetenceRecord.objects.filter(
        organisation_id=membership.organisation_id, source=SOURCE, external_ref=jti
    ).first()


def _evidence_kind(item: CompetenceItem) -> str:
    for kind in (EvidenceKind.CERTIFICATE, EvidenceKind.PRIOR_LEARNING):
        if not item.evidence_kinds or kind in item.evidence_kinds:
            return kind
    raise ValidationError(
        {
            "item": _(
                "Voor deze bekwaamheid telt geen extern certificaat of eerder verworven "
                "competentie."
            )
        }
    )


@transaction.atomic
def credential_import(
    *, actor, membership: Membership, item: CompetenceItem, verification: Verification, request=None
) -> CompetenceRecord:
    """Register a qualification from a verified credential. Idempotent per credential (jti)."""
    if not verification.ok:
        raise ValidationError(_("Dit bewijs is niet geldig en kan niet worden overgenomen."))
    jti = verification.jti
    if not jti or len(jti) > 120:
        raise ValidationError(_("Dit bewijs heeft geen bruikbaar kenmerk."))
    earlier = already_imported(membership=membership, jti=jti)
    if earlier is not None:
        raise ValidationError(
            _("Dit bewijs is al overgenomen op %(date)s; er is niets toegevoegd.")
            % {"date": earlier.entered_at.strftime("%d-%m-%Y")}
        )
    assert verification.valid_from is not None, "an ok credential has its validFrom"
    occurred_on = calendar_day(verification.valid_from)  # the Dutch day it was gained
    issuer = verification.issuer.get("name") or verification.issuer.get("id")
    until = verification.valid_until.date() if verification.valid_until else None
    derived = derived_valid_until(item, occurred_on)
    valid_until = until if until and (derived is None or until < derived) else None
    reason = _("Overgenomen uit verifieerbaar bewijs van %(issuer)s") % {"issuer": issuer}
    return qualification_register(
        actor=actor,
        membership=membership,
        item=item,
        occurred_on=min(occurred_on, timezone.localdate()),
        evidence_kind=_evidence_kind(item),
        valid_until=valid_until,
        valid_until_reason=reason if valid_until else "",
        backdate_reason=reason,
        note=_("%(reason)s: %(name)s (%(id)s)")
        % {"reason": reason, "name": verification.achievement.get("name", ""), "id": jti},
        source=SOURCE,
        external_ref=jti,
        request=request,
    )
