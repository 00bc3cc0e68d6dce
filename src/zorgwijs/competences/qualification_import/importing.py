"""Parse, check and apply a file of historical qualifications (see the package docstring)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.organisations.hr_import.parsing import (
    EMPLOYEE_NUMBER_HEADERS,
    ParsedFile,
    RawRow,
    normalise_header,
    parse_table_file,
)
from zorgwijs.organisations.hr_import.validation import RowError, parse_date
from zorgwijs.organisations.models import Membership, Organisation

from ..assessors import may_assess, refusal
from ..models import CompetenceItem, CompetenceRecord, EvidenceKind, RecordKind
from ..services import qualification_register

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

SOURCE = "import"
MAX_REF = 120

ALIASES: dict[str, str] = {
    **EMPLOYEE_NUMBER_HEADERS,
    **dict.fromkeys(
        [
            "bekwaamheid",
            "item",
            "competence",
            "apparaatcode",
            "bigcode",
            "devicecode",
            "scholing",
            "training",
        ],
        "item",
    ),
    **dict.fromkeys(
        ["datumbehaald", "behaaldop", "behaald", "datum", "achievedon", "date", "completedon"],
        "occurred_on",
    ),
    **dict.fromkeys(
        ["geldigtot", "geldigtotenmet", "validuntil", "expires", "expireson"], "valid_until"
    ),
    **dict.fromkeys(["bewijs", "soortbewijs", "evidence", "evidencekind"], "evidence"),
    **dict.fromkeys(["beoordelaar", "assessor", "personeelsnummerbeoordelaar"], "assessor"),
    **dict.fromkeys(
        ["referentie", "externereferentie", "reference", "externalref", "externalid", "id"],
        "external_ref",
    ),
}
REQUIRED = ("employee_number", "item", "occurred_on", "evidence")
LABELS = {
    "employee_number": gettext_lazy("personeelsnummer"),
    "item": gettext_lazy("bekwaamheid"),
    "occurred_on": gettext_lazy("datum behaald"),
    "evidence": gettext_lazy("bewijs"),
}
EVIDENCE_NAMES: dict[str, str] = {
    **dict.fromkeys(["elearning", "elearningresultaat"], EvidenceKind.ELEARNING),
    **dict.fromkeys(["theorie", "theorietoets", "theory", "toets"], EvidenceKind.THEORY_TEST),
    **dict.fromkeys(
        ["praktijk", "praktijktoets", "practical", "praktijktoetsdoorbeoordelaar"],
        EvidenceKind.PRACTICAL,
    ),
    **dict.fromkeys(["certificaat", "externcertificaat", "certificate"], EvidenceKind.CERTIFICATE),
    **dict.fromkeys(["evc", "eerderverworvencompetenties", "prior"], EvidenceKind.PRIOR_LEARNING),
}


class QualificationImportError(Exception):
    """The plan cannot be applied; the message is for the person who uploaded the file."""


def _missing_columns(fields: list[str]) -> str:
    missing = [f for f in REQUIRED if f not in fields]
    if not missing:
        return ""
    return _(
        "Verplichte kolommen ontbreken: %(columns)s. Gebruik de kolomkoppen "
        "personeelsnummer, bekwaamheid, datum behaald en bewijs."
    ) % {"columns": ", ".join(str(LABELS[f]) for f in missing)}


def qualification_file_parse(file: IO[bytes], *, filename: str) -> ParsedFile:
    """Read a CSV or XLSX file; raises ``HrImportFileError`` when it cannot be read."""
    return parse_table_file(
        file, filename=filename, aliases=ALIASES, missing_columns=_missing_columns
    )


@dataclass
class PlannedRow:
    number: int
    membership: Membership
    item: CompetenceItem
    occurred_on: datetime.date
    evidence_kind: str
    valid_until: datetime.date | None = None
    assessor: User | None = None
    external_ref: str = ""

    @property
    def evidence_label(self) -> str:
        return str(EvidenceKind(self.evidence_kind).label)


@dataclass
class QualificationImportPlan:
    organisation: Organisation
    filename: str
    total: int = 0
    rows: list[PlannedRow] = field(default_factory=list)
    skipped: list[RowError] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def summary(self) -> dict:
        return {
            "rows": self.total,
            "registered": len(self.rows),
            "skipped": len(self.skipped),
            "errors": len(self.errors),
        }


class _Catalogue:
    """Items found by name, device code or BIG code (case-insensitive)."""

    def __init__(self, organisation: Organisation):
        self.keys: dict[str, set[CompetenceItem]] = {}
        for item in CompetenceItem.objects.filter(organisation=organisation):
            for key in {item.name, item.device_code, item.big_code}:
                if key.strip():
                    self.keys.setdefault(key.strip().casefold(), set()).add(item)

    def find(self, text: str) -> tuple[CompetenceItem | None, str]:
        found = self.keys.get(text.strip().casefold(), set())
        if len(found) == 1:
            return next(iter(found)), ""
        if found:
            return None, _(
                "‘%(value)s’ past bij meer dan één bekwaamheid; gebruik de volledige naam."
            ) % {"value": text}
        return None, _("Onbekende bekwaamheid: ‘%(value)s’.") % {"value": text}


def qualification_import_plan(
    *,
    organisation: Organisation,
    parsed: ParsedFile,
    filename: str,
    today: datetime.date | None = None,
) -> QualificationImportPlan:
    """Check every row against the organisation's people, catalogue and existing records.
    Changes nothing."""
    today = today or timezone.localdate()
    plan = QualificationImportPlan(organisation, filename, total=len(parsed.rows))
    members = {
        m.employee_number.casefold(): m
        for m in Membership.objects.filter(organisation=organisation)
        .exclude(employee_number="")
        .select_related("user", "organisation")
    }
    catalogue = _Catalogue(organisation)
    candidates = []
    for raw in parsed.rows:
        row = _check_row(raw, members, catalogue, today, plan.errors)
        if row is not None:
            candidates.append(row)
    _skip_duplicates(plan, candidates)
    return plan


def _check_row(
    raw: RawRow, members, catalogue: _Catalogue, today, errors: list[RowError]
) -> PlannedRow | None:
    values = raw.values
    problems: list[str] = []
    number = values.get("employee_number", "")
    membership = members.get(number.casefold()) if number else None
    if not number:
        problems.append(_("Personeelsnummer ontbreekt."))
    elif membership is None:
        problems.append(
            _("Onbekende medewerker: personeelsnummer %(number)s.") % {"number": number}
        )
    item, item_problem = (None, _("Bekwaamheid ontbreekt."))
    if values.get("item"):
        item, item_problem = catalogue.find(values["item"])
    if item_problem:
        problems.append(item_problem)
    occurred_on = _date(values.get("occurred_on", ""), _("datum behaald"), problems, required=True)
    if occurred_on and occurred_on > today:
        problems.append(_("Datum behaald ligt in de toekomst."))
    valid_until = _date(values.get("valid_until", ""), _("geldig tot"), problems)
    if valid_until and occurred_on and valid_until < occurred_on:
        problems.append(_("Geldig tot ligt voor de datum behaald."))
    evidence = EVIDENCE_NAMES.get(normalise_header(values.get("evidence", "")))
    if evidence is None:
        problems.append(
            _(
                "Onbekend soort bewijs: ‘%(value)s’ (gebruik elearning, theorie, "
                "praktijk, certificaat of evc)."
            )
            % {"value": values.get("evidence", "")}
        )
    elif item is not None and item.evidence_kinds and evidence not in item.evidence_kinds:
        problems.append(
            _("Bewijs ‘%(evidence)s’ telt niet voor %(item)s.")
            % {"evidence": EvidenceKind(evidence).label, "item": item.name}
        )
    assessor = None
    if values.get("assessor"):
        assessor_membership = members.get(values["assessor"].casefold())
        if assessor_membership is None:
            problems.append(
                _("Onbekende beoordelaar: personeelsnummer %(number)s.")
                % {"number": values["assessor"]}
            )
        else:
            assessor = assessor_membership.user
            if (
                item is not None
                and occurred_on
                and not may_assess(membership=assessor_membership, item=item, on=occurred_on)
            ):
                problems.append(refusal(name=assessor.full_name, item=item, on=occurred_on))
    reference = values.get("external_ref", "")
    if len(reference) > MAX_REF:
        problems.append(_("De referentie is langer dan %(max)s tekens.") % {"max": MAX_REF})
    errors.extend(RowError(raw.number, p) for p in problems)
    if problems:
        return None
    assert membership and item and evidence, "each missing value added a problem"
    return PlannedRow(
        raw.number, membership, item, occurred_on, evidence, valid_until, assessor, reference
    )


def _date(text: str, label: str, problems: list[str], *, required: bool = False):
    if not text:
        if required:
            problems.append(_("De %(field)s ontbreekt.") % {"field": label})
        return None
    try:
        return parse_date(text)
    except ValueError:
        problems.append(
            _("Ongeldige %(field)s: ‘%(value)s’ (gebruik JJJJ-MM-DD of DD-MM-JJJJ).")
            % {"field": label, "value": text}
        )
        return None


def _key(row: PlannedRow) -> tuple:
    return (row.membership.user_id, row.item.pk, row.occurred_on, row.evidence_kind)


def _skip_duplicates(plan: QualificationImportPlan, candidates: list[PlannedRow]) -> None:
    """Duplicates within the file are errors; rows already registered are skipped."""
    existing = CompetenceRecord.objects.filter(
        organisation=plan.organisation,
        kind=RecordKind.QUALIFICATION,
        person_id__in={r.membership.user_id for r in candidates},
        item_id__in={r.item.pk for r in candidates},
    ).values_list("person_id", "item_id", "occurred_on", "evidence_kind")
    present = set(existing)
    references = set(
        CompetenceRecord.objects.filter(
            organisation=plan.organisation,
            source=SOURCE,
            external_ref__in={r.external_ref for r in candidates if r.external_ref},
        ).values_list("external_ref", flat=True)
    )
    seen_keys: dict[tuple, int] = {}
    seen_refs: dict[str, int] = {}
    for row in candidates:
        first = seen_refs.get(row.external_ref) if row.external_ref else None
        first = first or seen_keys.get(_key(row))
        if first:
            plan.errors.append(
                RowError(
                    row.number,
                    _("Dubbel in het bestand: dezelfde registratie als rij %(row)s.")
                    % {"row": first},
                )
            )
            continue
        seen_keys[_key(row)] = row.number
        if row.external_ref:
            seen_refs[row.external_ref] = row.number
        if row.external_ref in references or _key(row) in present:
            plan.skipped.append(
                RowError(
                    row.number,
                    _("Staat al in Zorgwijs: %(item)s voor %(name)s op %(date)s; overgeslagen.")
                    % {
                        "item": row.item.name,
                        "name": row.membership.user.full_name,
                        "date": row.occurred_on.isoformat(),
                    },
                )
            )
            continue
        plan.rows.append(row)


@transaction.atomic
def qualification_import_apply(
    *, actor, plan: QualificationImportPlan, context: AuditContext | None = None
) -> dict:
    """Register every planned row, or nothing at all (one transaction)."""
    if not plan.is_valid:
        raise QualificationImportError(_("Het bestand bevat fouten; er is niets ingelezen."))
    reason = _("Import uit %(file)s") % {"file": plan.filename}
    for row in plan.rows:
        try:
            qualification_register(
                actor=actor,
                membership=row.membership,
                item=row.item,
                occurred_on=row.occurred_on,
                evidence_kind=row.evidence_kind,
                valid_until=row.valid_until,
                valid_until_reason=reason if row.valid_until else "",
                backdate_reason=reason,
                assessor=row.assessor,
                source=SOURCE,
                external_ref=row.external_ref,
                context=context,
            )
        except ValidationError as error:
            raise QualificationImportError(
                _("Rij %(row)s: %(reason)s")
                % {"row": row.number, "reason": " ".join(error.messages)}
            ) from error
    summary = plan.summary()
    audit(
        "competences.qualification_import.applied",
        kind="change",
        actor=actor,
        organisation=plan.organisation,
        context=context,
        data={"file": plan.filename, **summary},
    )
    return summary
