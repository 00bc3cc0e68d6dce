"""Turn raw rows into typed import rows, listing every problem that the file alone reveals.

Problems that need the organisation's data (unknown managers, e-mail conflicts) are found
while planning, in ``planning.py``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _

from .parsing import COLUMN_LABELS, ParsedFile, RawRow

MAX_LENGTHS = {"employee_number": 40, "name": 200, "email": 254, "function": 150}
MAX_DEPARTMENT_NAME = 150
MAX_DEPARTMENT_DEPTH = 20

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_validate_email = EmailValidator()


@dataclass(frozen=True, slots=True)
class RowError:
    number: int
    reason: str


@dataclass(slots=True)
class ImportRow:
    number: int
    employee_number: str
    name: str
    email: str
    function: str = ""
    department: tuple[str, ...] = ()
    manager: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None


class _RowErrors(list):
    def add(self, number: int, reason: str) -> None:
        self.append(RowError(number, reason))


def parse_date(text: str) -> datetime.date | None:
    """YYYY-MM-DD or DD-MM-YYYY (also with / or .); raises ValueError on anything else."""
    if not text:
        return None
    text = text.split(" ")[0].split("T")[0]
    if match := _ISO.match(text):
        year, month, day = match.groups()
    elif match := _DUTCH.match(text):
        day, month, year = match.groups()
    else:
        raise ValueError(text)
    return datetime.date(int(year), int(month), int(day))


def department_path(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"[/>\\]", text) if part.strip())


def validate_rows(parsed: ParsedFile) -> tuple[list[ImportRow], list[RowError]]:
    """Typed rows for every row without problems, and one error per problem found."""
    errors = _RowErrors()
    rows: list[ImportRow] = []
    first_number: dict[str, int] = {}
    first_email: dict[str, int] = {}
    for raw in parsed.rows:
        count = len(errors)
        row = _typed_row(raw, errors)
        _check_unique(row, first_number, first_email, errors)
        if len(errors) == count:
            rows.append(row)
    return rows, list(errors)


def _typed_row(raw: RawRow, errors: _RowErrors) -> ImportRow:
    values, number = raw.values, raw.number
    row = ImportRow(
        number=number,
        employee_number=values.get("employee_number", ""),
        name=values.get("name", ""),
        email=values.get("email", "").lower(),
        function=values.get("function", ""),
        department=department_path(values.get("department", "")),
        manager=values.get("manager", ""),
    )
    _check_required(row, errors)
    _check_lengths(row, errors)
    _check_email(row, errors)
    row.start_date = _date(values, "start_date", number, errors)
    row.end_date = _date(values, "end_date", number, errors)
    _check_dates(row, errors)
    if row.manager and row.manager == row.employee_number:
        errors.add(number, _("Een medewerker kan niet zijn eigen leidinggevende zijn."))
    return row


def _check_required(row: ImportRow, errors: _RowErrors) -> None:
    if not row.employee_number:
        errors.add(row.number, _("Personeelsnummer ontbreekt."))
    if not row.name:
        errors.add(row.number, _("Naam ontbreekt."))
    if not row.email:
        errors.add(row.number, _("E-mailadres ontbreekt."))


def _check_lengths(row: ImportRow, errors: _RowErrors) -> None:
    for field, limit in MAX_LENGTHS.items():
        if len(getattr(row, field)) > limit:
            errors.add(
                row.number,
                _("%(column)s is te lang (maximaal %(max)s tekens).")
                % {"column": str(COLUMN_LABELS[field]).capitalize(), "max": limit},
            )
    if any(len(part) > MAX_DEPARTMENT_NAME for part in row.department):
        errors.add(
            row.number,
            _("Een afdelingsnaam is te lang (maximaal %(max)s tekens).")
            % {"max": MAX_DEPARTMENT_NAME},
        )
    if len(row.department) > MAX_DEPARTMENT_DEPTH:
        errors.add(
            row.number,
            _("Het afdelingspad is te diep (maximaal %(max)s niveaus).")
            % {"max": MAX_DEPARTMENT_DEPTH},
        )


def _check_email(row: ImportRow, errors: _RowErrors) -> None:
    if not row.email:
        return
    try:
        _validate_email(row.email)
    except ValidationError:
        errors.add(row.number, _("Ongeldig e-mailadres: %(value)s.") % {"value": row.email})


def _date(
    values: dict[str, str], field: str, number: int, errors: _RowErrors
) -> datetime.date | None:
    text = values.get(field, "")
    try:
        return parse_date(text)
    except ValueError:
        errors.add(
            number,
            _("Ongeldige datum bij %(column)s: %(value)s (gebruik JJJJ-MM-DD of DD-MM-JJJJ).")
            % {"column": COLUMN_LABELS[field], "value": text},
        )
        return None


def _check_dates(row: ImportRow, errors: _RowErrors) -> None:
    if row.start_date and row.end_date and row.end_date < row.start_date:
        errors.add(
            row.number,
            _("Datum uit dienst (%(end)s) ligt voor datum in dienst (%(start)s).")
            % {"end": row.end_date.isoformat(), "start": row.start_date.isoformat()},
        )


def _check_unique(
    row: ImportRow, first_number: dict[str, int], first_email: dict[str, int], errors: _RowErrors
) -> None:
    if row.employee_number:
        seen = first_number.setdefault(row.employee_number, row.number)
        if seen != row.number:
            errors.add(
                row.number,
                _("Personeelsnummer %(value)s staat ook in rij %(row)s.")
                % {"value": row.employee_number, "row": seen},
            )
    if row.email:
        seen = first_email.setdefault(row.email, row.number)
        if seen != row.number:
            errors.add(
                row.number,
                _("E-mailadres %(value)s staat ook in rij %(row)s.")
                % {"value": row.email, "row": seen},
            )
