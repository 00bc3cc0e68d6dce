"""/api/v1/organisations/{org_slug}/monitor/…: a network's published HR aggregates.

The same releases as the monitor page and its exports, so the same suppression: a suppressed
cell is `null` with `suppressed: true`. No organisation's own figures are served here.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Literal

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema

from zorgwijs.api.access import OrgAccess
from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.schemas import SLUG_PATTERN
from zorgwijs.audit.context import audit_context

from .indicators import FAMILIES
from .models import PeriodKind, period_label
from .periods import quarter_of
from .selectors import (
    network_aggregates_open,
    published_cells,
    published_month_cells,
    releases_of,
)

router = Router(tags=["monitor"])
IndicatorFilter = Query(None, description="Alleen deze indicator.")
SinceFilter = Query(None, description="Vanaf dit kwartaal (een datum).")
PeriodFilter = Query(
    "quarter",
    description=(
        "`quarter` (standaard): de kwartalen; `month`: de maanden van de kwartalen die het "
        "netwerk per maand publiceert."
    ),
)

NetworkSlug = Path(
    ..., pattern=SLUG_PATTERN, max_length=60, description="Korte naam van het netwerk."
)

if TYPE_CHECKING:
    IndicatorCode = str
else:
    IndicatorCode = Literal[tuple(f.key for f in FAMILIES)]


class AggregateOut(Schema):
    quarter: str
    period: str
    period_kind: Literal["quarter", "month"]
    indicator: str
    dimension: Literal["total", "sector", "group"]
    member: str
    part: str
    value: float | None
    suppressed: bool
    organisations: int | None


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/monitor/networks/{network_slug}/aggregates",
    "monitor.view",
    response=list[AggregateOut],
    operation_id="monitor_aggregates",
    summary="Regionale HR-cijfers",
    description=(
        "The published cells of a network's HR monitor, per quarter: the region (`total`), "
        "each sector and each function group (`-`: not given), and for indicators with parts "
        "(outflow by reason) each part. With `period=month`, the months of the quarters that "
        "every organisation delivered by month, protected like the quarters (`period` "
        "`2024-01`, `quarter` the quarter it belongs to). A suppressed cell has `value: null` and "
        "`suppressed: true`, exactly as on the page and in the exports. Only for a network the "
        "organisation belongs to (404 otherwise). Capability `monitor.view`."
    ),
)
def aggregates_get(
    request: HttpRequest,
    access: OrgAccess,
    network_slug: str = NetworkSlug,
    indicator: IndicatorCode | None = IndicatorFilter,
    since: datetime.date | None = SinceFilter,
    period: Literal["quarter", "month"] = PeriodFilter,
):
    network = network_aggregates_open(
        access.organisation, network_slug, period=period, context=audit_context(request)
    )
    releases = releases_of(network, since)
    by_period = published_month_cells(releases) if period == "month" else published_cells(releases)
    out = []
    for start, cells in by_period.items():
        for (family, dimension, member, part), cell in cells.items():
            if indicator and family != indicator:
                continue
            out.append(
                {
                    "quarter": period_label(PeriodKind.QUARTER, quarter_of(start)),
                    "period": period_label(period, start),
                    "period_kind": period,
                    "indicator": family,
                    "dimension": dimension,
                    "member": member,
                    "part": part,
                    "value": cell.value,
                    "suppressed": cell.value is None,
                    "organisations": cell.organisations,
                }
            )
    return out
