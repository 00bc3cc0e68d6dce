"""A fast reader for the first worksheet of an XLSX file: cell values, row by row.

openpyxl builds an object per shared string and per cell; for an HR export of 20,000 rows
that takes tens of seconds on a busy two-core machine. Here the XML is streamed with
ElementTree and cells become plain values (text, numbers, dates, booleans). The caller
(``lib.spreadsheets.table_rows``) falls back to openpyxl when this reader does not understand a
file, and passes the bounds that every row and column is checked against before it is built.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any
from xml.etree.ElementTree import iterparse  # noqa: S405  (the zip comes from our own upload)

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

if TYPE_CHECKING:
    from .spreadsheets import Bounds

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def xlsx_rows(file: IO[bytes], *, bounds: Bounds) -> Iterator[tuple[Any, ...]]:
    """Rows of the first sheet; empty rows in between are yielded as ``()``. A row number or
    column beyond ``bounds`` raises before the rows up to it are built."""
    with zipfile.ZipFile(file) as archive:
        names = set(archive.namelist())
        sheet_path, epoch = first_sheet_path(archive)
        strings = _shared_strings(archive) if "xl/sharedStrings.xml" in names else []
        dates = _date_styles(archive) if "xl/styles.xml" in names else set()
        with archive.open(sheet_path) as sheet:
            yield from _sheet_rows(sheet, strings, dates, epoch, bounds)


def first_sheet_path(archive: zipfile.ZipFile) -> tuple[str, Any]:
    epoch = CALENDAR_WINDOWS_1900
    first_id = None
    with archive.open("xl/workbook.xml") as workbook:
        for _event, element in iterparse(workbook):  # noqa: S314  # nosec B314 - expat >= 2.4.1 refuses entity expansion (docs/security.md)
            if element.tag == f"{MAIN}workbookPr" and element.get("date1904") in {"1", "true"}:
                epoch = CALENDAR_MAC_1904
            if element.tag == f"{MAIN}sheet" and first_id is None:
                first_id = element.get(f"{REL}id")
    with archive.open("xl/_rels/workbook.xml.rels") as rels:
        for _event, element in iterparse(rels):  # noqa: S314  # nosec B314 - expat >= 2.4.1 refuses entity expansion (docs/security.md)
            if element.tag == f"{PKG_REL}Relationship" and element.get("Id") == first_id:
                target = element.get("Target", "")
                path = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join("xl", target))
                )
                return path, epoch
    raise KeyError("no worksheet")


def _text(element) -> str:
    """The text of a shared or inline string, without phonetic hints (rPh)."""
    if (plain := element.find(f"{MAIN}t")) is not None:
        return plain.text or ""
    return "".join(run.text or "" for run in element.iterfind(f"{MAIN}r/{MAIN}t"))


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    strings: list[str] = []
    with archive.open("xl/sharedStrings.xml") as source:
        for _event, element in iterparse(source):  # noqa: S314  # nosec B314 - expat >= 2.4.1 refuses entity expansion (docs/security.md)
            if element.tag == f"{MAIN}si":
                strings.append(_text(element))
                element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of cell styles whose number format shows a date."""
    formats = dict(BUILTIN_FORMATS)
    styles: list[int] = []
    in_cell_xfs = False
    with archive.open("xl/styles.xml") as source:
        for event, element in iterparse(source, events=("start", "end")):  # noqa: S314  # nosec B314 - expat >= 2.4.1 refuses entity expansion (docs/security.md)
            if element.tag == f"{MAIN}numFmt" and event == "end":
                formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif element.tag == f"{MAIN}cellXfs":
                in_cell_xfs = event == "start"
            elif element.tag == f"{MAIN}xf" and in_cell_xfs and event == "start":
                styles.append(int(element.get("numFmtId", "0")))
    return {i for i, fmt in enumerate(styles) if is_date_format(formats.get(fmt, "General"))}


def _sheet_rows(
    sheet, strings: list[str], dates: set[int], epoch, bounds: Bounds
) -> Iterator[tuple[Any, ...]]:
    expected = 1
    cells: dict[int, Any] = {}
    for _event, element in iterparse(sheet):  # noqa: S314  # nosec B314 - expat >= 2.4.1 refuses entity expansion (docs/security.md)
        if element.tag == f"{MAIN}c":
            column = _column(element.get("r"), len(cells))
            bounds.column(column + 1)
            cells[column] = _value(element, strings, dates, epoch)
        elif element.tag == f"{MAIN}row":
            number = int(element.get("r") or expected)
            bounds.row(number)
            while expected < number:
                yield ()
                expected += 1
            yield tuple(cells.get(i) for i in range(max(cells, default=-1) + 1))
            expected = number + 1
            cells = {}
            element.clear()


def _column(reference: str | None, default: int) -> int:
    if not reference:
        return default
    letters = reference.rstrip("0123456789")
    return column_index_from_string(letters) - 1


def _value(cell, strings: list[str], dates: set[int], epoch) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(f"{MAIN}is")
        return _text(inline) if inline is not None else None
    raw = cell.findtext(f"{MAIN}v")
    if raw is None or raw == "":
        return None
    if kind == "s":
        return strings[int(raw)]
    if kind in {"str", "e"}:
        return raw
    if kind == "b":
        return raw == "1"
    number = float(raw)
    if int(cell.get("s", "0")) in dates:
        return from_excel(number, epoch)
    return int(number) if number.is_integer() else number
