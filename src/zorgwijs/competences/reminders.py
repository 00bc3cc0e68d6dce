"""Daily reminders before a qualification expires, and managers' weekly digest.

Exactly once, with several workers and after a crash:

1. *claim*: one ``INSERT … ON CONFLICT DO NOTHING`` of ``ReminderSent`` rows (state ``claimed``,
   this run's token). The unique constraint (membership, item, valid_until, offset) lets only
   one run own a reminder; the rows this run owns are the ones with its token. Claims of an
   earlier run that never got to "sent" and are older than the lease are taken over by one
   conditional ``UPDATE`` (a second run re-checks the condition and finds nothing).
2. *send*: per person, one transaction marks the claims ``sent`` (only if this run still owns
   them) and hands the e-mail to ``core.email.email_send``. With the database task backend the
   mail task row commits in that same transaction, so "sent" and "queued for the mail worker"
   are one fact: a crash before it leaves claims to re-send, a crash after it loses nothing.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks import TaskContext, task

from zorgwijs.core.email import email_send
from zorgwijs.core.scheduled import ScheduledJob
from zorgwijs.organisations.access import org_access_for
from zorgwijs.organisations.capabilities import members_with_capability
from zorgwijs.organisations.models import Membership, Organisation

from .models import (
    ClaimState,
    DigestSent,
    PassportLine,
    ReminderPreference,
    ReminderSent,
    ReminderSettings,
    RequirementLevel,
)
from .models.reminders import DEFAULT_OFFSETS
from .status import status_case

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# A claim older than this whose mail was never handed over is re-sent by a later run.
CLAIM_LEASE = datetime.timedelta(minutes=getattr(settings, "COMPETENCE_REMINDER_LEASE_MINUTES", 30))
MAX_OFFSET = 365
DIGEST_MAX_LINES = 200


# Settings --------------------------------------------------------------------------------------


def organisation_offsets(organisation: Organisation) -> list[int]:
    found = ReminderSettings.objects.filter(organisation=organisation).first()
    return sorted(found.offsets, reverse=True) if found and found.offsets else DEFAULT_OFFSETS


def organisation_digest_weekday(organisation: Organisation) -> int:
    found = ReminderSettings.objects.filter(organisation=organisation).first()
    return found.digest_weekday if found else 0


def preference_for(membership: Membership) -> ReminderPreference:
    """The member's preference (unsaved defaults when they never changed anything)."""
    found = ReminderPreference.objects.filter(membership=membership).first()
    return found or ReminderPreference(
        organisation_id=membership.organisation_id, membership=membership
    )


def due_offset(days_left: int, offsets: Iterable[int]) -> int | None:
    """The reminder due with ``days_left`` to go: the smallest offset not yet passed by.

    Someone 25 days before expiry with offsets 90/30/7 gets the 30-day reminder only, also
    when the 90-day one never went out (a qualification registered late).
    """
    reached = [o for o in offsets if days_left <= o]
    return min(reached) if reached else None


# Reminders -------------------------------------------------------------------------------------


def reminders_due(
    *, organisation: Organisation, on: datetime.date
) -> list[tuple[PassportLine, int]]:
    """(line, offset) for every reminder due today; two queries."""
    default = organisation_offsets(organisation)
    preferences = {
        p.membership_id: p for p in ReminderPreference.objects.filter(organisation=organisation)
    }
    horizon = on + datetime.timedelta(days=max([MAX_OFFSET, *default]))
    lines = (
        PassportLine.objects.filter(
            organisation=organisation,
            ever_qualified=True,
            suspended=False,
            valid_until__gte=on,
            valid_until__lte=horizon,
            membership__in=Membership.objects.filter(organisation=organisation)
            .active(on)
            .values("pk"),
        )
        .exclude(level="")
        .filter(Q(exempt_until__isnull=True) | Q(exempt_until__lt=on))
        .select_related("item")
    )
    due: list[tuple[PassportLine, int]] = []
    for line in lines:
        preference = preferences.get(line.membership_id)
        if preference is not None and not preference.reminders_enabled:
            continue
        offsets = preference.offsets if preference and preference.offsets else default
        assert line.valid_until is not None  # the query asks for a date in the window
        offset = due_offset((line.valid_until - on).days, offsets)
        if offset is not None:
            due.append((line, offset))
    return due


