"""Reads of competence data. Every selector takes the actor's ``OrgAccess``: what it returns
is limited to the people that actor may see for the capability concerned. The ``*_read`` and
``*_open`` selectors are what a page and an API operation show of other people: they record
that read in the audit log."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record_many
from zorgwijs.organisations.access import OrgAccess
from zorgwijs.organisations.models import Membership
from zorgwijs.organisations.selectors import membership_read

from .models import CompetenceItem, CompetenceRecord, PassportLine, RequirementLevel
from .status import COMPETENT, STATUSES, line_status, status_case

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    from .status import StatusInfo

    class LineStatus(TypedDict):
        status: str  # a passport line's status on a date (status_case)


@dataclass
class PassportRow:
    line: PassportLine
    status: str
    next_steps: list = field(default_factory=list)  # next_steps.NextStep, set by annotate()

    @property
    def info(self) -> StatusInfo:
        return STATUSES[self.status]


def passport_rows(*, membership: Membership, on: datetime.date) -> list[PassportRow]:
    """A member's requirements and other lines, problems first, then by kind and name."""
    lines = (
        PassportLine.objects.filter(membership=membership)
        .exclude(level="", ever_qualified=False, exempt_until__isnull=True)
        .select_related("item")
    )
    rows = [PassportRow(line, line_status(line, on)) for line in lines]
    rows.sort(
        key=lambda r: (
            r.line.level == "",
            STATUSES[r.status].order,
            r.line.item.kind,
            r.line.item.name,
        )
    )
    return rows


def passport_summary(rows: list[PassportRow]) -> dict[str, int]:
    required = [r for r in rows if r.line.level == RequirementLevel.REQUIRED]
    counts = Counter(r.status for r in required)
    return {
        "required": len(required),
        "competent": sum(counts[s] for s in COMPETENT),
        "expiring": counts["expiring"],
        "missing": counts["missing"] + counts["expired"],
        "suspended": counts["suspended"],
        "supervised": counts["supervised"],
        "in_progress": counts["in_progress"],
    }


def requirement_item_ids(*, membership: Membership, on: datetime.date) -> list[int]:
    """The person's required and recommended items, what needs doing first (a picker puts
    these on top and preselects the first)."""
    rows = [r for r in passport_rows(membership=membership, on=on) if r.line.level]
    return [r.line.item_id for r in rows]


def record_history(*, membership: Membership, item: CompetenceItem) -> QuerySet[CompetenceRecord]:
    return (
        CompetenceRecord.objects.filter(
            organisation_id=membership.organisation_id, person_id=membership.user_id, item=item
        )
        .select_related("assessor", "registered_by", "voids")
        .order_by("-occurred_on", "-id")
    )


def get_item(access: OrgAccess, item_id: int) -> CompetenceItem:
    item = CompetenceItem.objects.filter(organisation=access.organisation, pk=item_id).first()
    if item is None:
        raise Http404
    return item


@dataclass
class MatrixFilter:
    department_id: int | None = None
    kind: str = ""
    risk: str = ""
    status: str = ""
    problems_only: bool = False


@dataclass
class Matrix:
    people: list[Membership]
    items: list[CompetenceItem]
    cells: dict[tuple[int, int], str]  # (membership id, item id) -> status
    row_totals: dict[int, tuple[int, int]] = field(default_factory=dict)  # competent, required
    column_totals: dict[int, tuple[int, int]] = field(default_factory=dict)
    # The headline figures of the whole selection (department, kind, risk): "toon alleen
    # problemen" and the status filter narrow the rows shown, not the figures.
    headline: dict[str, int | None] = field(default_factory=dict)

    def cell(self, membership_id: int, item_id: int) -> str | None:
        return self.cells.get((membership_id, item_id))


