"""Exports of a network's monitor: CSV and XLSX of the published cells, and the annual report
PDF. They read the same releases as the page, so they carry exactly the same suppression; an
organisation's own exact figures are never in them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from xml.sax.saxutils import escape

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.dates import format_date
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.spreadsheets import (
    csv_lines,
    csv_response,
    xlsx_append,
    xlsx_bytes,
    xlsx_workbook,
)
from zorgwijs.organisations.models import Network

from . import disclosure
from .indicators import FAMILY_BY_KEY, PART_LABELS, FunctionGroup, Sector
from .models import MonitorSettings, PeriodKind, period_display
from .selectors import (
    monitor_settings,
    network_export_open,
    published_cells,
    published_month_cells,
    release_shows_a_figure,
    releases_of,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HIDDEN = "x"  # a suppressed cell in every export


def _header() -> list[str]:
    return [
        _("Periode"),
        _("Indicator"),
        _("Onderdeel"),
        _("Indeling"),
        _("Groep"),
        _("Waarde"),
        _("Organisaties"),
    ]


def _dimension(name: str) -> str:
    return {
        disclosure.TOTAL: _("Regio"),
        disclosure.SECTOR: _("Sector"),
        disclosure.GROUP: _("Functiegroep"),
    }[name]


def _member(dimension: str, member: str) -> str:
    if dimension == disclosure.SECTOR:
        return str(dict(Sector.choices).get(member, member))
    if dimension == disclosure.GROUP:
        return str(dict(FunctionGroup.choices).get(member, _("niet opgegeven")))
    return ""


def export_rows(network: Network, year: int | None = None) -> Iterator[list]:
    releases = releases_of(network)
    if year is not None:
        releases = [r for r in releases if r.quarter.year == year]
    periods = [("quarter", published_cells(releases)), ("month", published_month_cells(releases))]
    for kind, by_period in periods:
        yield from _period_rows(kind, by_period)


def _period_rows(kind: str, by_period: dict) -> Iterator[list]:
    for period, cells in by_period.items():
        for (family, dimension, member, part), cell in cells.items():
            yield [
                period_display(kind, period),
                str(FAMILY_BY_KEY[family].label),
                str(PART_LABELS.get(part, "")),
                _dimension(dimension),
                _member(dimension, member),
                HIDDEN if cell.value is None else cell.value,
                "" if cell.organisations is None else cell.organisations,
            ]


def _rules_text(rules: MonitorSettings) -> str:
    return _(
        "Een cijfer staat er alleen als het van minstens %(n)s organisaties komt en geen "
        "organisatie meer dan %(p)s%% ervan bepaalt of uit de andere bijdragen te schatten is; "
        "percentages alleen over minstens %(d)s fte; "
        "aantallen afgerond op %(r)s. Een x is afgeschermd."
    ) % {
        "n": rules.min_organisations,
        "p": rules.dominance_percent,
        "d": rules.min_denominator,
        "r": rules.rounding_base,
    }


def _network_exported(request: OrgRequest, network_slug: str, fmt: str) -> Network:
    return network_export_open(
        request.org_access.organisation, network_slug, fmt=fmt, context=audit_context(request)
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@org_view("monitor.view")
def export_csv(request: OrgRequest, org_slug: str, network_slug: str) -> StreamingHttpResponse:
    network = _network_exported(request, network_slug, "csv")
    rows = list(export_rows(network))
    return csv_response(csv_lines(_header(), rows), filename=f"hr-monitor-{network.slug}.csv")


@org_view("monitor.view")
def export_xlsx(request: OrgRequest, org_slug: str, network_slug: str) -> HttpResponse:
    network = _network_exported(request, network_slug, "xlsx")
    book = xlsx_workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet), "a new workbook starts with one worksheet"
    sheet.title = _("HR-monitor")
    xlsx_append(sheet, [str(network)])
    sheet["A1"].font = Font(bold=True, size=14)
    xlsx_append(sheet, [_rules_text(monitor_settings(network))])
    xlsx_append(sheet, [])
    xlsx_append(sheet, _header())
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in export_rows(network):
        xlsx_append(sheet, row)
    return _download(xlsx_bytes(book), XLSX, f"hr-monitor-{network.slug}.xlsx")


# The landscape page holds the label column and, side by side, up to twelve period columns.
_LABEL_WIDTH = 70 * mm
_PERIODS_WIDTH = 190 * mm


def annual_report_pdf(network: Network, year: int, rules: MonitorSettings) -> bytes:
    """Per indicator a table of the region and its sectors over the four quarters of ``year``,
    and, for the quarters the network published by month, one over those months: the same
    published cells as the page, so a hidden cell is an x here too."""
    releases = [r for r in releases_of(network) if r.quarter.year == year]
    quarter_cells = published_cells(releases)
    month_cells = published_month_cells(releases)
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    buffer = io.BytesIO()
    title = _("Jaarrapportage HR-monitor %(year)s") % {"year": year}
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=title,
        author="Zorgwijs",
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
    )
    story: list[Flowable] = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(escape(str(network)), styles["Heading2"]),
        Paragraph(escape(_rules_text(rules)), styles["BodyText"]),
        Paragraph(
            escape(_("Gemaakt op %(date)s.") % {"date": format_date(timezone.localdate())}),
            styles["BodyText"],
        ),
        Spacer(1, 6 * mm),
    ]
    empty = _no_figures_text(releases, year)
    if empty:
        # A report without a table: say why, plainly (a year without data, or one whose every
        # regional figure is suppressed).
        story.append(Paragraph(escape(empty), styles["Heading3"]))
    else:
        for index, (key, family) in enumerate(FAMILY_BY_KEY.items()):
            story.append(
                Paragraph(
                    escape(str(family.label)) + (" (%)" if family.kind == "ratio" else ""),
                    styles["Heading3"],
                )
            )
            story.append(_period_table(key, PeriodKind.QUARTER, quarter_cells, small))
            if month_cells:
                story.append(Spacer(1, 2 * mm))
                story.append(_period_table(key, PeriodKind.MONTH, month_cells, small))
            if index % 3 == 2 or month_cells:
                story.append(PageBreak())
    doc.build(story)
    return buffer.getvalue()


def _no_figures_text(releases: list, year: int) -> str:
    """Why the annual report of ``year`` has no table, or "" when it shows a figure."""
    if not releases:
        return _(
            "Over %(year)s zijn er geen gepubliceerde cijfers: er is voor dit jaar nog geen "
            "kwartaal gepubliceerd."
        ) % {"year": year}
    if any(release_shows_a_figure(r) for r in releases):
        return ""
    return _(
        "Over %(year)s zijn er geen cijfers die gedeeld kunnen worden: elk regiocijfer van dit "
        "jaar is afgeschermd, om de cijfers van de afzonderlijke organisaties te beschermen."
    ) % {"year": year}


def _period_table(key: str, kind: str, cells: dict, style) -> Table:
    """The region and its sectors (rows) over the periods of ``cells`` (columns)."""
    periods = sorted(cells)
    heading = _("Regio / sector") if kind == PeriodKind.QUARTER else _("Regio / sector, per maand")
    rows: list[list[str]] = [[heading] + [period_display(kind, p) for p in periods]]
    members = sorted(
        {k[2] for p in periods for k in cells[p] if k[0] == key and k[1] == disclosure.SECTOR}
    )
    lines = [(disclosure.TOTAL, "", _("Regio"))] + [
        (disclosure.SECTOR, m, _member(disclosure.SECTOR, m)) for m in members
    ]
    for dimension, member, label in lines:
        values = []
        for p in periods:
            cell = cells[p].get((key, dimension, member, ""))
            values.append(
                "" if cell is None else HIDDEN if cell.value is None else f"{cell.value:g}"
            )
        rows.append([label, *values])
    width = min(35 * mm, _PERIODS_WIDTH / max(1, len(periods)))
    table = Table(
        [[Paragraph(escape(str(v)), style) for v in row] for row in rows],
        hAlign="LEFT",
        colWidths=[_LABEL_WIDTH] + [width] * len(periods),
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    return table


@org_view("monitor.view")
def annual_report(request: OrgRequest, org_slug: str, network_slug: str, year: int) -> HttpResponse:
    year = max(1900, min(year, 2999))
    network = _network_exported(request, network_slug, f"pdf-{year}")
    content = annual_report_pdf(network, year, monitor_settings(network))
    return _download(content, "application/pdf", f"hr-monitor-{network.slug}-{year}.pdf")
