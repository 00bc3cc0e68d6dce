"""Derive a member's PassportLine standing from their records (never the other way round)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from zorgwijs.lib.dates import add_months
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
    performed_on: list[datetime.date] = field(default_factory=list)  # newest first

    def recency_until(self, item: CompetenceItem) -> datetime.date | None:
        """The last day on which ``item``'s recency rule is met: ``FAR_FUTURE`` when the item
        has no rule (always met), None when it is not met by the performances so far.

        "At least N times in the last M months" holds on day t while the N-th most recent
        performance lies less than M months before t. A qualification counts as a performance.
        Storing "no rule" as always met lets the status CASE decide from the line alone.
        """
        count, months = item.recency_count, item.recency_months
        if not count or not months:
            return FAR_FUTURE
        if len(self.performed_on) < count:
            return None
        return add_months(self.performed_on[count - 1], months) - datetime.timedelta(days=1)


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
        if record.kind in (RecordKind.QUALIFICATION, RecordKind.PERFORMED):
            standing.performed_on.insert(0, record.occurred_on)
        if record.kind == RecordKind.QUALIFICATION:
            standing.ever_qualified = True
            standing.first_qualified_on = standing.first_qualified_on or record.occurred_on
            standing.last_qualified_on = record.occurred_on
            until = record.valid_until or FAR_FUTURE
            best_until = until if best_until is None else max(best_until, until)
        elif record.kind == RecordKind.REVOCATION and best_until is not None:
            best_until = min(best_until, record.occurred_on - datetime.timedelta(days=1))
        elif record.kind == RecordKind.EXEMPTION and record.ends_on is not None:
            # exemption_grant always sets ends_on
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
        organisation_id=membership.organisation_id,
        person_id=membership.user_id,
        item=item,
        state=SignOffRequest.State.PENDING,
    ).exists()
    line, _ = PassportLine.objects.get_or_create(
        organisation_id=membership.organisation_id, membership=membership, item=item
    )
    standing_apply(line, standing, item)
    line.in_progress = pending
    line.save()
    return line


def standing_apply(line: PassportLine, standing: Standing, item: CompetenceItem) -> None:
    """Copy a standing onto a line (not saved): every column the status reads but
    ``in_progress``, which comes from the pending sign-offs."""
    line.ever_qualified = standing.ever_qualified
    line.first_qualified_on = standing.first_qualified_on
    line.last_qualified_on = standing.last_qualified_on
    line.valid_until = standing.valid_until
    line.expiring_from = expiring_from(standing.valid_until, item.warning_days)
    line.exempt_until = standing.exempt_until
    line.suspended = standing.suspended
    line.recency_until = standing.recency_until(item)


def recency_refresh(item: CompetenceItem) -> int:
    """Re-date every line of ``item`` after its recency rule changed: one query for the
    records, one bulk update. Returns the number of lines."""
    records_by_person: dict[int, list[CompetenceRecord]] = {}
    for record in CompetenceRecord.objects.filter(item=item).order_by():
        records_by_person.setdefault(record.person_id, []).append(record)
    lines = list(PassportLine.objects.filter(item=item).select_related("membership"))
    for line in lines:
        standing = standing_from_records(records_by_person.get(line.membership.user_id, []))
        line.recency_until = standing.recency_until(item)
    PassportLine.objects.bulk_update(lines, ["recency_until"], batch_size=1000)
    return len(lines)


def expiring_from(valid_until: datetime.date | None, warning_days: int) -> datetime.date | None:
    if valid_until is None:
        return None
    return valid_until - datetime.timedelta(days=warning_days)


@dataclass(frozen=True)
class RecencySummary:
    """Where a member stands with an item's recency rule on a date, for the history page."""

    count: int  # the rule: at least ``count`` times …
    months: int  # … in the last ``months`` months
    done: int  # performances inside that window
    until: datetime.date | None  # last day the rule is met with the performances so far
    met: bool  # on the date: the same test as the status (``status.status_of``)


def recency_summary(
    item: CompetenceItem, records: Iterable[CompetenceRecord], on: datetime.date
) -> RecencySummary | None:
    if not (item.recency_count and item.recency_months):
        return None
    standing = standing_from_records(records)
    window_start = add_months(on, -item.recency_months)
    done = sum(1 for day in standing.performed_on if window_start < day <= on)
    until = standing.recency_until(item)
    met = until is not None and until >= on
    return RecencySummary(item.recency_count, item.recency_months, done, until, met)
