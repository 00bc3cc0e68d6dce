"""Who is competent, since when, until when, on what evidence and signed off by whom.

A fixed number of queries whatever the number of rows: the lines of the selection in one query,
the qualification records behind them in one more.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record, record_many
from zorgwijs.lib.dates import format_date
from zorgwijs.organisations.access import OrgAccess
from zorgwijs.organisations.models import Department, Membership

from ..models import (
    CompetenceItem,
    CompetenceRecord,
    EvidenceKind,
    ItemKind,
    PassportLine,
    RecordKind,
    RiskProfile,
)
from ..status import COMPETENT, STATUSES, line_status

CAPABILITY = "competences.view_team"


@dataclass
class EvidenceRow:
    person: str
    employee_number: str
    department: str
    item: str
    item_kind: str
    status: str
    competent: bool
    since: datetime.date | None
    last_on: datetime.date | None
    valid_until: datetime.date | None
    evidence: str
    assessor: str
    registered_by: str
    user: User | None = field(repr=False, default=None)

    @property
    def status_label(self) -> str:
        return str(STATUSES[self.status].label)


@dataclass
class Selection:
    """What the export covers, in words for the cover sheet."""

    organisation: str
    department: Department | None
    item: CompetenceItem | None
    on: datetime.date
    kind: str = ""  # ItemKind value: devices only, …
    risk: str = ""  # RiskProfile value: the team matrix's risk filter, carried into the export

    @property
    def department_label(self) -> str:
        return (
            _("%(name)s (met onderliggende afdelingen)") % {"name": self.department.name}
            if self.department
            else _("Alle afdelingen die je mag zien")
        )

    @property
    def item_label(self) -> str:
        if self.item:
            return self.item.name
        parts = []
        if self.kind:
            parts.append(str(ItemKind(self.kind).label))
        if self.risk:
            parts.append(str(RiskProfile(self.risk).label))
        return ", ".join(parts) if parts else _("Alle bekwaamheden")


def selection_for(
    *,
    access: OrgAccess,
    department_id: int | None,
    item_id: int | None,
    on: datetime.date,
    kind: str = "",
    risk: str = "",
) -> Selection:
    department = item = None
    if department_id:
        department = Department.objects.filter(
            organisation=access.organisation, pk=department_id
        ).first()
    if item_id:
        item = CompetenceItem.objects.filter(organisation=access.organisation, pk=item_id).first()
    kind = kind if kind in ItemKind.values else ""
    risk = risk if risk in RiskProfile.values else ""
    return Selection(access.organisation.name, department, item, on, kind, risk)


def evidence_pack_rows(*, access: OrgAccess, selection: Selection) -> list[EvidenceRow]:
    """Everyone the actor may see (``competences.view_team``) in the selection, per item."""
    members = access.visible_memberships(CAPABILITY).active(selection.on)
    if selection.department is not None:
        subtree = selection.department.subtree().values("pk")
        members = members.filter(
            Q(primary_department_id__in=subtree) | Q(extra_departments__id__in=subtree)
        )
    lines = _lines(PassportLine.objects.filter(membership__in=members.values("pk")), selection)
    return _rows(lines, selection.on)


def passport_evidence_rows(*, membership: Membership, on: datetime.date) -> list[EvidenceRow]:
    lines = _lines(PassportLine.objects.filter(membership=membership), None)
    return _rows(lines, on)


def evidence_pack_export(
    *, access: OrgAccess, selection: Selection, fmt: str, context: AuditContext
) -> list[EvidenceRow]:
    """The evidence pack's rows for a download, everyone in it recorded as exported."""
    rows = evidence_pack_rows(access=access, selection=selection)
    record_many(
        "competences.evidence_pack.exported",
        kind="export",
        context=context,
        organisation=access.organisation,
        subjects=list({r.user.pk: r.user for r in rows if r.user is not None}.values()),
        data={
            "format": fmt,
            "department": selection.department_label,
            "item": selection.item_label,
            "rows": len(rows),
        },
    )
    return rows


def passport_evidence_export(
    *, membership: Membership, on: datetime.date, context: AuditContext
) -> list[EvidenceRow]:
    """One person's passport rows for the PDF, recorded as exported."""
    rows = passport_evidence_rows(membership=membership, on=on)
    record(
        "competences.passport.exported",
        kind="export",
        context=context,
        organisation=membership.organisation,
        subject=membership.user,
        obj=membership,
        data={"format": "pdf", "rows": len(rows)},
    )
    return rows


def _lines(lines, selection: Selection | None):
    lines = lines.filter(Q(level__gt="") | Q(ever_qualified=True) | Q(exempt_until__isnull=False))
    if selection is not None and selection.item is not None:
        lines = lines.filter(item=selection.item)
    if selection is not None and selection.kind:
        lines = lines.filter(item__kind=selection.kind)
    if selection is not None and selection.risk:
        lines = lines.filter(item__risk_profile=selection.risk)
    return list(
        lines.select_related("membership__user", "membership__primary_department", "item").order_by(
            "item__kind", "item__name", "membership__user__full_name"
        )
    )


def _latest_qualifications(lines) -> dict[tuple[int, int], CompetenceRecord]:
    """The latest standing qualification record per (person, item) behind ``lines``."""
    if not lines:
        return {}
    organisation_id = lines[0].organisation_id
    people = {line.membership.user_id for line in lines}
    items = {line.item_id for line in lines}
    records = (
        CompetenceRecord.objects.filter(
            organisation_id=organisation_id,
            person_id__in=people,
            item_id__in=items,
            kind=RecordKind.QUALIFICATION,
            voided_by__isnull=True,
        )
        .select_related("assessor", "registered_by")
        .order_by("occurred_on", "id")
    )
    return {(r.person_id, r.item_id): r for r in records}


def _rows(lines, on: datetime.date) -> list[EvidenceRow]:
    latest = _latest_qualifications(lines)
    evidence_labels = dict(EvidenceKind.choices)
    rows = []
    for line in lines:
        status = line_status(line, on)
        member = line.membership
        record = latest.get((member.user_id, line.item_id))
        evidence = str(evidence_labels.get(record.evidence_kind, "")) if record else ""
        if status == "exempt":
            evidence = _("Vrijgesteld tot en met %(date)s") % {
                "date": format_date(line.exempt_until)
            }
        rows.append(
            EvidenceRow(
                person=member.user.full_name,
                employee_number=member.employee_number,
                department=member.primary_department.name if member.primary_department else "",
                item=line.item.name,
                item_kind=str(line.item.get_kind_display()),
                status=status,
                competent=status in COMPETENT,
                since=line.first_qualified_on,
                last_on=line.last_qualified_on,
                valid_until=line.valid_until,
                evidence=evidence,
                assessor=record.assessor.full_name if record and record.assessor else "",
                registered_by=(
                    record.registered_by.full_name if record and record.registered_by else ""
                ),
                user=member.user,
            )
        )
    return rows
