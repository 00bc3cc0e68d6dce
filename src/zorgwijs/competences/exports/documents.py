"""Render evidence rows as XLSX (openpyxl) and PDF (reportlab): rows in, bytes out."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zorgwijs.lib.dates import format_date
from zorgwijs.lib.spreadsheets import xlsx_append, xlsx_bytes, xlsx_workbook

from .evidence import EvidenceRow


def _date(value: datetime.date | None, empty: str = "") -> str:
    """A PDF's date as a person reads it: "9 mei 2028" (English in English)."""
    return format_date(value) if value else empty


def _columns() -> list[str]:
    return [
        _("Medewerker"),
        _("Personeelsnummer"),
        _("Afdeling"),
        _("Bekwaamheid"),
        _("Soort"),
        _("Status"),
        _("Bekwaam sinds"),
        _("Laatst behaald"),
        _("Geldig tot"),
        _("Bewijs"),
        _("Afgetekend door"),
        _("Geregistreerd door"),
    ]


def _values(row: EvidenceRow) -> list:
    until = row.valid_until or (_("onbeperkt") if row.since else None)
    return [
        row.person,
        row.employee_number,
        row.department,
        row.item,
        row.item_kind,
        row.status_label,
        row.since,
        row.last_on,
        until,
        row.evidence,
        row.assessor,
        row.registered_by,
    ]


def evidence_pack_xlsx(*, cover: Sequence[tuple[str, str]], rows: Sequence[EvidenceRow]) -> bytes:
    """A cover sheet (what, for whom, when, by whom) and one sheet with a row per person × item."""
    book = xlsx_workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet), "a new workbook starts with one worksheet"
    sheet.title = _("Verantwoording")
    xlsx_append(sheet, [_("Bewijsoverzicht bekwaamheden")])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in cover:
        xlsx_append(sheet, [label, value])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 60
    data = book.create_sheet(_("Bekwaamheden"))
    xlsx_append(data, _columns())
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(data, _values(row))
    for index in (7, 8, 9):
        for cell in data[get_column_letter(index)][1:]:
            cell.number_format = "DD-MM-YYYY"
    for index, width in enumerate((24, 14, 20, 30, 20, 18, 14, 14, 14, 26, 22, 22), start=1):
        data.column_dimensions[get_column_letter(index)].width = width
    data.freeze_panes = "A2"
    data.auto_filter.ref = data.dimensions
    return xlsx_bytes(book)


def _pdf(
    title: str,
    cover: Sequence[tuple[str, str]],
    header: list[str],
    body: list[list[str]],
    widths: list[float],
) -> bytes:
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7.5, leading=9)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=title,
        author="Zorgwijs",
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
    )
    cell = lambda text: Paragraph(escape(str(text)), small)  # noqa: E731
    story: list[Flowable] = [Paragraph(escape(title), styles["Title"])]
    facts = Table(
        [[cell(label), cell(value)] for label, value in cover],
        colWidths=[50 * mm, 200 * mm],
        hAlign="LEFT",
    )
    facts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [facts, Spacer(1, 6 * mm)]
    if body:
        table = Table(
            [[cell(h) for h in header]] + [[cell(v) for v in row] for row in body],
            colWidths=[w * mm for w in widths],
            repeatRows=1,
        )
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    else:
        story.append(Paragraph(escape(_("Geen gegevens voor deze selectie.")), styles["BodyText"]))
    doc.build(story)
    return buffer.getvalue()


def evidence_pack_pdf(*, cover: Sequence[tuple[str, str]], rows: Sequence[EvidenceRow]) -> bytes:
    header = [
        _("Medewerker"),
        _("Afdeling"),
        _("Bekwaamheid"),
        _("Status"),
        _("Bekwaam sinds"),
        _("Geldig tot"),
        _("Bewijs"),
        _("Afgetekend door"),
    ]
    body = [
        [
            r.person,
            r.department,
            r.item,
            r.status_label,
            _date(r.since),
            _date(r.valid_until, _("onbeperkt") if r.since else ""),
            r.evidence,
            r.assessor,
        ]
        for r in rows
    ]
    return _pdf(
        _("Bewijsoverzicht bekwaamheden"), cover, header, body, [40, 32, 50, 24, 22, 22, 40, 40]
    )


def passport_pdf(*, cover: Sequence[tuple[str, str]], rows: Sequence[EvidenceRow]) -> bytes:
    header = [
        _("Bekwaamheid"),
        _("Soort"),
        _("Status"),
        _("Bekwaam sinds"),
        _("Laatst behaald"),
        _("Geldig tot"),
        _("Bewijs"),
        _("Afgetekend door"),
    ]
    body = [
        [
            r.item,
            r.item_kind,
            r.status_label,
            _date(r.since),
            _date(r.last_on),
            _date(r.valid_until, _("onbeperkt") if r.since else ""),
            r.evidence,
            r.assessor,
        ]
        for r in rows
    ]
    return _pdf(_("Bekwaamheidspaspoort"), cover, header, body, [58, 32, 26, 22, 22, 22, 45, 43])
