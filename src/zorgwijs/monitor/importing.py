"""Figures from a file: parse (errors per row and column), plan (a dry run per period), apply
(all periods or none, in one transaction). One row per period, sector and function group."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.lib.spreadsheets import TableFileError, TableLimits, table_rows
from zorgwijs.organisations.models import Organisation

from .indicators import FIGURE_FIELDS, FunctionGroup, Sector
from .models import Source, Submission, SubmissionStatus, period_display
from .periods import PeriodKind, parse_period, quarter_of
from .services import overlap_error, submission_create
from .validation import clean_number, period_errors, row_errors

LIMITS = TableLimits(rows=5000, columns=40)

# The file's columns: Dutch names, as in the example file; the order does not matter.
COLUMNS: dict[str, str] = {
    "periode": "period",
    "sector": "sector",
    "functiegroep": "function_group",
    "medewerkers": "headcount",
    "fte": "fte",
    "verzuimpercentage": "absence_percent",
    "verzuim_kort": "absence_short",
    "verzuim_middellang": "absence_medium",
    "verzuim_lang": "absence_long",
    "instroom": "inflow",
    "uitstroom_pensioen": "outflow_retirement",
    "uitstroom_zorg": "outflow_care",
    "uitstroom_buiten_zorg": "outflow_outside",
    "uitstroom_einde_contract": "outflow_contract_end",
    "uitstroom_overig": "outflow_other",
    "vacatures": "vacancies",
    "vacatures_moeilijk": "vacancies_hard",
    "studenten": "students",
    "uren_inhuur": "temp_hours",
}
REQUIRED = ("periode", "sector", "medewerkers")
COLUMN_OF = {v: k for k, v in COLUMNS.items()}


class FigureFileError(Exception):
    """The file as a whole is of the wrong shape."""


@dataclass(frozen=True)
class RowError:
    number: int  # the row in the file (the header is row 1)
    column: str
    reason: str


@dataclass
class Plan:
    periods: dict[tuple[str, datetime.date], list[dict]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    def summary(self) -> list[dict]:
        return [
            {"period": period_display(kind, start), "rows": len(rows)}
            for (kind, start), rows in sorted(self.periods.items(), key=lambda i: i[0][1])
        ]


def _choice(value: str, choices) -> str | None:
    text = (value or "").strip().lower()
    for code, label in choices:
        if text in (code, str(label).lower()):
            return code
    return None


def figures_plan(file: IO[bytes], *, filename: str, organisation: Organisation) -> Plan:
    """Read and check the whole file; nothing is written. Raises FigureFileError for a file of
    the wrong shape (unreadable, no header, a missing or unknown column)."""
    try:
        table = iter(table_rows(file, filename=filename, limits=LIMITS))
        header = next(table, None)
    except TableFileError as error:
        raise FigureFileError(str(error)) from None
    if not header:
        raise FigureFileError(_("Het bestand is leeg."))
    names = [str(h or "").strip().lower() for h in header]
    unknown = [n for n in names if n and n not in COLUMNS]
    if unknown:
        raise FigureFileError(
            _("Onbekende kolom(men): %(names)s. Gebruik de kolommen van het voorbeeldbestand.")
            % {"names": ", ".join(unknown[:5])}
        )
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise FigureFileError(
            _("Deze kolommen ontbreken: %(names)s.") % {"names": ", ".join(missing)}
        )
    plan = Plan()
    by_period: dict[tuple[str, datetime.date], list[tuple[int, dict]]] = defaultdict(list)
    try:
        for number, raw in enumerate(table, start=2):
            cells = {names[i]: raw[i] for i in range(min(len(names), len(raw))) if names[i]}
            if all(v is None or str(v).strip() == "" for v in cells.values()):
                continue
            plan.rows += 1
            row, errors = _row(number, cells)
            plan.errors.extend(errors)
            if row is not None:
                by_period[row.pop("_period")].append((number, row))
    except TableFileError as error:
        raise FigureFileError(str(error)) from None
    existing = {
        (s.period_kind, s.period_start): s
        for s in Submission.objects.filter(
            organisation=organisation,
            status=SubmissionStatus.SHARED,
            period_start__in=[start for (_k, start) in by_period],
        )
    }
    for key, numbered in by_period.items():
        found = existing.get(key)
        if found is not None:
            plan.errors.append(
                RowError(
                    numbered[0][0],
                    "periode",
                    _(
                        "Voor %(period)s zijn al cijfers gedeeld (versie %(version)s); corrigeer "
                        "die met het formulier, met een reden."
                    )
                    % {"period": found.period_display, "version": found.version},
                )
            )
            continue
        overlap = overlap_error(organisation, *key) or _overlap_in_file(key, by_period)
        if overlap:  # found in the dry run, not only when it is applied
            plan.errors.append(RowError(numbered[0][0], "periode", overlap))
            continue
        rows = [row for _n, row in numbered]
        for index, column, reason in row_errors(rows):
            plan.errors.append(RowError(numbered[index][0], COLUMN_OF.get(column, column), reason))
        plan.periods[key] = rows
    plan.errors.sort(key=lambda e: e.number)
    return plan


def _row(number: int, cells: Mapping[str, object]) -> tuple[dict | None, list[RowError]]:
    errors: list[RowError] = []
    parsed = parse_period(str(cells.get("periode") or ""))
    if parsed is None:
        errors.append(
            RowError(
                number, "periode", _("Schrijf een kwartaal als 2025-K1 of een maand als 2025-03.")
            )
        )
    else:
        message = period_errors(*parsed)
        if message:
            errors.append(RowError(number, "periode", message))
    sector = _choice(str(cells.get("sector") or ""), Sector.choices)
    if sector is None:
        errors.append(
            RowError(
                number, "sector", _("Onbekende sector; gebruik een code uit het voorbeeldbestand.")
            )
        )
    group_text = str(cells.get("functiegroep") or "").strip()
    group = _choice(group_text, FunctionGroup.choices) if group_text else ""
    if group is None:
        errors.append(
            RowError(
                number,
                "functiegroep",
                _(
                    "Onbekende functiegroep; laat hem leeg of gebruik een code uit het "
                    "voorbeeldbestand."
                ),
            )
        )
    row: dict = {"sector": sector, "function_group": group or ""}
    for name in FIGURE_FIELDS:
        value, message = clean_number(name, cells.get(COLUMN_OF[name]))
        if message:
            errors.append(RowError(number, COLUMN_OF[name], message))
        row[name] = value
    if errors:
        return None, errors
    row["_period"] = parsed
    return row, []


def _overlap_in_file(
    key: tuple[str, datetime.date], by_period: Mapping[tuple[str, datetime.date], object]
) -> str | None:
    """A quarter and one of its months in the same file: the region would count both."""
    kind, start = key
    if kind != PeriodKind.MONTH or (PeriodKind.QUARTER, quarter_of(start)) not in by_period:
        return None
    return _("Het bestand heeft voor dit kwartaal ook cijfers over het hele kwartaal.")


def figures_apply(
    *, actor, organisation: Organisation, plan: Plan, context: AuditContext | None = None
) -> list[Submission]:
    """Every period of a clean plan as a shared submission, or nothing."""
    if plan.errors or not plan.periods:
        raise ValidationError(_("Het bestand heeft fouten; er is niets verwerkt."))
    with transaction.atomic():
        return [
            submission_create(
                actor=actor,
                organisation=organisation,
                period_kind=kind,
                period_start=start,
                rows=rows,
                source=Source.UPLOAD,
                context=context,
            )
            for (kind, start), rows in sorted(plan.periods.items(), key=lambda i: i[0][1])
        ]


def example_rows() -> list[list[object]]:
    return [
        ["2025-K1", Sector.VVT, "", 412, 268.4, 7.8, 61, 22, 9, 14, 1, 3, 2, 4, 1, 18, 7, 23, 1250],
        [
            "2025-K1",
            Sector.HOSPITAL,
            FunctionGroup.NURSING,
            820,
            610.5,
            6.1,
            88,
            31,
            12,
            25,
            3,
            4,
            2,
            6,
            2,
            27,
            11,
            40,
            980,
        ],
    ]
