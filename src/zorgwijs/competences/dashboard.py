"""Organisation compliance: live aggregates over passport lines, and daily snapshots."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, F, Q

from zorgwijs.organisations.models import Membership, Organisation

from .models import ComplianceSnapshot, PassportLine, RequirementLevel, RiskProfile
from .status import COMPETENT, status_case

DIMENSIONS = {
    "department": ("membership__primary_department_id", "membership__primary_department__name"),
    "function": ("membership__job_function_id", "membership__job_function__name"),
    "item": ("item_id", "item__name"),
    "risk": ("item__risk_profile", "item__risk_profile"),
}


def _required_lines(organisation: Organisation, on: datetime.date):
    return (
        PassportLine.objects.filter(organisation=organisation, level=RequirementLevel.REQUIRED,
                                    membership__in=Membership.objects.filter(
                                        organisation=organisation).active(on).values("pk"))
        .annotate(status=status_case(on=on))
    )


def compliance_by(*, organisation: Organisation, on: datetime.date, dimension: str,
                  high_risk_only: bool = False) -> list[dict]:
    """Required and competent counts per department, function, item or risk profile,
    lowest compliance first. One aggregate query."""
    key, label = DIMENSIONS[dimension]
    lines = _required_lines(organisation, on)
    if high_risk_only:
        lines = lines.filter(item__risk_profile=RiskProfile.HIGH)
    rows = (
        lines.values(key=F(key), label=F(label))
        .annotate(required=Count("pk"),
                  competent=Count("pk", filter=Q(status__in=COMPETENT)),
                  expiring=Count("pk", filter=Q(status="expiring")))
        .order_by()
    )
    result = [
        {**row, "label": _label(dimension, row["label"]),
         "percent": round(100 * row["competent"] / row["required"], 1)}
        for row in rows
    ]
    return sorted(result, key=lambda r: (r["percent"], str(r["label"])))


def _label(dimension: str, value) -> str:
    if dimension == "risk":
        return str(RiskProfile(value).label) if value else "—"
    return value or "—"


def compliance_total(*, organisation: Organisation, on: datetime.date) -> dict:
    totals = _required_lines(organisation, on).aggregate(
        required=Count("pk"), competent=Count("pk", filter=Q(status__in=COMPETENT)),
        expiring=Count("pk", filter=Q(status="expiring")),
        missing=Count("pk", filter=Q(status__in=("missing", "expired"))),
    )
    totals["percent"] = (round(100 * totals["competent"] / totals["required"], 1)
                         if totals["required"] else None)
    return totals


@transaction.atomic
def snapshot_take(*, organisation: Organisation, on: datetime.date) -> int:
    """Store today's figures (idempotent: a second run the same day replaces nothing)."""
    if ComplianceSnapshot.objects.filter(organisation=organisation, day=on).exists():
        return 0
    total = compliance_total(organisation=organisation, on=on)
    snapshots = [ComplianceSnapshot(organisation=organisation, day=on, department=None,
                                    required=total["required"], competent=total["competent"],
                                    expiring=total["expiring"])]
    snapshots += [
        ComplianceSnapshot(organisation=organisation, day=on, department_id=row["key"],
                           required=row["required"], competent=row["competent"],
                           expiring=row["expiring"])
        for row in compliance_by(organisation=organisation, on=on, dimension="department")
        if row["key"] is not None
    ]
    ComplianceSnapshot.objects.bulk_create(snapshots)
    return len(snapshots)


def trend(*, organisation: Organisation, until: datetime.date, days: int = 365) -> list[dict]:
    since = until - datetime.timedelta(days=days)
    rows = ComplianceSnapshot.objects.filter(
        organisation=organisation, department__isnull=True, day__gt=since, day__lte=until
    ).values("day", "required", "competent")
    return [{"day": r["day"].isoformat(),
             "percent": round(100 * r["competent"] / r["required"], 1) if r["required"] else None}
            for r in rows]