def reminders_claim(*, organisation: Organisation, on: datetime.date, token: str) -> int:
    """Claim today's due reminders and take over stale claims; returns how many this run owns."""
    now = timezone.now()
    claims = []
    for line, offset in reminders_due(organisation=organisation, on=on):
        assert line.valid_until is not None  # reminders_due finds dated lines only
        claims.append(
            ReminderSent(
                organisation=organisation,
                membership_id=line.membership_id,
                item_id=line.item_id,
                valid_until=line.valid_until,
                offset=offset,
                claimed_at=now,
                claim_token=token,
            )
        )
    ReminderSent.objects.bulk_create(claims, ignore_conflicts=True)
    ReminderSent.objects.filter(
        organisation=organisation, state=ClaimState.CLAIMED, claimed_at__lt=now - CLAIM_LEASE
    ).update(claim_token=token, claimed_at=now)
    return ReminderSent.objects.filter(
        organisation=organisation, claim_token=token, state=ClaimState.CLAIMED
    ).count()


def reminders_send(*, organisation: Organisation, on: datetime.date, token: str) -> int:
    """Hand this run's claims to the mail task, one e-mail per person; returns e-mails sent."""
    claims = (
        ReminderSent.objects.filter(
            organisation=organisation, claim_token=token, state=ClaimState.CLAIMED
        )
        .select_related("item", "membership__user")
        .order_by("valid_until", "item__name")
    )
    per_person: dict[int, list[ReminderSent]] = defaultdict(list)
    for claim in claims:
        per_person[claim.membership_id].append(claim)
    sent = 0
    for rows in per_person.values():
        sent += _send_reminder(organisation, rows, on=on, token=token)
    return sent


@transaction.atomic
def _send_reminder(organisation, rows: list[ReminderSent], *, on, token: str) -> int:
    owned = ReminderSent.objects.filter(
        pk__in=[r.pk for r in rows], claim_token=token, state=ClaimState.CLAIMED
    ).update(state=ClaimState.SENT, sent_at=timezone.now())
    if owned != len(rows):  # another run took these over meanwhile: leave them to it
        transaction.set_rollback(True)
        return 0
    membership = rows[0].membership
    if not membership.user.email or not membership.user.is_active:
        return 0
    email_send(
        to_user=membership.user,
        template="competences/reminder",
        context={
            "organisation": organisation.name,
            "lines": [
                {
                    "item": r.item.name,
                    "valid_until": r.valid_until.isoformat(),
                    "days": (r.valid_until - on).days,
                }
                for r in rows
            ],
            "passport_url": _url("competences:my_passport", organisation),
            "settings_url": _url("competences:reminder_settings", organisation),
        },
    )
    return 1


def _url(name: str, organisation: Organisation) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"org_slug": organisation.slug})


def reminders_run(
    *, organisation: Organisation, on: datetime.date | None = None, token: str | None = None
) -> int:
    """``token`` names the run: a run resumed under the same token (the daily task, restarted
    after its worker died) sends what the first one claimed but never sent."""
    on = on or timezone.localdate()
    token = token or uuid.uuid4().hex
    with scope(organisation=organisation.pk):
        reminders_claim(organisation=organisation, on=on, token=token)
        return reminders_send(organisation=organisation, on=on, token=token)


# Managers' weekly digest --------------------------------------------------------------------


class LineStatus(TypedDict):
    status: str


if TYPE_CHECKING:
    # A passport line with its status of the day (``status_case``).
    StatusLine: TypeAlias = WithAnnotations[PassportLine, LineStatus]


def digest_lines(*, manager: Membership, on: datetime.date) -> list[StatusLine]:
    """Expiring and expired required lines of the people this manager may see."""
    access = org_access_for(manager.user, manager.organisation.slug)
    members = access.visible_memberships("competences.view_team").active(on)
    return list(
        PassportLine.objects.filter(
            membership__in=members.values("pk"), level=RequirementLevel.REQUIRED
        )
        .annotate(status=status_case(on=on))
        # Validity is what the digest is about: a line under supervision for lack of practice
        # still expires, and its date is as urgent.
        .filter(
            Q(status__in=("expiring", "expired")) | Q(status="supervised", expiring_from__lte=on)
        )
        .select_related("item", "membership__user")
        .order_by("valid_until", "membership__user__full_name")
    )


