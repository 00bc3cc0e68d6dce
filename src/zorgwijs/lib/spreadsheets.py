"""Spreadsheets in and out: the one writer every export uses and the one reader every upload uses.

Writing: exports carry text that people typed (names, report texts, audit labels). A spreadsheet
runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some programs, after a tab or
carriage return) as a formula, so a member named ``=HYPERLINK("http://…"&A2)`` would leak data
from the manager's sheet. CSV cells that could start a formula get a leading apostrophe (the
spreadsheet then shows the text); XLSX cells are stored as text cells marked "quote prefix", so
Excel and LibreOffice show the text exactly as typed and never evaluate it.

Reading: an upload is bounded by what it *declares*, not only by what it holds. An XLSX of 1.5 KB
can say ``<row r="20000000">`` (each reader would build twenty million empty rows) or claim a
part that unpacks to gigabytes. ``check_table_upload`` refuses such a file before any row is
built (zip sizes, the declared dimension, every row and cell reference), and ``table_rows``
enforces the same limits while it reads.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any
from xml.parsers import expat

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.cell import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from .xlsx import first_sheet_path, xlsx_rows

# Writing

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_VALUES = (bool, int, float, Decimal, datetime.date)  # datetime is a date too


def cell_text(value: object) -> str:
    """``value`` as text that no spreadsheet runs as a formula (a leading apostrophe when it
    could start one)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file for ``csv.writer`` that hands each formatted line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, delimiter: str = ","
) -> Iterator[str]:
    """The lines of a CSV file, one row at a time: a BOM (spreadsheets then read UTF-8), the
    header, the rows; every cell through ``cell_text``."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield "\ufeff" + writer.writerow([cell_text(name) for name in header])
    for row in rows:
        yield writer.writerow([cell_text(value) for value in row])


def csv_response(
    lines: Iterable[str], *, filename: str, no_store: bool = True
) -> StreamingHttpResponse:
    """A CSV download streamed from ``csv_lines``: memory stays flat whatever the size."""
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if no_store:
        response["Cache-Control"] = "no-store"
    return response


def xlsx_append(sheet: Worksheet, values: Sequence[object]) -> None:
    """Append a row of which every text is a text cell, never a formula.

    openpyxl stores a string that starts with ``=`` as a formula; here such a cell is turned
    back into text and marked "quote prefix", so editing it in Excel keeps it text as well.
    Characters that XML cannot hold (control characters) are dropped instead of failing the
    whole export.
    """
    sheet.append(
        [
            value
            if value is None or isinstance(value, PLAIN_VALUES)
            else ILLEGAL_CHARACTERS_RE.sub("", str(value))
            for value in values
        ]
    )
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True


def xlsx_workbook() -> Workbook:
    return Workbook()


def xlsx_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Reading


class TableFileError(Exception):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class TableLimits:
    """What an upload may declare. ``rows`` counts rows after the header by their row number,
    so empty rows in between count too: that is what a reader has to walk through."""

    rows: int
    columns: int = 200
    unpacked_bytes: int = 200 * 1024 * 1024  # all parts of an XLSX together, unzipped

    @property
    def last_row(self) -> int:
        return self.rows + 1  # the header is row 1


CSV_EXTENSIONS = (".csv", ".txt")
XLSX_EXTENSIONS = (".xlsx",)
_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})?\$?(\d+)?$")


def _number(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _too_many_rows(limits: TableLimits) -> TableFileError:
    return TableFileError(
        _("Het bestand heeft meer dan %(max)s rijen; zoveel kan Zorgwijs niet in één keer lezen.")
        % {"max": _number(limits.rows)}
    )


def _too_many_columns(limits: TableLimits) -> TableFileError:
    return TableFileError(
        _("Het bestand heeft meer dan %(max)s kolommen; zoveel kan Zorgwijs niet lezen.")
        % {"max": _number(limits.columns)}
    )


def _unreadable_xlsx() -> TableFileError:
    return TableFileError(_("Het XLSX-bestand is onleesbaar."))


class Bounds:
    """Checks row numbers and column indexes against ``limits`` as a reader meets them."""

    def __init__(self, limits: TableLimits):
        self.limits = limits

    def row(self, number: int) -> None:
        if number > self.limits.last_row:
            raise _too_many_rows(self.limits)

    def column(self, index: int) -> None:
        """``index`` counts from 1 (column A)."""
        if index > self.limits.columns:
            raise _too_many_columns(self.limits)

    def reference(self, reference: str) -> None:
        """A cell or range end such as ``XFD1048576``, ``H``, ``20``."""
        found = _REFERENCE.match(reference.strip())
        if not found:
            raise _unreadable_xlsx()
        letters, digits = found.groups()
        if letters:
            self.column(column_index_from_string(letters.upper()))
        if digits:
            self.row(int(digits))


def _open_archive(file: IO[bytes], limits: TableLimits) -> zipfile.ZipFile:
    """The XLSX container, refused when its parts together unpack to more than the limit (the
    zip reader never unpacks a part beyond its declared size, so the declared sizes bound it)."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _unreadable_xlsx() from error
    if sum(info.file_size for info in archive.infolist()) > limits.unpacked_bytes:
        archive.close()
        raise TableFileError(
            _("Het XLSX-bestand is uitgepakt groter dan %(max)s MB; dat kan Zorgwijs niet lezen.")
            % {"max": limits.unpacked_bytes // (1024 * 1024)}
        )
    return archive


def _scan_sheet(stream: IO[bytes], bounds: Bounds) -> None:
    """Walk the sheet's XML for its declared dimension and every row and cell reference,
    without building anything: the first one beyond the limits ends the walk."""
    parser = expat.ParserCreate(namespace_separator=" ")
    row = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal row
        local = name.rsplit(" ", 1)[-1]
        if local == "row":
            number = attributes.get("r", "")
            row = int(number) if number.isdigit() else row + 1
            bounds.row(row)
        elif local == "c" and attributes.get("r"):
            bounds.reference(attributes["r"])
        elif local == "dimension":
            for end in attributes.get("ref", "").split(":"):
                bounds.reference(end)

    def no_doctype(*_args: object) -> None:
        raise _unreadable_xlsx()  # no XLSX has one; it is how entity bombs start

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = no_doctype
    try:
        while chunk := stream.read(1 << 16):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise _unreadable_xlsx() from error


def check_xlsx(file: IO[bytes], limits: TableLimits) -> None:
    """Refuse an XLSX whose size, dimension, row numbers or columns exceed ``limits``; reads
    the first sheet's XML once as a stream and builds no rows."""
    with _open_archive(file, limits) as archive:
        try:
            sheet_path = first_sheet_path(archive)[0]
            stream = archive.open(sheet_path)
        except (KeyError, zipfile.BadZipFile, expat.ExpatError, OSError) as error:
            raise _unreadable_xlsx() from error
        with stream:
            _scan_sheet(stream, Bounds(limits))


def check_table_upload(upload: IO[bytes], *, filename: str, limits: TableLimits) -> None:
    """For an upload form: refuse a spreadsheet that declares more than ``limits`` before
    anything is stored or read row by row (raises ``TableFileError``). A CSV file declares
    nothing; reading it costs what its size costs, which the form already bounds."""
    if filename.lower().endswith(XLSX_EXTENSIONS):
        try:
            check_xlsx(upload, limits)
        finally:
            upload.seek(0)


def table_rows(file: IO[bytes], *, filename: str, limits: TableLimits) -> Iterator[Sequence[Any]]:
    """The rows of a CSV or XLSX file (first sheet), header first, within ``limits``; raises
    ``TableFileError`` (with a Dutch message) for a file that cannot or may not be read."""
    name = filename.lower()
    if name.endswith(XLSX_EXTENSIONS):
        return _xlsx_table(file.read(), limits)
    if name.endswith(CSV_EXTENSIONS) or not name:
        return csv_rows(decode_text(file.read()), limits=limits)
    raise TableFileError(_("Kies een CSV- of XLSX-bestand."))


def decode_text(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise TableFileError(_("Het bestand is geen CSV-tekstbestand."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in Windows-1252 unless told otherwise.
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_rows(
    text: str, *, limits: TableLimits, delimiter: str | None = None, dialect: Any = None
) -> Iterator[list[str]]:
    """Rows of CSV text within ``limits`` (the header is row 1)."""
    bounds = Bounds(limits)
    if dialect is None:
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter=delimiter or sniff_delimiter(text)
        )
    else:
        reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        for number, row in enumerate(reader, start=1):
            bounds.row(number)
            bounds.column(len(row))
            yield row
    except csv.Error as error:
        raise TableFileError(
            _("Het CSV-bestand is onleesbaar: %(error)s") % {"error": error}
        ) from error


def _xlsx_table(data: bytes, limits: TableLimits) -> Iterator[Sequence[Any]]:
    check_xlsx(io.BytesIO(data), limits)
    bounds = Bounds(limits)
    try:
        rows = list(xlsx_rows(io.BytesIO(data), bounds=bounds))
    except TableFileError:
        raise
    except Exception:  # a file our fast reader does not understand: let openpyxl try
        rows = None
    if rows is not None:
        yield from rows
        return
    yield from openpyxl_rows(io.BytesIO(data), bounds)


def openpyxl_rows(file: IO[bytes], bounds: Bounds) -> Iterator[tuple[Any, ...]]:
    """The first sheet by openpyxl (read-only), which fills gaps with empty rows: they are
    counted, so a gap beyond the limit ends the reading too."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise _unreadable_xlsx() from error
    try:
        for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
            bounds.row(number)
            bounds.column(len(row))
            yield row
    finally:
        workbook.close()
