"""An organisation's rows per quarter, as the regional monitor counts them: a quarterly
submission as it is, three monthly ones combined. Pure functions over loaded rows."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from . import disclosure
from .indicators import FIGURE_FIELDS, STOCK_FIELDS, atom_values
from .models import FigureRow, PeriodKind, Submission
from .periods import quarter_of


def quarter_rows(
    submissions: Iterable[Submission], rows_by_submission: Mapping[int, list[FigureRow]]
) -> dict:
    """Per organisation and quarter, its rows for that quarter: a quarterly submission as is,
    three monthly ones combined (flows summed, stocks of the last month, absence weighted by
    FTE). An incomplete quarter of months is left out until all three are in."""
    by_org_quarter: dict[tuple[int, datetime.date], list[Submission]] = defaultdict(list)
    for s in submissions:
        by_org_quarter[(s.organisation_id, quarter_of(s.period_start))].append(s)
    result: dict[tuple[int, datetime.date], list[dict]] = {}
    for key, found in by_org_quarter.items():
        quarterly = [s for s in found if s.period_kind == PeriodKind.QUARTER]
        if quarterly:
            result[key] = [_row_dict(r) for r in rows_by_submission.get(quarterly[0].pk, [])]
            continue
        months = sorted(
            (s for s in found if s.period_kind == PeriodKind.MONTH), key=lambda s: s.period_start
        )
        if len(months) != 3:
            continue
        result[key] = combine_months(
            [[_row_dict(r) for r in rows_by_submission.get(m.pk, [])] for m in months]
        )
    return result


def month_rows(
    submissions: Iterable[Submission], rows_by_submission: Mapping[int, list[FigureRow]]
) -> dict:
    """Per organisation and quarter its rows of each of the three months, for organisations
    that delivered that quarter by month (all three months; never a quarterly submission)."""
    by_org_quarter: dict[tuple[int, datetime.date], list[Submission]] = defaultdict(list)
    for s in submissions:
        by_org_quarter[(s.organisation_id, quarter_of(s.period_start))].append(s)
    result: dict[tuple[int, datetime.date], list[list[dict]]] = {}
    for key, found in by_org_quarter.items():
        if any(s.period_kind == PeriodKind.QUARTER for s in found):
            continue
        months = sorted(found, key=lambda s: s.period_start)
        if len(months) != 3:
            continue
        result[key] = [[_row_dict(r) for r in rows_by_submission.get(m.pk, [])] for m in months]
    return result


def _row_dict(row: FigureRow) -> dict:
    out: dict = {name: float(getattr(row, name)) for name in FIGURE_FIELDS}
    out["sector"] = row.sector
    out["function_group"] = row.function_group
    return out


def combine_months(months: Sequence[Sequence[Mapping]]) -> list[dict]:
    combined: dict[tuple[str, str], dict] = {}
    absent: dict[tuple[str, str], float] = defaultdict(float)
    fte_sum: dict[tuple[str, str], float] = defaultdict(float)
    last = len(months) - 1
    for index, rows in enumerate(months):
        for row in rows:
            key = (row["sector"], row["function_group"])
            into = combined.setdefault(
                key, {"sector": key[0], "function_group": key[1], **{n: 0.0 for n in FIGURE_FIELDS}}
            )
            for name in FIGURE_FIELDS:
                if name in STOCK_FIELDS:
                    if index == last:
                        into[name] = row[name]
                elif name != "absence_percent":
                    into[name] += row[name]
            absent[key] += row["absence_percent"] * row["fte"]
            fte_sum[key] += row["fte"]
    for key, into in combined.items():
        into["absence_percent"] = absent[key] / fte_sum[key] if fte_sum[key] else 0.0
    return list(combined.values())


def contributions_of(
    rows: Iterable[Mapping], organisation_id: int
) -> list[disclosure.Contribution]:
    return [
        disclosure.Contribution(
            organisation=organisation_id,
            sector=row["sector"],
            group=row["function_group"],
            values=atom_values(dict(row)),
        )
        for row in rows
    ]
