"""Import of practice collections (JSON or CSV): a dry run first, per-row Dutch errors, then an
all-or-nothing apply that is idempotent by external id (a second run changes nothing)."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zorgwijs.lib.spreadsheets import Bounds, TableFileError, TableLimits, table_rows
from zorgwijs.organisations.models import Visibility
from zorgwijs.search.analysis import detect_language
from zorgwijs.search.services import indexing_deferred

from .models import Project, ProjectStatus, Sector, Theme
from .services import project_create, project_update

LIST_FIELDS = ("golden_tips", "pitfalls", "organisations", "themes")
TEXT = (
    "title",
    "summary",
    "problem",
    "approach",
    "collaboration",
    "results",
    "region",
    "target_group",
    "costs",
    "embedding",
    "seeking_advice_on",
    "can_help_with",
)
MAX_ROWS = 20_000
# What a file may hold, checked by the shared bounded reader (docs/spreadsheets.md) as it reads:
# more rows (empty ones count) or columns is refused at the file field, never cut off silently.
LIMITS = TableLimits(rows=MAX_ROWS, columns=200)
# The platform's own collection: records without an owning organisation (docs/projects.md).
PLATFORM_COLLECTION = "Praktijkverzameling vindplaats"


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not JSON/CSV, wrong shape)."""


