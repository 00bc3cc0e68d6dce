"""Checks on a set of figure rows, shared by the form, the upload and the service, so every way
in refuses the same input with the same message."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from .indicators import (
    COUNT_FIELDS,
    FIELD_LABELS,
    FIGURE_FIELDS,
    OUTFLOW_FIELDS,
    FunctionGroup,
    Sector,
)

MAX_COUNT = 10**6
MAX_AMOUNT = Decimal("99999999")

RowErrors = list[tuple[int, str, str]]  # (row index, field, message)


def period_errors(kind: str, start: datetime.date) -> str | None:
    """A period in the future is refused: figures describe what happened."""
    if start > timezone.localdate():
        return _(
            "Deze periode ligt in de toekomst; vul cijfers in over een periode die al begonnen is."
        )
    return None


def clean_number(field: str, raw: object) -> tuple[Decimal | int | None, str | None]:
    """A count or amount from a form or a file cell: (value, message)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 0, None
    text = str(raw).strip().replace(",", ".") if not isinstance(raw, int | float | Decimal) else raw
    try:
        number = Decimal(str(text))
    except InvalidOperation:
        return None, _("%(field)s is geen getal.") % {"field": FIELD_LABELS[field]}
    if not number.is_finite():
        return None, _("%(field)s is geen getal.") % {"field": FIELD_LABELS[field]}
    if number < 0:
        return None, _("%(field)s kan niet negatief zijn.") % {"field": FIELD_LABELS[field]}
    if field in COUNT_FIELDS:
        if number != number.to_integral_value():
            return None, _("%(field)s is een aantal: vul een heel getal in.") % {
                "field": FIELD_LABELS[field]
            }
        if number > MAX_COUNT:
            return None, _("%(field)s is onwaarschijnlijk groot.") % {"field": FIELD_LABELS[field]}
        return int(number), None
    if field == "absence_percent" and number > 100:
        return None, _("Een verzuimpercentage ligt tussen 0 en 100.")
    if number > MAX_AMOUNT:
        return None, _("%(field)s is onwaarschijnlijk groot.") % {"field": FIELD_LABELS[field]}
    return number.quantize(Decimal("0.01") if field == "absence_percent" else Decimal("0.1")), None


def _number(row: Mapping[str, object], name: str) -> Decimal:
    """A field of a row whose numbers have been checked (clean_number) as a Decimal."""
    value, _message = clean_number(name, row.get(name))
    return Decimal(value or 0)


def row_errors(rows: Sequence[Mapping[str, object]]) -> RowErrors:
    """What is wrong with cleaned rows (numbers already checked one by one)."""
    errors: RowErrors = []
    seen: set[tuple[str, str]] = set()
    split: dict[str, set[bool]] = {}
    if not rows:
        errors.append((0, "rows", _("Vul minstens één rij met cijfers in.")))
    for index, row in enumerate(rows):
        sector = str(row.get("sector") or "")
        group = str(row.get("function_group") or "")
        if sector not in Sector.values:
            errors.append((index, "sector", _("Kies een sector uit de lijst.")))
            continue
        if group and group not in FunctionGroup.values:
            errors.append(
                (index, "function_group", _("Kies een functiegroep uit de lijst of laat hem leeg."))
            )
            continue
        bad_numbers = False
        for name in FIGURE_FIELDS:
            _value, message = clean_number(name, row.get(name))
            if message:
                errors.append((index, name, message))
                bad_numbers = True
        if bad_numbers:
            continue
        if (sector, group) in seen:
            errors.append(
                (
                    index,
                    "sector",
                    _("Deze sector en functiegroep staan er al in; geef elke combinatie één keer."),
                )
            )
        seen.add((sector, group))
        split.setdefault(sector, set()).add(bool(group))
        if len(split[sector]) > 1:
            errors.append(
                (
                    index,
                    "function_group",
                    _("Geef per sector óf één totaalrij óf rijen per functiegroep, niet allebei."),
                )
            )
        headcount = _number(row, "headcount")
        outflow = sum(_number(row, name) for name in OUTFLOW_FIELDS)
        if outflow > headcount:
            errors.append(
                (
                    index,
                    "outflow_other",
                    _(
                        "De uitstroom (%(outflow)s) is groter dan het aantal medewerkers "
                        "(%(headcount)s)."
                    )
                    % {"outflow": outflow, "headcount": headcount},
                )
            )
        if _number(row, "vacancies_hard") > _number(row, "vacancies"):
            errors.append(
                (
                    index,
                    "vacancies_hard",
                    _("Er zijn meer moeilijk vervulbare vacatures dan vacatures."),
                )
            )
        spells = sum(_number(row, n) for n in ("absence_short", "absence_medium", "absence_long"))
        if _number(row, "absence_percent") > 0 and not Decimal(str(row.get("fte") or 0)):
            errors.append(
                (index, "fte", _("Een verzuimpercentage heeft fte nodig om mee te wegen."))
            )
        if headcount == 0 and (_number(row, "fte") > 0 or spells > 0):
            errors.append((index, "headcount", _("Vul het aantal medewerkers in.")))
    return errors
