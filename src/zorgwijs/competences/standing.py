"""Derive a member's PassportLine standing from their records (never the other way round)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from zorgwijs.organisations.models import Membership

from .models import CompetenceItem, CompetenceRecord, PassportLine, RecordKind, SignOffRequest

FAR_FUTURE = datetime.date.max


@dataclass
class Standing:
    ever_qualified: bool = False
    first_qualified_on: datetime.date | None = None
    last_qualified_on: datetime.date | None = None
    valid_until: datetime.date | None = None
    exempt_until: datetime.date | None = None
    suspended: bool = False


def standing_from_records(records: Iterable[CompetenceRecord]) -> Standing:
    """Fold records (any order) into a standing. Voided records do not count.

    A revocation ends every qualification achieved before it; a later qualification counts
    again from its own date. A suspension holds until a later reinstatement.
    """
    records = list(records)
    voided = {r.voids_id for r in records if r.kind == RecordKind.VOID}
    standing = Standing()
    best_until: datetime.date | None = None
    for record in sorted(records, key=lambda r: (r.occurred_on, r.pk or 0)):
        if record.pk in voided or record.kind == RecordKind.VOID:
            continue
        if record.kind == RecordKind.QUALIFICATION:
            standing.ever_qualified = True
            standing.first_qualified_on = standing.first_qualified_on or record.occurred_on
            standing.last_qualified_on = record.occurred_on
            until = record.valid_until or FAR_FUTURE
            best_until = until if best_until is None else max(best_until, until)
        elif record.kind == RecordKind.REVOCATION and best_until is not None:
            best_until = min(best_until, record.occurred_on - datetime.timedelta(days=1))
        elif record.kind == RecordKind.EXEMPTION:
            standing.exempt_until = max(standing.exempt_until or record.ends_on, record.ends_on)
        elif record.kind == RecordKind.SUSPENSION:
            standing.suspended = True
        elif record.kind == RecordKind.REINSTATEMENT:
            standing.suspended = False
    standing.valid_until = None if best_until == FAR_FUTURE else best_until
    return standing


def standing_recompute(*, membership: Membership, item: CompetenceItem) -> PassportLine:
    """Recompute one line from the records; call inside the service's transaction."""
    records = CompetenceRecord.objects.filter(
        organisation_id=membership.organisation_id, person_id=membership.user_id, item=item
    )
    standing = standing_from_records(records)
    pending = SignOffRequest.objects.filter(
        organisation_id=membership.organisation_id, person_id=membership.user_id, item=item,
        state=SignOffRequest.State.PENDING,
    ).exists()
    line, _ = PassportLine.objects.get_or_create(
        organisation_id=membership.organisation_id, membership=membership, item=item
    )
    line.ever_qualified = standing.ever_qualified
    line.first_qualified_on = standing.first_qualified_on
    line.last_qualified_on = standing.last_qualified_on
    line.valid_until = standing.valid_until
    line.expiring_from = expiring_from(standing.valid_until, item.warning_days)
    line.exempt_until = standing.exempt_until
    line.suspended = standing.suspended
    line.in_progress = pending
    line.save()
    return line


def expiring_from(valid_until: datetime.date | None, warning_days: int) -> datetime.date | None:
    if valid_until is None:
        return None
    return valid_until - datetime.timedelta(days=warning_days)
