"""Writes of the monitor: submissions (each a version), confirming derived figures, the
network's rules, and the releases that publish a quarter. Each owns its transaction and audit."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.organisations.models import Membership, Network, NetworkMembership, Organisation

from . import disclosure
from .indicators import (
    FAMILY_BY_KEY,
    FIGURE_FIELDS,
    SECTOR_OF_KIND,
    Sector,
)
from .models import (
    FigureRow,
    IndicatorLink,
    MonitorSettings,
    PeriodKind,
    Release,
    Source,
    Submission,
    SubmissionStatus,
)
from .periods import add_months, period_end, quarter_of
from .quarters import contributions_of, month_rows, quarter_rows
from .validation import period_errors, row_errors

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User


def _row_validation(rows: Sequence[Mapping[str, object]]) -> None:
    errors = row_errors(rows)
    if errors:
        messages = [
            (_("Rij %(row)s: %(message)s") % {"row": index + 1, "message": message})
            if len(rows) > 1
            else message
            for index, _field, message in errors
        ]
        raise ValidationError({"rows": messages})


def _next_version(organisation: Organisation, kind: str, start: datetime.date) -> int:
    latest = Submission.objects.filter(
        organisation=organisation, period_kind=kind, period_start=start
    ).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


def _current(organisation: Organisation, kind: str, start: datetime.date) -> Submission | None:
    return (
        Submission.objects.select_for_update()
        .filter(
            organisation=organisation,
            period_kind=kind,
            period_start=start,
            status=SubmissionStatus.SHARED,
        )
        .first()
    )


def _other_kind_overlaps(organisation: Organisation, kind: str, start: datetime.date) -> bool:
    """A quarter and its months cannot both be shared: the region counts one or the other."""
    if kind == PeriodKind.QUARTER:
        months = [add_months(start, i) for i in range(3)]
        return Submission.objects.filter(
            organisation=organisation,
            period_kind=PeriodKind.MONTH,
            period_start__in=months,
            status=SubmissionStatus.SHARED,
        ).exists()
    return Submission.objects.filter(
        organisation=organisation,
        period_kind=PeriodKind.QUARTER,
        period_start=quarter_of(start),
        status=SubmissionStatus.SHARED,
    ).exists()


def overlap_error(organisation: Organisation, kind: str, start: datetime.date) -> str | None:
    """Why figures for this period cannot be shared next to those already shared, or None."""
    if not _other_kind_overlaps(organisation, kind, start):
        return None
    return _(
        "Voor dit kwartaal zijn al cijfers per maand gedeeld, of voor deze maand al cijfers "
        "over het hele kwartaal. Kies dezelfde soort periode."
    )


def submission_create(
    *,
    actor: User,
    organisation: Organisation,
    period_kind: str,
    period_start: datetime.date,
    rows: Sequence[Mapping[str, object]],
    source: str = Source.FORM,
    reason: str = "",
    share: bool = True,
    context: AuditContext | None = None,
) -> Submission:
    """A new version of the figures of one period. Shared at once (form, upload: the person who
    enters them is the one who confirms) or as a draft to review (derived from HR data). A period
    that already has shared figures needs a reason: the correction is a new version, visible as
    such, never a silent overwrite."""
    message = period_errors(period_kind, period_start)
    if message:
        raise ValidationError({"period": message})
    _row_validation(rows)
    with transaction.atomic():
        current = _current(organisation, period_kind, period_start)
        if share and current is not None and not reason.strip():
            raise ValidationError(
                {
                    "reason": _(
                        "Voor %(period)s zijn al cijfers gedeeld (versie %(version)s). Dit wordt "
                        "een correctie: geef de reden."
                    )
                    % {"period": current.period_display, "version": current.version}
                }
            )
        overlap = overlap_error(organisation, period_kind, period_start) if share else None
        if overlap:
            raise ValidationError({"period": overlap})
        submission = Submission.objects.create(
            organisation=organisation,
            period_kind=period_kind,
            period_start=period_start,
            version=_next_version(organisation, period_kind, period_start),
            status=SubmissionStatus.DRAFT,
            source=source,
            reason=reason.strip()[:500],
            created_by=actor,
        )
        FigureRow.objects.bulk_create(
            FigureRow(
                organisation=organisation,
                submission=submission,
                sector=str(row["sector"]),
                function_group=str(row.get("function_group") or ""),
                **{name: row.get(name) or 0 for name in FIGURE_FIELDS},
            )
            for row in rows
        )
        record(
            "monitor.submission.created",
            kind="change",
            actor=actor,
            organisation=organisation,
            obj=submission,
            context=context,
            data={
                "period": submission.period_label,
                "version": submission.version,
                "source": source,
                "rows": len(rows),
                "correction": bool(current),
            },
        )
        if share:
            _share(submission, current, actor=actor, context=context)
    return submission


def _share(
    submission: Submission, current: Submission | None, *, actor: User, context: AuditContext | None
) -> None:
    if current is not None:
        current.status = SubmissionStatus.SUPERSEDED
        current.save(update_fields=["status"])
    # A draft of the same period (derived figures) is answered by what is shared now.
    Submission.objects.filter(
        organisation=submission.organisation,
        period_kind=submission.period_kind,
        period_start=submission.period_start,
        status=SubmissionStatus.DRAFT,
    ).exclude(pk=submission.pk).update(status=SubmissionStatus.DISCARDED)
    submission.status = SubmissionStatus.SHARED
    submission.confirmed_by = actor
    submission.confirmed_at = timezone.now()
    submission.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    record(
        "monitor.submission.shared",
        kind="change",
        actor=actor,
        organisation=submission.organisation,
        obj=submission,
        context=context,
        data={"period": submission.period_label, "version": submission.version},
    )
    releases_refresh_for(submission.organisation, [quarter_of(submission.period_start)])


def submission_confirm(
    *, actor: User, submission: Submission, reason: str = "", context: AuditContext | None = None
) -> Submission:
    """Share a draft (figures derived from HR data) after the organisation has reviewed it."""
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != SubmissionStatus.DRAFT:
            raise ValidationError(_("Dit concept is al gedeeld of vervallen."))
        current = _current(locked.organisation, locked.period_kind, locked.period_start)
        if current is not None and not (reason or locked.reason).strip():
            raise ValidationError(
                {
                    "reason": _(
                        "Voor %(period)s zijn al cijfers gedeeld (versie %(version)s). Dit wordt "
                        "een correctie: geef de reden."
                    )
                    % {"period": current.period_display, "version": current.version}
                }
            )
        if _other_kind_overlaps(locked.organisation, locked.period_kind, locked.period_start):
            raise ValidationError(
                {
                    "reason": _(
                        "Voor deze periode zijn al cijfers van een andere soort periode gedeeld."
                    )
                }
            )
        if reason.strip():
            locked.reason = reason.strip()[:500]
            locked.save(update_fields=["reason"])
        _share(locked, current, actor=actor, context=context)
    return locked


def submission_discard(
    *, actor: User, submission: Submission, context: AuditContext | None = None
) -> None:
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != SubmissionStatus.DRAFT:
            raise ValidationError(_("Alleen een concept kan vervallen."))
        locked.status = SubmissionStatus.DISCARDED
        locked.save(update_fields=["status"])
        record(
            "monitor.submission.discarded",
            kind="change",
            actor=actor,
            organisation=locked.organisation,
            obj=locked,
            context=context,
            data={"period": locked.period_label, "version": locked.version},
        )


def derived_rows(organisation: Organisation, kind: str, start: datetime.date) -> list[dict]:
    """Figures from Zorgwijs's own HR data: people employed at the end of the period, who started
    in it (inflow) and who left in it (outflow; the reason is not known, so "other"). The rest
    (FTE, absence, vacancies) is not kept in Zorgwijs and is filled in when reviewing."""
    end = period_end(kind, start)
    memberships = Membership.objects.filter(organisation=organisation)
    headcount = memberships.active(end).count()
    inflow = memberships.filter(start_date__gte=start, start_date__lte=end).count()
    # Someone whose last day is the last day of the previous period was counted there and
    # leaves in this one; someone whose last day is this period's last is still counted now.
    outflow = memberships.filter(
        end_date__gte=start - datetime.timedelta(days=1), end_date__lt=end
    ).count()
    row: dict[str, object] = {name: 0 for name in FIGURE_FIELDS}
    row.update(
        sector=SECTOR_OF_KIND.get(organisation.kind, Sector.OTHER),
        function_group="",
        headcount=headcount,
        inflow=inflow,
        outflow_other=outflow,
    )
    return [row]


def submission_derive(
    *,
    actor: User,
    organisation: Organisation,
    period_kind: str,
    period_start: datetime.date,
    context: AuditContext | None = None,
) -> Submission:
    """A draft from HR data; earlier drafts of the period lapse. Nothing is shared until the
    organisation confirms it (submission_confirm)."""
    message = period_errors(period_kind, period_start)
    if message:
        raise ValidationError({"period": message})
    with transaction.atomic():
        Submission.objects.filter(
            organisation=organisation,
            period_kind=period_kind,
            period_start=period_start,
            status=SubmissionStatus.DRAFT,
        ).update(status=SubmissionStatus.DISCARDED)
        return submission_create(
            actor=actor,
            organisation=organisation,
            period_kind=period_kind,
            period_start=period_start,
            rows=derived_rows(organisation, period_kind, period_start),
            source=Source.DERIVED,
            share=False,
            context=context,
        )


# The network's rules


def settings_for(network: Network) -> MonitorSettings:
    found = MonitorSettings.objects.filter(network=network).first()
    return found or MonitorSettings(network=network)


def rules_of(settings: MonitorSettings) -> disclosure.Rules:
    return disclosure.Rules(
        min_organisations=settings.min_organisations,
        dominance_percent=settings.dominance_percent,
        min_denominator=settings.min_denominator,
        rounding_base=settings.rounding_base,
    )


def settings_update(
    *, actor: User, network: Network, values: Mapping[str, int], context: AuditContext | None = None
) -> MonitorSettings:
    errors = {}
    for name, (low, high) in disclosure.BOUNDS.items():
        value = values.get(name)
        if value is None or not low <= int(value) <= high:
            errors[name] = _("Kies een waarde van %(low)s tot en met %(high)s.") % {
                "low": low,
                "high": high,
            }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        settings, _created = MonitorSettings.objects.select_for_update().get_or_create(
            network=network
        )
        before = {name: getattr(settings, name) for name in disclosure.BOUNDS}
        for name in disclosure.BOUNDS:
            setattr(settings, name, int(values[name]))
        settings.save()
        record(
            "monitor.settings.updated",
            kind="change",
            actor=actor,
            obj=settings,
            context=context,
            data={
                "network": network.slug,
                "before": before,
                "after": {n: int(values[n]) for n in disclosure.BOUNDS},
            },
        )
        releases_refresh(network)
    return settings


# Links between indicators and the network's topics and actions


def indicator_links_save(
    *,
    actor: User,
    network: Network,
    selected: Mapping[str, Sequence[str]],
    organisation: Organisation | None = None,
    context: AuditContext | None = None,
) -> int:
    """Replace the network's links: per indicator key the chosen ``topic:<id>`` and
    ``action:<id>`` values. An action links its topic too. Anything that is not this network's
    topic or action, or an unknown indicator, is refused and nothing changes. Returns the number
    of links."""
    from zorgwijs.networks.models import Action, Topic

    topics = {t.pk: t for t in Topic.objects.filter(network=network)}
    actions = {a.pk: a for a in Action.objects.filter(topic__network=network)}
    wanted: dict[tuple[str, int], set[int]] = {}
    errors: dict[str, str] = {}
    for key, values in selected.items():
        if key not in FAMILY_BY_KEY:
            errors[key] = _("Onbekende indicator.")
            continue
        for value in values:
            kind, _sep, raw = str(value).partition(":")
            number = int(raw) if raw.isdigit() else None
            if kind == "topic" and number in topics:
                wanted.setdefault((key, number), set())
            elif kind == "action" and number in actions:
                wanted.setdefault((key, actions[number].topic_id), set()).add(number)
            else:
                errors[key] = _("Kies thema's en acties van dit netwerk.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = sorted(
            IndicatorLink.objects.filter(network=network).values_list("indicator", "topic_id")
        )
        IndicatorLink.objects.filter(network=network).delete()
        for (key, topic_id), action_ids in sorted(wanted.items()):
            link = IndicatorLink.objects.create(network=network, indicator=key, topic_id=topic_id)
            if action_ids:
                link.actions.set(sorted(action_ids))
        record(
            "monitor.links.updated",
            kind="change",
            actor=actor,
            organisation=organisation,
            context=context,
            data={
                "network": network.slug,
                "before": [f"{k}:{t}" for k, t in before],
                "after": [f"{k}:{t}:{sorted(a)}" for (k, t), a in sorted(wanted.items())],
            },
        )
    return len(wanted)


# Releases


def network_quarter_rows(network: Network, quarters: Sequence[datetime.date] | None = None) -> dict:
    """Per (organisation id, quarter) the rows that count for the network: the current shared
    figures of its member organisations. Reads across organisations, so outside any scope; only
    disclosure-controlled cells leave this module."""
    return network_period_rows(network, quarters)[0]


def network_period_rows(
    network: Network, quarters: Sequence[datetime.date] | None = None
) -> tuple[dict, dict]:
    """``network_quarter_rows`` and, per (organisation id, quarter) delivered by month, the
    rows of each month (quarters.month_rows)."""
    with scopes_disabled():
        members = list(
            NetworkMembership.objects.filter(network=network).values_list(
                "organisation_id", flat=True
            )
        )
        submissions = Submission.objects.filter(
            organisation_id__in=members, status=SubmissionStatus.SHARED
        )
        if quarters is not None:
            months = [add_months(q, i) for q in quarters for i in range(3)]
            submissions = submissions.filter(period_start__in=months)
        found = list(submissions)
        rows: dict[int, list[FigureRow]] = defaultdict(list)
        for row in FigureRow.objects.filter(submission__in=[s.pk for s in found]):
            rows[row.submission_id].append(row)
    return quarter_rows(found, rows), month_rows(found, rows)


def _cells_from(
    contributions: Sequence[disclosure.Contribution],
    rules: disclosure.Rules,
    visible: set | None = None,
) -> dict[disclosure.CellKey, disclosure.Cell]:
    cells = disclosure.protect_cells(contributions, rules)
    if visible is not None:
        for key, cell in cells.items():
            cell.hidden = key not in visible
    return cells


# A quarter is published when its submission window has closed: six weeks after its end. Until
# then its figures come in one by one and nothing is shown, so the first release holds every
# organisation that made it in time; what comes later is a change (see releases_refresh).
PUBLICATION_DELAY = datetime.timedelta(weeks=6)


def publication_due(quarter: datetime.date, today: datetime.date) -> bool:
    return period_end(PeriodKind.QUARTER, quarter) + PUBLICATION_DELAY < today


def last_due_quarter(today: datetime.date) -> datetime.date:
    """The newest quarter whose submission window has closed by ``today``: the previous one
    from six weeks into a quarter, the one before that until then."""
    quarter = add_months(quarter_of(today), -3)
    while not publication_due(quarter, today):
        quarter = add_months(quarter, -3)
    return quarter


def releases_publish_due(network: Network, released: Sequence[datetime.date] | None = None) -> bool:
    """Publish the quarters whose window has closed since the last release. Run by the daily
    task (tasks.py: ``releases_publish_all``), never by a reader: a GET writes nothing. It costs
    one query when nothing is due. True when something was added."""
    if released is None:
        released = list(Release.objects.filter(network=network).values_list("quarter", flat=True))
    last_due = last_due_quarter(timezone.localdate())
    first = add_months(last_due, -3 * 23)  # six years back is more than the monitor shows
    missing, quarter = [], first
    while quarter <= last_due:
        if quarter not in released:
            missing.append(quarter)
        quarter = add_months(quarter, 3)
    if not missing:
        return False
    with scopes_disabled():
        members = NetworkMembership.objects.filter(network=network).values("organisation_id")
        months = [add_months(q, i) for q in missing for i in range(3)]
        waiting = Submission.objects.filter(
            organisation_id__in=members, status=SubmissionStatus.SHARED, period_start__in=months
        ).exists()
    if not waiting:
        return False
    with transaction.atomic():
        return bool(releases_refresh(network, missing))


def releases_refresh(
    network: Network, quarters: Sequence[datetime.date] | None = None
) -> list[Release]:
    """(Re)publish the network's quarters whose submission window has closed. A quarter
    published before is replaced only when the change is itself safe to publish
    (disclosure.changes_are_safe); otherwise the earlier release stays and counts the
    organisations whose newer figures wait."""
    today = timezone.localdate()
    rules = rules_of(settings_for(network))
    values, by_month = network_period_rows(network, quarters)
    wanted = sorted({q for (_org, q) in values} | set(quarters or []))
    wanted = [q for q in wanted if publication_due(q, today)]
    existing = {r.quarter: r for r in Release.objects.filter(network=network, quarter__in=wanted)}
    now = timezone.now()
    changed: list[Release] = []
    for quarter in wanted:
        snapshot = {str(org): rows for (org, q), rows in sorted(values.items()) if q == quarter}
        contributions = [
            c for org, rows in snapshot.items() for c in contributions_of(rows, int(org))
        ]
        cells = disclosure.protect_cells(contributions, rules)
        published = [p.as_list() for p in disclosure.publish(cells, rules)]
        month_snapshot = {
            str(org): months for (org, q), months in sorted(by_month.items()) if q == quarter
        }
        month_cells = _month_cells(snapshot, month_snapshot, cells, rules)
        months = _published_months(quarter, month_cells, rules)
        release = existing.get(quarter)
        if release is not None:
            if (
                release.snapshot == snapshot
                and release.cells == published
                and release.months == months
            ):
                continue
            old_contributions = [
                c
                for org, rows in release.snapshot.items()
                for c in contributions_of(rows, int(org))
            ]
            visible = {tuple(item[:4]) for item in release.cells if item[4] is not None}
            old = _cells_from(old_contributions, rules, visible)
            if not disclosure.changes_are_safe(old, cells, rules):
                waiting = sum(
                    1
                    for org in set(snapshot) | set(release.snapshot)
                    if snapshot.get(org) != release.snapshot.get(org)
                )
                if release.pending != waiting:
                    release.pending = waiting
                    release.save(update_fields=["pending"])
                continue
            if release.months and not _months_change_safe(release, month_cells, rules):
                # The months' change would expose one organisation's correction: the months
                # are withdrawn (the quarter, which is safe, is published).
                months, month_snapshot = {}, {}
            release.cells, release.snapshot, release.pending, release.released_at = (
                published,
                snapshot,
                0,
                now,
            )
            release.months, release.month_snapshot = months, month_snapshot
            release.save(
                update_fields=[
                    "cells",
                    "snapshot",
                    "pending",
                    "released_at",
                    "months",
                    "month_snapshot",
                ]
            )
        else:
            release = Release.objects.create(
                network=network,
                quarter=quarter,
                cells=published,
                snapshot=snapshot,
                months=months,
                month_snapshot=month_snapshot if months else {},
                released_at=now,
            )
        changed.append(release)
    return changed


def _month_contributions(month_snapshot: Mapping[str, list]) -> list[list]:
    return [
        [c for org, months in month_snapshot.items() for c in contributions_of(months[i], int(org))]
        for i in range(3)
    ]


def _month_cells(
    snapshot: Mapping[str, list],
    month_snapshot: Mapping[str, list],
    quarter_cells: Mapping,
    rules: disclosure.Rules,
) -> list[dict] | None:
    """The protected cells of the quarter's months, or None unless every organisation counted
    in the quarter delivered it by month (a quarterly organisation's figures would otherwise be
    the difference between the quarter and its months)."""
    if not snapshot or set(month_snapshot) != set(snapshot):
        return None
    return disclosure.protect_months(
        _month_contributions(month_snapshot), dict(quarter_cells), rules
    )


def _published_months(
    quarter: datetime.date, month_cells: list[dict] | None, rules: disclosure.Rules
) -> dict:
    if month_cells is None:
        return {}
    return {
        add_months(quarter, i).isoformat(): [p.as_list() for p in disclosure.publish(cells, rules)]
        for i, cells in enumerate(month_cells)
    }


def _months_change_safe(
    release: Release, month_cells: list[dict] | None, rules: disclosure.Rules
) -> bool:
    """Whether the months published before may be replaced by ``month_cells``: per month the
    same check as a quarter's (disclosure.changes_are_safe)."""
    if month_cells is None or not release.month_snapshot:
        return False
    old = _month_contributions(release.month_snapshot)
    for i, new in enumerate(month_cells):
        published = release.months.get(add_months(release.quarter, i).isoformat(), [])
        visible = {tuple(item[:4]) for item in published if item[4] is not None}
        if not disclosure.changes_are_safe(_cells_from(old[i], rules, visible), new, rules):
            return False
    return True


def releases_refresh_for(organisation: Organisation, quarters: Sequence[datetime.date]) -> None:
    for network in Network.objects.filter(memberships__organisation=organisation):
        releases_refresh(network, quarters)