def team_matrix(*, access: OrgAccess, on: datetime.date, filters: MatrixFilter) -> Matrix:
    """People × required items for the people the actor may see: three queries in all."""
    members = access.visible_memberships("competences.view_team").active(on)
    if filters.department_id:
        subtree = _department_subtree_ids(access, filters.department_id)
        members = members.filter(
            Q(primary_department_id__in=subtree) | Q(extra_departments__id__in=subtree)
        ).distinct()
    # Walk the team's members and seek each one's required lines in the covering index
    # (line_member_status); starting from the lines would scan the whole organisation's.
    lines = Q(passport_lines__level=RequirementLevel.REQUIRED)
    if filters.kind or filters.risk:
        items = CompetenceItem.objects.filter(organisation=access.organisation)
        if filters.kind:
            items = items.filter(kind=filters.kind)
        if filters.risk:
            items = items.filter(risk_profile=filters.risk)
        lines &= Q(passport_lines__item_id__in=list(items.values_list("pk", flat=True)))
    rows = (
        members.filter(lines)
        .annotate(line_status=status_case(on=on, prefix="passport_lines__"))
        .values_list("pk", "passport_lines__item_id", "line_status")
    )
    cells = {(m_id, i_id): status for m_id, i_id, status in rows}
    return _build_matrix(members, cells, filters)


def _build_matrix(
    members: QuerySet[Membership], cells: dict[tuple[int, int], str], filters: MatrixFilter
) -> Matrix:
    wanted = _cells_matching(cells, filters)
    person_ids = {m for m, _ in wanted}
    item_ids = {i for _, i in wanted}
    people = list(
        members.filter(pk__in=person_ids)
        .select_related("user", "primary_department")
        .order_by("user__full_name")
    )
    items = list(CompetenceItem.objects.filter(pk__in=item_ids).order_by("kind", "name"))
    matrix = Matrix(
        people, items, {k: v for k, v in cells.items() if k[0] in person_ids and k[1] in item_ids}
    )
    rows: dict[int, list[str]] = defaultdict(list)
    cols: dict[int, list[str]] = defaultdict(list)
    for (m_id, i_id), status in matrix.cells.items():
        rows[m_id].append(status)
        cols[i_id].append(status)
    matrix.row_totals = {k: (sum(s in COMPETENT for s in v), len(v)) for k, v in rows.items()}
    matrix.column_totals = {k: (sum(s in COMPETENT for s in v), len(v)) for k, v in cols.items()}
    matrix.headline = headline_figures(list(cells.values()))
    return matrix


def headline_figures(statuses: list[str]) -> dict[str, int | None]:
    return {
        "competent_pct": round(100 * sum(s in COMPETENT for s in statuses) / len(statuses))
        if statuses
        else None,
        "expiring": sum(s == "expiring" for s in statuses),
        "missing": sum(s in ("missing", "expired") for s in statuses),
    }


def _cells_matching(cells: dict, filters: MatrixFilter) -> dict:
    """Keep the rows (people) that have a cell matching the status filter."""
    if not filters.status and not filters.problems_only:
        return cells

    def hit(status: str) -> bool:
        if filters.status:
            return status == filters.status
        return STATUSES[status].problem

    people = {m for (m, _), status in cells.items() if hit(status)}
    return {k: v for k, v in cells.items() if k[0] in people}


def _department_subtree_ids(access: OrgAccess, department_id: int) -> list[int]:
    from zorgwijs.organisations.models import Department

    root = Department.objects.filter(organisation=access.organisation, pk=department_id).first()
    if root is None:
        return []
    return list(root.subtree().values_list("pk", flat=True))


@dataclass(frozen=True)
class PersonRef:
    """Just enough of a person for a roster line and its audit entry (``pk``, ``str``)."""

    pk: int
    full_name: str

    def __str__(self) -> str:
        return self.full_name


@dataclass
class CompetentPerson:
    membership_id: int
    person: PersonRef
    status: str
    valid_until: datetime.date | None


