"""What the monitor counts: the fields of a row of figures and the indicators built from them.

A row of figures belongs to one organisation, one period, one sector and optionally one
function group. Indicators are grouped in *families*: a family's total is the sum of its parts
(outflow is the sum of its five reasons), so disclosure control treats the parts and the total
as one table (see disclosure.py and docs/monitor.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class Sector(models.TextChoices):
    HOSPITAL = "ziekenhuis", _("Ziekenhuizen en umc's")
    VVT = "vvt", _("Verpleging, verzorging en thuiszorg")
    DISABILITY = "gehandicaptenzorg", _("Gehandicaptenzorg")
    MENTAL_HEALTH = "ggz", _("GGZ")
    YOUTH = "jeugdzorg", _("Jeugdzorg")
    GP = "huisartsenzorg", _("Huisartsenzorg")
    OTHER = "overig", _("Overige zorg en welzijn")


class FunctionGroup(models.TextChoices):
    NURSING = "verpleging", _("Verpleging en verzorging")
    MEDICAL = "medisch", _("Artsen en medisch specialisten")
    TREATMENT = "behandeling", _("Behandeling en begeleiding")
    SUPPORT = "ondersteuning", _("Ondersteuning en facilitair")
    MANAGEMENT = "management", _("Management en staf")


# An organisation's kind suggests its sector (the form's default).
SECTOR_OF_KIND: dict[str, str] = {
    "umc": Sector.HOSPITAL,
    "ziekenhuis": Sector.HOSPITAL,
    "vvt": Sector.VVT,
    "thuiszorg": Sector.VVT,
    "gehandicaptenzorg": Sector.DISABILITY,
    "ggz": Sector.MENTAL_HEALTH,
    "huisartsenzorg": Sector.GP,
}

# The stored fields of a row, in the order of forms, files and exports. Counts are whole
# numbers; FTE, absence percentage and hours have decimals.
COUNT_FIELDS: tuple[str, ...] = (
    "headcount",
    "absence_short",
    "absence_medium",
    "absence_long",
    "inflow",
    "outflow_retirement",
    "outflow_care",
    "outflow_outside",
    "outflow_contract_end",
    "outflow_other",
    "vacancies",
    "vacancies_hard",
    "students",
)
DECIMAL_FIELDS: tuple[str, ...] = ("fte", "absence_percent", "temp_hours")
OUTFLOW_FIELDS: tuple[str, ...] = (
    "outflow_retirement",
    "outflow_care",
    "outflow_outside",
    "outflow_contract_end",
    "outflow_other",
)
FIGURE_FIELDS: tuple[str, ...] = (
    "headcount",
    "fte",
    "absence_percent",
    "absence_short",
    "absence_medium",
    "absence_long",
    "inflow",
    *OUTFLOW_FIELDS,
    "vacancies",
    "vacancies_hard",
    "students",
    "temp_hours",
)
# Stocks are counted at the end of a period; flows over the period (a quarter of three monthly
# submissions sums the flows and takes the stocks of its last month).
STOCK_FIELDS: frozenset[str] = frozenset(
    {"headcount", "fte", "vacancies", "vacancies_hard", "students"}
)

FIELD_LABELS: dict[str, StrOrPromise] = {
    "headcount": _("Aantal medewerkers"),
    "fte": _("Fte"),
    "absence_percent": _("Verzuimpercentage"),
    "absence_short": _("Verzuimmeldingen kort (tot 8 dagen)"),
    "absence_medium": _("Verzuimmeldingen middellang (8 tot 43 dagen)"),
    "absence_long": _("Verzuimmeldingen lang (43 dagen of meer)"),
    "inflow": _("Instroom"),
    "outflow_retirement": _("Uitstroom: pensioen"),
    "outflow_care": _("Uitstroom: naar andere zorgwerkgever"),
    "outflow_outside": _("Uitstroom: buiten de zorg"),
    "outflow_contract_end": _("Uitstroom: einde contract"),
    "outflow_other": _("Uitstroom: overig"),
    "vacancies": _("Openstaande vacatures"),
    "vacancies_hard": _("Moeilijk vervulbare vacatures"),
    "students": _("Studenten en leerlingen"),
    "temp_hours": _("Uren inhuur en uitzendkrachten"),
}

Kind = Literal["count", "amount", "ratio"]


@dataclass(frozen=True)
class Family:
    """An indicator and its parts. ``parts`` are the keys of the additive components in the
    disclosure table (one part: the family is a single figure). ``kind`` says how a value is
    published: a rounded count, an amount, or a percentage of the ``fte`` family."""

    key: str
    label: StrOrPromise
    parts: tuple[str, ...]
    kind: Kind
    theme: str  # the vindplaats theme (projects.Theme slug) of projects that address it


PART_LABELS: dict[str, StrOrPromise] = {
    "absence_short": _("kort"),
    "absence_medium": _("middellang"),
    "absence_long": _("lang"),
    "outflow_retirement": _("pensioen"),
    "outflow_care": _("andere zorgwerkgever"),
    "outflow_outside": _("buiten de zorg"),
    "outflow_contract_end": _("einde contract"),
    "outflow_other": _("overig"),
    "vacancies_hard": _("moeilijk vervulbaar"),
    "vacancies_other": _("overige vacatures"),
}

FAMILIES: tuple[Family, ...] = (
    Family("headcount", _("Aantal medewerkers"), ("headcount",), "count", "personeelstekort"),
    Family("fte", _("Fte"), ("fte",), "amount", "personeelstekort"),
    Family("absence", _("Verzuimpercentage"), ("absence_fte",), "ratio", "behoud-vitaliteit"),
    Family(
        "absence_spells",
        _("Verzuimmeldingen"),
        ("absence_short", "absence_medium", "absence_long"),
        "count",
        "behoud-vitaliteit",
    ),
    Family("inflow", _("Instroom"), ("inflow",), "count", "personeelstekort"),
    Family("outflow", _("Uitstroom"), OUTFLOW_FIELDS, "count", "behoud-vitaliteit"),
    Family(
        "vacancies",
        _("Openstaande vacatures"),
        ("vacancies_hard", "vacancies_other"),
        "count",
        "personeelstekort",
    ),
    Family("students", _("Studenten en leerlingen"), ("students",), "count", "opleiden-leerroutes"),
    Family("temp_hours", _("Uren inhuur"), ("temp_hours",), "amount", "anders-werken"),
)
FAMILY_BY_KEY: dict[str, Family] = {f.key: f for f in FAMILIES}


def atom_values(row: dict[str, float]) -> dict[str, float]:
    """The additive quantities of one row: every family part. Absence is carried as absent FTE
    (percentage × FTE), so a region's percentage is the FTE-weighted mean of its members'."""
    values = {name: float(row.get(name) or 0) for name in FIGURE_FIELDS}
    values["absence_fte"] = values["absence_percent"] * values["fte"] / 100
    values["vacancies_other"] = values["vacancies"] - values["vacancies_hard"]
    return values
