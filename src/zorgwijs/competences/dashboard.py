"""Organisation compliance: live aggregates over passport lines, and daily snapshots."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, F, Q

from zorgwijs.organisations.models import Membership, Organisation

from .models import ComplianceSnapshot, PassportLine, RequirementLevel, RiskProfile
from .status import COMPETENT, status_case

# Per dimension: the grouping key and label. Department and function are read from the member
# side (each active member, then their required lines through a covering index); item and risk
# from the line side. Both shapes avoid a table lookup per line (see docs/competences.md).
MEMBER_DIMENSIONS = {
    "department": ("primary_department_id", "primary_department__name"),
    "function": ("job_function_id", "job_function__name"),
}
LINE_DIMENSIONS = {
    "item": ("item_id", "item__name"),
    "risk": ("item__risk_profile", "item__risk_profile"),
}
DIMENSIONS = {**MEMBER_DIMENSIONS, **LINE_DIMENSIONS}


def _counts(field: str, status: str) -> dict:
    """required / competent / expiring / missing over the lines at ``field``."""
    return {
        "required": Count(field),
        "competent": Count(field, filter=Q(**{f"{status}__in": COMPETENT})),
        "expiring": Count(field, filter=Q(**{status: "expiring"})),
        "missing": Count(field, filter=Q(**{f"{status}__in": ("missing", "expired")})),
    }


def _required_lines(organisation: Organisation, on: datetime.date):
    return (
        PassportLine.objects.filter(organisation=organisation, level=RequirementLevel.REQUIRED,
                                    membership__in=Membership.objects.filter(
                                        organisation=organisation).active(on).values("pk"))
        .annotate(status=status_case(on=on))
    )


def _rows_by_member(organisation: Organisation, on: datetime.date, dimension: str):
    key, label = MEMBER_DIMENSIONS[dimension]
    return (
        Membership.objects.filter(organisation=organisation).active(on)
        .filter(passport_lines__level=RequirementLevel.REQUIRED)
        .alias(line_status=status_case(on=on, prefix="passport_lines__"))
        .values(key=F(key), label=F(label))
        .annotate(**_counts("passport_lines", "line_status"))
        .order_by()
    )


def _rows_by_line(organisation: Organisation, on: datetime.date, dimension: str,
                  high_risk_only: bool):
    key, label = LINE_DIMENSIONS[dimension]
    lines = _required_lines(organisation, on)
    if high_risk_only:
        lines = lines.filter(item__risk_profile=RiskProfile.HIGH)
    return lines.values(key=F(key), label=F(label)).annotate(**_counts("pk", "status")).order_by()


def compliance_by(*, organisation: Organisation, on: datetime.date, dimension: str,
                  high_risk_only: bool = False) -> list[dict]:
    """Required and competent counts per department, function, item or risk profile,
    lowest compliance first. One aggregate query."""
    if dimension in MEMBER_DIMENSIONS and not high_risk_only:
        rows = _rows_by_member(organisation, on, dimension)
    else:
        rows = _rows_by_line(organisation, on, dimension, high_risk_only)
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


def compliance_total(*, organisation: Organisation, on: datetime.date,
                     by_department: list[dict] | None = None) -> dict:
    """The organisation's totals: the sum of the per-department rows (every active member is
    in exactly one, "—" for those without a department), so no second pass over the lines."""
    if by_department is None:
        by_department = compliance_by(organisation=organisation, on=on, dimension="department")
    totals = {key: sum(row[key] for row in by_department)
              for key in ("required", "competent", "expiring", "missing")}
    totals["percent"] = (round(100 * totals["competent"] / totals["required"], 1)
                         if totals["required"] else None)
    return totals


@transaction.atomic
def snapshot_take(*, organisation: Organisation, on: datetime.date) -> int:
    """Store today's figures (idempotent: a second run the same day replaces nothing)."""
    if ComplianceSnapshot.objects.filter(organisation=organisation, day=on).exists():
        return 0
    rows = compliance_by(organisation=organisation, on=on, dimension="department")
    total = compliance_total(organisation=organisation, on=on, by_department=rows)
    snapshots = [ComplianceSnapshot(organisation=organisation, day=on, department=None,
                                    required=total["required"], competent=total["competent"],
                                    expiring=total["expiring"])]
    snapshots += [
        ComplianceSnapshot(organisation=organisation, day=on, department_id=row["key"],
                           required=row["required"], competent=row["competent"],
                           expiring=row["expiring"])
        for row in rows if row["key"] is not None
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
