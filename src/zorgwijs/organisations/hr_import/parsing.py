"""Read an HR export (CSV or XLSX) into rows of text keyed by field, with file row numbers.

Header names may be Dutch or English, in any case; columns we do not know are ignored. A
column that is absent leaves that field untouched on import (``RawRow.values`` lacks the key);
a column that is present with an empty cell clears the field.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgwijs.lib.spreadsheets import TableFileError, TableLimits, table_rows

FIELDS = (
    "employee_number",
    "name",
    "email",
    "function",
    "department",
    "manager",
    "start_date",
    "end_date",
)
REQUIRED_FIELDS = ("employee_number", "name", "email")

# Header names after normalisation (lower case, letters and digits only). The employee number's
# names serve every import that names people by it (HR, qualifications).
EMPLOYEE_NUMBER_HEADERS = dict.fromkeys(
    [
        "personeelsnummer",
        "personeelsnr",
        "persnr",
        "employeenumber",
        "employeeno",
        "employeeid",
        "staffnumber",
    ],
    "employee_number",
)
HEADER_ALIASES: dict[str, str] = {
    **EMPLOYEE_NUMBER_HEADERS,
    **dict.fromkeys(["naam", "volledigenaam", "name", "fullname"], "name"),
    **dict.fromkeys(["email", "emailadres", "emailaddress", "mail", "mailadres"], "email"),
    **dict.fromkeys(["functie", "function", "jobfunction", "jobtitle", "role"], "function"),
    **dict.fromkeys(["afdeling", "department", "afdelingspad", "departmentpath"], "department"),
    **dict.fromkeys(
        [
            "leidinggevende",
            "personeelsnummerleidinggevende",
            "manager",
            "managernumber",
            "manageremployeenumber",
            "linemanager",
        ],
        "manager",
    ),
    **dict.fromkeys(
        ["indienst", "datumindienst", "indienstdatum", "startdate", "start", "hiredate"],
        "start_date",
    ),
    **dict.fromkeys(
        ["uitdienst", "datumuitdienst", "uitdienstdatum", "enddate", "end", "leavedate"], "end_date"
    ),
}

MAX_ROWS = 100_000  # five times the largest organisation we plan for; bounds memory
# What an import file may declare: rows (counted by row number, empty ones too) and columns.
LIMITS = TableLimits(rows=MAX_ROWS, columns=200)

# The file as a whole cannot be read; the message is for the person who uploaded it.
HrImportFileError = TableFileError


@dataclass(frozen=True, slots=True)
class RawRow:
    number: int  # row number as a spreadsheet shows it (the header is row 1)
    values: dict[str, str]


@dataclass(frozen=True)
class ParsedFile:
    columns: frozenset[str]
    rows: list[RawRow]


def normalise_header(name: object) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name or "").strip().lower())


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", dates as ISO, everything stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def parse_hr_file(file: IO[bytes] | str | Path, *, filename: str = "") -> ParsedFile:
    """Parse a CSV or XLSX upload; raises ``HrImportFileError`` when it cannot be read."""
    return parse_table_file(file, filename=filename)


def parse_table_file(
    file: IO[bytes] | str | Path,
    *,
    filename: str = "",
    aliases: dict[str, str] | None = None,
    missing_columns: Callable[[list[str]], str] | None = None,
) -> ParsedFile:
    """``parse_hr_file`` for any import: ``aliases`` maps normalised header names to fields,
    ``missing_columns(fields)`` returns the message for absent required columns, or "" when
    nothing required is missing. Defaults: the HR export's columns."""
    if isinstance(file, (str, Path)):
        filename = filename or str(file)
        with open(file, "rb") as handle:
            return parse_table_file(
                handle, filename=filename, aliases=aliases, missing_columns=missing_columns
            )
    table = table_rows(file, filename=filename, limits=LIMITS)
    return _rows_from_table(table, aliases or HEADER_ALIASES, missing_columns or _hr_missing)


def _header_map(header: Iterable[Any], aliases: dict[str, str]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for index, name in enumerate(header):
        field = aliases.get(normalise_header(name))
        if field and field not in mapping.values():
            mapping[index] = field
    return mapping


def _hr_missing(fields: list[str]) -> str:
    missing = [f for f in REQUIRED_FIELDS if f not in fields]
    if not missing:
        return ""
    return _(
        "Verplichte kolommen ontbreken: %(columns)s. Gebruik de kolomkoppen "
        "personeelsnummer, naam en e-mail."
    ) % {"columns": ", ".join(str(COLUMN_LABELS[f]) for f in missing)}


def _rows_from_table(
    table: Iterator[Sequence[Any]],
    aliases: dict[str, str],
    missing_columns: Callable[[list[str]], str],
) -> ParsedFile:
    header = next(table, None)
    if header is None:
        raise HrImportFileError(_("Het bestand is leeg."))
    mapping = _header_map(header, aliases)
    message = missing_columns(list(mapping.values()))
    if message:
        raise HrImportFileError(message)
    rows = []
    for number, cells in enumerate(table, start=2):
        values = {
            field: cell_text(cells[i]) if i < len(cells) else "" for i, field in mapping.items()
        }
        if any(values.values()):
            rows.append(RawRow(number, values))
    return ParsedFile(columns=frozenset(mapping.values()), rows=rows)


COLUMN_LABELS = {
    "employee_number": gettext_lazy("personeelsnummer"),
    "name": gettext_lazy("naam"),
    "email": gettext_lazy("e-mail"),
    "function": gettext_lazy("functie"),
    "department": gettext_lazy("afdeling"),
    "manager": gettext_lazy("leidinggevende"),
    "start_date": gettext_lazy("in dienst"),
    "end_date": gettext_lazy("uit dienst"),
}
