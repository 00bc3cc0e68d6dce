"""Write operations on qualifications. Each owns its transaction, audit entry and standing.

Records are append-only: registering, exempting, suspending, reinstating, revoking and
correcting all add a record; nothing is changed or deleted. The catalogue and requirement
profile services are in ``services/catalogue.py``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.lib.dates import add_months
from zorgwijs.organisations.models import Membership

from ..assessors import assessor_check
from ..models import CompetenceItem, CompetenceRecord, RecordKind
from ..standing import standing_recompute

if TYPE_CHECKING:
    from typing import Protocol

    from zorgwijs.accounts.models import User

    class ReasonedService(Protocol):
        def __call__(
            self,
            *,
            actor: User,
            membership: Membership,
            item: CompetenceItem,
            reason: str,
            context: AuditContext | None = None,
        ) -> CompetenceRecord: ...


# Registering something that happened more than this many days ago needs a reason.
BACKDATE_GRACE_DAYS = getattr(settings, "COMPETENCE_BACKDATE_GRACE_DAYS", 14)


def derived_valid_until(item: CompetenceItem, occurred_on: datetime.date) -> datetime.date | None:
    if not item.validity_months:
        return None
    return add_months(occurred_on, item.validity_months)


def _check_dates(occurred_on: datetime.date, backdate_reason: str) -> None:
    today = timezone.localdate()
    if occurred_on > today:
        raise ValidationError({"occurred_on": _("Een datum in de toekomst kan niet.")})
    if (today - occurred_on).days > BACKDATE_GRACE_DAYS and not backdate_reason.strip():
        raise ValidationError(
            {
                "backdate_reason": _(
                    "Deze datum ligt meer dan %(days)s dagen terug: geef een reden voor de "
                    "terugdatering."
                )
                % {"days": BACKDATE_GRACE_DAYS}
            }
        )


def _add(
    membership: Membership,
    item: CompetenceItem,
    *,
    actor: User,
    action: str,
    context: AuditContext | None = None,
    **fields: Any,
) -> CompetenceRecord:
    record = CompetenceRecord(
        organisation_id=membership.organisation_id,
        person_id=membership.user_id,
        item=item,
        registered_by=actor,
        **fields,
    )
    record.full_clean(exclude=["voids", "assessor", "registered_by", "evidence_file"])
    record.save()
    standing_recompute(membership=membership, item=item)
    audit(
        f"competences.record.{action}",
        kind="change",
        actor=actor,
        organisation=membership.organisation,
        subject=membership.user,
        obj=record,
        context=context,
        data={
            "item": item.name,
            "kind": record.kind,
            "occurred_on": record.occurred_on.isoformat(),
        },
    )
    return record


@transaction.atomic
def qualification_register(
    *,
    actor: User,
    membership: Membership,
    item: CompetenceItem,
    occurred_on: datetime.date,
    evidence_kind: str,
    valid_until: datetime.date | None = None,
    valid_until_reason: str = "",
    backdate_reason: str = "",
    evidence_file: UploadedFile | None = None,
    note: str = "",
    assessor: User | None = None,
    source: str = "manual",
    external_ref: str = "",
    context: AuditContext | None = None,
) -> CompetenceRecord:
    """Register that a member became competent in an item on ``occurred_on``.

    Validity follows from the item unless overridden with a reason. A late re-certification
    counts from its real date. A named ``assessor`` must be allowed to assess the item on
    ``occurred_on`` (``assessors.may_assess``).
    """
    _check_dates(occurred_on, backdate_reason)
    if item.evidence_kinds and evidence_kind not in item.evidence_kinds:
        raise ValidationError({"evidence_kind": _("Dit bewijs telt niet voor deze bekwaamheid.")})
    derived = derived_valid_until(item, occurred_on)
    if valid_until is not None and valid_until != derived and not valid_until_reason.strip():
        raise ValidationError(
            {
                "valid_until_reason": _(
                    "Geef een reden waarom de geldigheid afwijkt van de standaard."
                )
            }
        )
    if valid_until is not None and valid_until < occurred_on:
        raise ValidationError({"valid_until": _("Geldig tot ligt voor de behaalde datum.")})
    if assessor is not None:
        # Whoever is named assessor vouches for the assessment: only someone competent in the
        # item on that date, or named assessor for it (assessors.py).
        assessor_check(
            organisation_id=membership.organisation_id, assessor=assessor, item=item, on=occurred_on
        )
    record = _add(
        membership,
        item,
        actor=actor,
        action="qualified",
        context=context,
        kind=RecordKind.QUALIFICATION,
        occurred_on=occurred_on,
        valid_until=valid_until if valid_until is not None else derived,
        valid_until_reason=valid_until_reason,
        backdate_reason=backdate_reason,
        evidence_kind=evidence_kind,
        note=note,
        assessor=assessor,
        source=source,
        external_ref=external_ref,
        evidence_file=evidence_file or "",
    )
    return record


@transaction.atomic
def performance_log(
    *,
    actor: User,
    membership: Membership,
    item: CompetenceItem,
    occurred_on: datetime.date,
    note: str = "",
    backdate_reason: str = "",
    context: AuditContext | None = None,
) -> CompetenceRecord:
    """Log that a member performed ``item`` (for its recency rule); it does not qualify them."""
    if not (item.recency_count and item.recency_months):
        raise ValidationError(_("Voor deze bekwaamheid geldt geen recentie-eis."))
    _check_dates(occurred_on, backdate_reason)
    return _add(
        membership,
        item,
        actor=actor,
        action="performed",
        context=context,
        kind=RecordKind.PERFORMED,
        occurred_on=occurred_on,
        note=note,
        backdate_reason=backdate_reason,
    )


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden.")})


@transaction.atomic
def exemption_grant(
    *,
    actor: User,
    membership: Membership,
    item: CompetenceItem,
    reason: str,
    ends_on: datetime.date,
    context: AuditContext | None = None,
) -> CompetenceRecord:
    _require_reason(reason)
    today = timezone.localdate()
    if ends_on < today:
        raise ValidationError(
            {"ends_on": _("De einddatum van een vrijstelling ligt in het verleden.")}
        )
    return _add(
        membership,
        item,
        actor=actor,
        action="exempted",
        context=context,
        kind=RecordKind.EXEMPTION,
        occurred_on=today,
        ends_on=ends_on,
        reason=reason,
    )


def _reasoned(kind: str, action: str) -> ReasonedService:
    """A service that adds a dated record of ``kind`` today, with a mandatory reason."""

    @transaction.atomic
    def service(
        *,
        actor: User,
        membership: Membership,
        item: CompetenceItem,
        reason: str,
        context: AuditContext | None = None,
    ) -> CompetenceRecord:
        _require_reason(reason)
        return _add(
            membership,
            item,
            actor=actor,
            action=action,
            context=context,
            kind=kind,
            occurred_on=timezone.localdate(),
            reason=reason,
        )

    service.__name__ = f"competence_{action}"
    return service


competence_suspend = _reasoned(RecordKind.SUSPENSION, "suspended")
competence_reinstate = _reasoned(RecordKind.REINSTATEMENT, "reinstated")
competence_revoke = _reasoned(RecordKind.REVOCATION, "revoked")


@transaction.atomic
def record_void(
    *,
    actor: User,
    membership: Membership,
    record: CompetenceRecord,
    reason: str,
    context: AuditContext | None = None,
) -> CompetenceRecord:
    """Correct a wrong record: a new record says it no longer counts, with the reason."""
    _require_reason(reason)
    if (
        record.person_id != membership.user_id
        or record.organisation_id != membership.organisation_id
    ):
        raise ValidationError(_("Deze registratie hoort niet bij deze medewerker."))
    if record.kind == RecordKind.VOID or record.voided_by.exists():
        raise ValidationError(_("Deze registratie is al gecorrigeerd."))
    return _add(
        membership,
        record.item,
        actor=actor,
        action="voided",
        context=context,
        kind=RecordKind.VOID,
        occurred_on=timezone.localdate(),
        reason=reason,
        voids=record,
    )