def _competent_lines(
    *, access: OrgAccess, item: CompetenceItem, on: datetime.date, department_id: int | None
) -> QuerySet[WithAnnotations[PassportLine, LineStatus]]:
    """The passport lines of ``item`` whose holders may do it independently on ``on`` (the
    roster's rows): the status CASE, so the roster counts what the matrix and dashboard do."""
    members = access.visible_memberships("competences.roster").active(on)
    if department_id:
        members = members.filter(
            primary_department_id__in=_department_subtree_ids(access, department_id)
        )
    return (
        PassportLine.objects.filter(item=item, membership__in=members.values("pk"))
        .annotate(status=status_case(on=on))
        .filter(status__in=COMPETENT)
    )


@dataclass(frozen=True)
class DepartmentCount:
    department_id: int | None
    name: str
    competent: int


def competent_counts(
    *, access: OrgAccess, item: CompetenceItem, on: datetime.date
) -> list[DepartmentCount]:
    """How many people may do ``item`` on ``on``, per primary department: one aggregate, no
    names — what a large organisation sees before it picks the department it rosters."""
    rows = (
        _competent_lines(access=access, item=item, on=on, department_id=None)
        .values("membership__primary_department_id", "membership__primary_department__name")
        .annotate(competent=Count("pk"))
        .order_by("membership__primary_department__path")
    )
    return [
        DepartmentCount(
            row["membership__primary_department_id"],
            row["membership__primary_department__name"] or "—",
            row["competent"],
        )
        for row in rows
    ]


def competent_for(
    *,
    access: OrgAccess,
    item: CompetenceItem,
    on: datetime.date,
    department_id: int | None = None,
) -> dict[str, list[CompetentPerson]]:
    """Who may do ``item`` on ``on``, per department (of ``department_id``'s subtree when
    given, by primary department) — for the roster.

    Thousands of people may qualify in a large organisation: read plain values, not models.
    """
    rows = (
        _competent_lines(access=access, item=item, on=on, department_id=department_id)
        .order_by("membership__primary_department__path", "membership__user__full_name")
        .values_list(
            "membership_id",
            "membership__user_id",
            "membership__user__full_name",
            "membership__primary_department__name",
            "status",
            "valid_until",
        )
    )
    by_department: dict[str, list[CompetentPerson]] = defaultdict(list)
    for membership_id, user_id, name, department, status, valid_until in rows:
        by_department[department or "—"].append(
            CompetentPerson(membership_id, PersonRef(user_id, name), status, valid_until)
        )
    return dict(by_department)


# Audited reads: what the pages and the API show of other people --------------------------------


def passport_open(access: OrgAccess, membership_id: int, *, context: AuditContext) -> Membership:
    """A team member whose passport is about to be shown (404 outside the caller's team)."""
    return membership_read(
        access,
        membership_id,
        context=context,
        action="competences.passport.viewed",
        capability="competences.view_team",
    )


def history_member_open(
    access: OrgAccess, membership_id: int, *, context: AuditContext
) -> Membership:
    """The person whose evidence for one line is shown: the caller themself (not recorded), or
    a team member (recorded)."""
    if membership_id == access.membership.pk:
        return access.membership
    return membership_read(
        access,
        membership_id,
        context=context,
        action="competences.history.viewed",
        capability="competences.view_team",
    )


def team_matrix_read(
    *, access: OrgAccess, on: datetime.date, filters: MatrixFilter, context: AuditContext
) -> Matrix:
    """The team matrix, with everyone in it recorded as viewed."""
    matrix = team_matrix(access=access, on=on, filters=filters)
    record_many(
        "competences.team_matrix.viewed",
        kind="view",
        context=context,
        organisation=access.organisation,
        subjects=[m.user for m in matrix.people],
    )
    return matrix


def competent_for_read(
    *,
    access: OrgAccess,
    item: CompetenceItem,
    on: datetime.date,
    department_id: int | None,
    context: AuditContext,
) -> dict[str, list[CompetentPerson]]:
    """``competent_for`` with everyone listed recorded as viewed (the page calls it only when
    it shows names, not for the counts)."""
    groups = competent_for(access=access, item=item, on=on, department_id=department_id)
    record_many(
        "competences.roster.viewed",
        kind="view",
        context=context,
        organisation=access.organisation,
        subjects=[p.person for people in groups.values() for p in people],
    )
    return groups
