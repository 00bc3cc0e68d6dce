"""Organisation compliance: live aggregates over passport lines, and daily snapshots."""

from __future__ import annotations

import datetime
from typing import cast

from django.db import transaction
from django.db.models import Count, F, Q

from zorgwijs.organisations.models import Department, JobFunction, Membership, Organisation

from .models import CompetenceItem, ComplianceSnapshot, RequirementLevel, RiskProfile
from .status import COMPETENT, status_case

COUNTS = ("required", "competent", "expiring", "missing")

# Grouping key per dimension and the model that names it. Every aggregate walks the active
# members and seeks each one's required lines in a covering index (docs/competences.md), so it
# reads no table row per line; names come from a second, tiny query, because joining them in
# would look one up per line instead of per group. Risk is summed from the item rows.
DIMENSIONS = {
    "department": ("primary_department_id", Department),
    "function": ("job_function_id", JobFunction),
    "item": ("passport_lines__item_id", CompetenceItem),
    "risk": ("passport_lines__item_id", CompetenceItem),
}


def _counts(on: datetime.date) -> dict:
    """required / competent / expiring / missing over the member's required lines."""
    status = "line_status"
    return {
        "required": Count("passport_lines"),
        "competent": Count("passport_lines", filter=Q(**{f"{status}__in": COMPETENT})),
        "expiring": Count("passport_lines", filter=Q(**{status: "expiring"})),
        "missing": Count("passport_lines", filter=Q(**{f"{status}__in": ("missing", "expired")})),
    }


def _grouped(
    organisation: Organisation, on: datetime.date, key: str, item_ids: list[int] | None = None
) -> list[dict]:
    lines = Q(passport_lines__level=RequirementLevel.REQUIRED)
    if item_ids is not None:
        lines &= Q(passport_lines__item_id__in=item_ids)
    # Rows of values(): dicts, typed by the plugin as its TypedDict of the named columns.
    return cast(
        list[dict],
        list(
            Membership.objects.filter(organisation=organisation)
            .active(on)
            .filter(lines)
            .alias(line_status=status_case(on=on, prefix="passport_lines__"))
            .values(key=F(key))
            .annotate(**_counts(on))
            .order_by()
        ),
    )


def _by_risk(item_rows: list[dict], items: dict[int, CompetenceItem]) -> list[dict]:
    totals: dict[str, dict] = {}
    for row in item_rows:
        risk = items[row["key"]].risk_profile
        total = totals.setdefault(risk, {"key": risk, **dict.fromkeys(COUNTS, 0)})
        for name in COUNTS:
            total[name] += row[name]
    return list(totals.values())


def compliance_by(
    *, organisation: Organisation, on: datetime.date, dimension: str, high_risk_only: bool = False
) -> list[dict]:
    """Required and competent counts per department, function, item or risk profile,
    lowest compliance first. One aggregate query over the lines."""
    key, label_model = DIMENSIONS[dimension]
    item_ids = None
    if high_risk_only:
        item_ids = list(
            CompetenceItem.objects.filter(
                organisation=organisation, risk_profile=RiskProfile.HIGH
            ).values_list("pk", flat=True)
        )
    rows = _grouped(organisation, on, key, item_ids)
    named = {
        obj.pk: obj
        for obj in label_model._default_manager.filter(
            pk__in=[row["key"] for row in rows if row["key"]]
        )
    }
    if dimension == "risk":
        rows = _by_risk(rows, cast(dict[int, CompetenceItem], named))  # label_model is the item
    result = [
        {
            **row,
            "label": _label(dimension, row["key"], named),
            "percent": round(100 * row["competent"] / row["required"], 1),
        }
        for row in rows
    ]
    return sorted(result, key=lambda r: (r["percent"], str(r["label"])))


def _label(dimension: str, key, named: dict) -> str:
    if dimension == "risk":
        return str(RiskProfile(key).label) if key else "—"
    return named[key].name if key in named else "—"


def compliance_total(
    *, organisation: Organisation, on: datetime.date, by_department: list[dict] | None = None
) -> dict:
    """The organisation's totals: the sum of the per-department rows (every active member is
    in exactly one, "—" for those without a department), so no second pass over the lines."""
    if by_department is None:
        by_department = compliance_by(organisation=organisation, on=on, dimension="department")
    totals = {
        key: sum(row[key] for row in by_department)
        for key in ("required", "competent", "expiring", "missing")
    }
    totals["percent"] = (
        round(100 * totals["competent"] / totals["required"], 1) if totals["required"] else None
    )
    return totals


@transaction.atomic
def snapshot_take(*, organisation: Organisation, on: datetime.date) -> int:
    """Store today's figures (idempotent: a second run the same day replaces nothing)."""
    if ComplianceSnapshot.objects.filter(organisation=organisation, day=on).exists():
        return 0
    rows = compliance_by(organisation=organisation, on=on, dimension="department")
    total = compliance_total(organisation=organisation, on=on, by_department=rows)
    snapshots = [
        ComplianceSnapshot(
            organisation=organisation,
            day=on,
            department=None,
            required=total["required"],
            competent=total["competent"],
            expiring=total["expiring"],
        )
    ]
    snapshots += [
        ComplianceSnapshot(
            organisation=organisation,
            day=on,
            department_id=row["key"],
            required=row["required"],
            competent=row["competent"],
            expiring=row["expiring"],
        )
        for row in rows
        if row["key"] is not None
    ]
    ComplianceSnapshot.objects.bulk_create(snapshots)
    return len(snapshots)


def trend(*, organisation: Organisation, until: datetime.date, days: int = 365) -> list[dict]:
    since = until - datetime.timedelta(days=days)
    rows = ComplianceSnapshot.objects.filter(
        organisation=organisation, department__isnull=True, day__gt=since, day__lte=until
    ).values("day", "required", "competent")
    return [
        {
            "day": r["day"].isoformat(),
            "percent": round(100 * r["competent"] / r["required"], 1) if r["required"] else None,
        }
        for r in rows
    ]