@dataclass(frozen=True)
class RowError:
    """What is wrong in one row, and in which column of the file (``id``, ``title``, …)."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class RowResult:
    number: int
    external_id: str
    title: str
    action: str = ""  # "nieuw", "bijgewerkt", "ongewijzigd"
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowResult]
    applied: bool = False

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if r.errors]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.errors)


# A CSV file needs these columns (``id`` may be called ``external_id``); JSON rows that lack
# them get an error of their own.
REQUIRED_COLUMNS = ("id", "title", "summary")


def read_rows(content: bytes, filename: str) -> list[dict[str, Any]]:
    """The rows of a JSON or CSV file; ``ImportFileError`` (in Dutch) when the file as a whole
    cannot be read: another type, not UTF-8, broken JSON or CSV, or required columns missing."""
    name = filename.lower()
    if not name.endswith((".json", ".csv")):
        raise ImportFileError(_("Kies een .json- of .csv-bestand."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "Het bestand is geen UTF-8-tekst. Sla het op als UTF-8 (in Excel: "
                "‘CSV UTF-8’) en probeer het opnieuw."
            )
        ) from None
    try:
        if name.endswith(".json"):
            return _json_rows(text)
        return _csv_rows(content, name)
    except TableFileError as error:
        raise ImportFileError(str(error)) from None


def _json_rows(text: str) -> list[dict[str, Any]]:
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            _("Dit is geen geldige JSON (regel %(line)s).") % {"line": error.lineno}
        ) from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ImportFileError(_("Verwacht een JSON-lijst met een object per project."))
    Bounds(LIMITS).row(len(rows) + 1)  # the same refusal as a CSV file's (row 1: the header)
    return rows


def _csv_rows(content: bytes, filename: str) -> list[dict[str, Any]]:
    """Through the bounded reader the HR and qualification imports use: each row number and
    row width is checked before the row is built."""
    table = table_rows(io.BytesIO(content), filename=filename, limits=LIMITS)
    header = next(table, None)
    if not header or not any(cell.strip() for cell in header):
        raise ImportFileError(_("Het bestand bevat geen rijen."))
    _check_columns(header)
    rows = []
    for row in table:
        if not row:
            continue  # a blank line is no project (it still counts towards the limit)
        cells = [*row, *[""] * (len(header) - len(row))]
        rows.append(_csv_row(dict(zip(header, cells, strict=False))))
    return rows


def _check_columns(names: Sequence[str]) -> None:
    present = {(n or "").strip() for n in names}
    if "external_id" in present:
        present.add("id")
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing:
        raise ImportFileError(
            _("De kolom(men) %(columns)s ontbreken in de eerste regel.")
            % {"columns": ", ".join(missing)}
        )


def _csv_row(row: dict[str, str]) -> dict[str, Any]:
    """CSV cells hold lists separated by '|' and contacts as 'naam / rol / e-mail' per '|'."""
    out: dict[str, Any] = {k.strip(): (v or "").strip() for k, v in row.items() if k}
    for name in LIST_FIELDS:
        if name in out:
            out[name] = [p.strip() for p in out[name].split("|") if p.strip()]
    if "contacts" in out:
        contacts = []
        for item in out["contacts"].split("|"):
            parts = [p.strip() for p in item.split("/")] + ["", ""]
            if parts[0]:
                contacts.append({"name": parts[0], "role": parts[1], "email": parts[2]})
        out["contacts"] = contacts
    return out


def _year(value, errors: list[RowError], column: str, label: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        errors.append(
            RowError(
                column,
                _("%(label)s '%(value)s' is geen jaartal.") % {"label": label, "value": value},
            )
        )
        return None
    if not 1950 <= year <= 2100:
        errors.append(
            RowError(
                column,
                _("%(label)s %(value)s ligt niet tussen 1950 en 2100.")
                % {"label": label, "value": year},
            )
        )
        return None
    return year


def _as_list(value) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v).strip() for v in value or [] if str(v).strip()]


def _validate(
    raw: dict[str, Any], themes: dict[str, Theme]
) -> tuple[dict, list[Theme], list[RowError]]:
    errors: list[RowError] = []
    data: dict[str, Any] = {name: str(raw.get(name) or "").strip() for name in TEXT}
    external_id = str(raw.get("id") or raw.get("external_id") or "").strip()
    if not external_id:
        errors.append(RowError("id", _("Het kenmerk (id) ontbreekt.")))
    elif len(external_id) > 64:
        errors.append(RowError("id", _("Het kenmerk is langer dan 64 tekens.")))
    if not data["title"]:
        errors.append(RowError("title", _("De titel ontbreekt.")))
    if not data["summary"]:
        errors.append(RowError("summary", _("De samenvatting ontbreekt.")))
    status = str(raw.get("status") or ProjectStatus.RUNNING).strip().lower()
    if status not in ProjectStatus.values:
        errors.append(
            RowError(
                "status",
                _("Onbekende status '%(value)s'; kies uit %(choices)s.")
                % {"value": status, "choices": ", ".join(ProjectStatus.values)},
            )
        )
    sector = str(raw.get("sector") or "").strip().lower()
    if sector and sector not in Sector.values:
        errors.append(RowError("sector", _("Onbekende sector '%(value)s'.") % {"value": sector}))
    slugs = _as_list(raw.get("themes"))
    unknown = [s for s in slugs if s not in themes]
    if unknown:
        errors.append(
            RowError("themes", _("Onbekend thema: %(slugs)s.") % {"slugs": ", ".join(unknown)})
        )
    start = _year(raw.get("start_year"), errors, "start_year", _("Startjaar"))
    end = _year(raw.get("end_year"), errors, "end_year", _("Eindjaar"))
    if start and end and end < start:
        errors.append(RowError("end_year", _("Het eindjaar ligt voor het startjaar.")))
    contacts = raw.get("contacts") or []
    if not isinstance(contacts, list) or not all(isinstance(c, dict) for c in contacts):
        errors.append(
            RowError(
                "contacts", _("Contactpersonen moeten een lijst zijn van naam, rol en e-mail.")
            )
        )
        contacts = []
    data.update(
        external_id=external_id,
        status=status,
        sector=sector,
        start_year=start,
        end_year=end,
        golden_tips="\n".join(_as_list(raw.get("golden_tips"))),
        pitfalls="\n".join(_as_list(raw.get("pitfalls"))),
        partner_names="\n".join(_as_list(raw.get("organisations"))),
        seeking_advice_on=data["seeking_advice_on"] or str(raw.get("seeking_advice_on") or ""),
        contacts=[{k: str(c.get(k) or "") for k in ("name", "role", "email")} for c in contacts],
        language=_language(raw, data),
    )
    return data, [themes[s] for s in slugs if s in themes], errors


def _language(raw: dict[str, Any], data: dict[str, Any]) -> str:
    given = str(raw.get("language") or "").lower()
    if given:
        return "en" if given.startswith("en") else "nl"
    return detect_language(" ".join((data["title"], data["summary"], data["problem"])))


def _unchanged(project: Project, data: dict, themes: list[Theme]) -> bool:
    same = all(getattr(project, k) == v for k, v in data.items())
    return same and {t.pk for t in project.themes.all()} == {t.pk for t in themes}


def project_import(
    *,
    actor,
    rows: list[dict[str, Any]],
    apply: bool = False,
    organisation=None,
    visibility: str = Visibility.PUBLIC,
    collection: str = "",
) -> ImportReport:
    """Check every row; with ``apply`` and no errors, write them all in one transaction."""
    themes = {t.slug: t for t in Theme.objects.all()}
    existing = {
        p.external_id: p
        for p in Project.objects.filter(
            external_id__in=[str(r.get("id") or r.get("external_id") or "") for r in rows]
        ).prefetch_related("themes")
    }
    seen: set[str] = set()
    report, plans = ImportReport([]), []
    for number, raw in enumerate(rows, start=1):
        data, row_themes, errors = _validate(raw, themes)
        result = RowResult(number, data["external_id"], data["title"], errors=errors)
        project = existing.get(data["external_id"])
        errors.extend(_identity_errors(data["external_id"], seen, project, organisation))
        seen.add(data["external_id"])
        data.update(
            visibility=project.visibility if project else visibility,
            collection=project.collection if project else collection,
        )
        result.action = (
            "nieuw"
            if project is None
            else ("ongewijzigd" if _unchanged(project, data, row_themes) else "bijgewerkt")
        )
        report.rows.append(result)
        plans.append((result, project, data, row_themes))
    if apply and not report.errors:
        _apply(actor, plans, organisation)
        report.applied = True
    return report


def _identity_errors(external_id: str, seen: set[str], project, organisation) -> list[RowError]:
    """An id twice in the file, or the id of a project with another owner: an import updates
    only the projects of the owner it imports for (an organisation, or the platform)."""
    if not external_id:
        return []
    if external_id in seen:
        return [
            RowError(
                "id",
                _("Het kenmerk %(id)s staat twee keer in het bestand.") % {"id": external_id},
            )
        ]
    owner_id = getattr(organisation, "pk", None)
    if project is not None and project.organisation_id != owner_id:
        return [
            RowError(
                "id",
                _(
                    "Het kenmerk %(id)s is al in gebruik bij een project van een andere "
                    "eigenaar; kies een ander kenmerk."
                )
                % {"id": external_id},
            )
        ]
    return []


@transaction.atomic
def _apply(actor, plans, organisation) -> None:
    with indexing_deferred():
        _write(actor, plans, organisation)


def _write(actor, plans, organisation) -> None:
    for result, project, data, themes in plans:
        if result.action == "nieuw":
            project_create(actor=actor, organisation=organisation, data=data, themes=themes)
        elif result.action == "bijgewerkt":
            project_update(actor=actor, project=project, data=data, themes=themes)


def themes_load(rows: list[dict[str, str]]) -> int:
    """Add or update the themes (``themes.json``); returns how many there are."""
    for row in rows:
        Theme.objects.update_or_create(
            slug=row["slug"],
            defaults={"name": row["name"], "description": row.get("description", "")},
        )
    return len(rows)