def digests_run(
    *, organisation: Organisation, on: datetime.date | None = None, token: str | None = None
) -> int:
    """Send this week's digest to every manager who has not had it (on or after the
    organisation's digest weekday, so a missed day is caught up); ``token`` as in
    ``reminders_run``."""
    on = on or timezone.localdate()
    with scope(organisation=organisation.pk):
        if on.weekday() < organisation_digest_weekday(organisation):
            return 0
        week = on - datetime.timedelta(days=on.weekday())
        token = token or uuid.uuid4().hex
        now = timezone.now()
        opted_out = set(
            ReminderPreference.objects.filter(
                organisation=organisation, digest_enabled=False
            ).values_list("membership_id", flat=True)
        )
        managers = (
            members_with_capability("competences.digest")
            .filter(organisation=organisation)
            .active(on)
            .exclude(pk__in=opted_out)
            .select_related("user", "organisation")
        )
        sent = 0
        for manager in managers:
            lines = digest_lines(manager=manager, on=on)
            if lines:
                DigestSent.objects.bulk_create(
                    [
                        DigestSent(
                            organisation=organisation,
                            membership=manager,
                            week=week,
                            lines=len(lines),
                            claimed_at=now,
                            claim_token=token,
                        )
                    ],
                    ignore_conflicts=True,
                )
        DigestSent.objects.filter(
            organisation=organisation, state=ClaimState.CLAIMED, claimed_at__lt=now - CLAIM_LEASE
        ).update(claim_token=token, claimed_at=now)
        for claim in DigestSent.objects.filter(
            organisation=organisation, claim_token=token, state=ClaimState.CLAIMED
        ).select_related("membership__user", "membership__organisation"):
            sent += _send_digest(organisation, claim, on=on, token=token)
        return sent


@transaction.atomic
def _send_digest(organisation, claim: DigestSent, *, on, token: str) -> int:
    owned = DigestSent.objects.filter(
        pk=claim.pk, claim_token=token, state=ClaimState.CLAIMED
    ).update(state=ClaimState.SENT, sent_at=timezone.now())
    user = claim.membership.user
    if not owned or not user.email or not user.is_active:
        return 0
    lines = digest_lines(manager=claim.membership, on=on)
    email_send(
        to_user=user,
        template="competences/digest",
        context={
            "organisation": organisation.name,
            "total": len(lines),
            "expired": sum(line.status == "expired" for line in lines),
            "lines": [
                {
                    "person": line.membership.user.full_name,
                    "item": line.item.name,
                    "status": line.status,
                    "valid_until": line.valid_until.isoformat() if line.valid_until else "",
                }
                for line in lines[:DIGEST_MAX_LINES]
            ],
            "team_url": _url("competences:team", organisation),
            "settings_url": _url("competences:reminder_settings", organisation),
        },
    )
    return 1


# The daily work ----------------------------------------------------------------------------


def daily_work(*, on: datetime.date | None = None, token: str | None = None) -> dict[str, int]:
    """Per organisation: today's compliance snapshot, reminders and (weekly) digests."""
    from .dashboard import snapshot_take

    on = on or timezone.localdate()
    totals = {"organisations": 0, "snapshots": 0, "reminders": 0, "digests": 0}
    with scopes_disabled():
        organisations = list(Organisation.objects.order_by("pk"))
    for organisation in organisations:
        with scope(organisation=organisation.pk):
            totals["snapshots"] += snapshot_take(organisation=organisation, on=on)
        totals["reminders"] += reminders_run(organisation=organisation, on=on, token=token)
        totals["digests"] += digests_run(organisation=organisation, on=on, token=token)
        totals["organisations"] += 1
    return totals


@task(takes_context=True)
def daily(context: TaskContext, *, on: str | None = None) -> dict[str, int]:
    """The daily task (``manage.py zorgwijs_daily --enqueue`` queues it for a worker). Its
    claims carry the task's id, so when a worker killed mid-run leaves it to another
    (core.tasks.RESUMABLE_TASKS) that run sends exactly what the first one had not."""
    return daily_work(
        on=datetime.date.fromisoformat(on) if on else None,
        token=run_token(context.task_result.id),
    )


def run_token(task_id: object) -> str:
    """A task run's claim token: its id without dashes. The database queue's ids are UUIDs,
    36 characters with their dashes, where a claim holds 32 (a run's own ``uuid4().hex``):
    PostgreSQL refused the whole daily run ("value too long"), SQLite stored it."""
    return str(task_id).replace("-", "")


def daily_report(on: datetime.date | None) -> str:
    return (
        "Organisaties: {organisations}, momentopnamen: {snapshots}, "
        "herinneringen: {reminders}, weekoverzichten: {digests}".format(**daily_work(on=on))
    )


DAILY = ScheduledJob(
    name="zorgwijs_daily",
    rhythm="daily",
    help="Dagelijks werk: nalevingsmomentopname, herinneringen en weekoverzichten.",
    run=daily_report,
    task=daily,
    takes_date=True,
)
