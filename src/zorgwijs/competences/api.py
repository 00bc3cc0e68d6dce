"""/api/v1/organisations/{org_slug}/…: passports, team matrix, who is competent, compliance,
and registering a qualification.

The same capabilities, selectors, services and audit entries as the HTML views in
``views.py``: reading someone else's competence data is recorded in the audit log, a
registration goes through ``qualification_register``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status

from zorgwijs.api.access import OrgAccess
from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.schemas import (
    MAX_ID,
    READ_ERRORS,
    Id,
    InputSchema,
    IsoDate,
    text_field,
)
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.http import ApiRequest
from zorgwijs.organisations.models import Department, Membership
from zorgwijs.organisations.selectors import get_membership_for_actor

from .dashboard import compliance_by, compliance_total
from .models import CompetenceItem, EvidenceKind, ItemKind, PassportLine, RiskProfile
from .selectors import (
    MatrixFilter,
    competent_for_read,
    get_item,
    passport_open,
    passport_rows,
    passport_summary,
    team_matrix_read,
)
from .services import qualification_register
from .status import STATUSES, line_status

router = Router(tags=["competences"])

MembershipId = Path(..., ge=1, le=MAX_ID, description="Id van het dienstverband.")
ItemId = Path(..., ge=1, le=MAX_ID, description="Id van de bekwaamheid.")

# The allowed values, as a Literal for the schema; to the type checker just text (it cannot
# read a Literal built from the choices at run time).
if TYPE_CHECKING:
    StatusCode = str
    KindCode = str
    RiskCode = str
    EvidenceCode = str
else:
    StatusCode = Literal[tuple(STATUSES)]
    KindCode = Literal[tuple(ItemKind.values)]
    RiskCode = Literal[tuple(RiskProfile.values)]
    EvidenceCode = Literal[tuple(EvidenceKind.values)]

DepartmentFilter = Query(
    None, ge=1, le=MAX_ID, description="Afdeling (met onderliggende afdelingen)."
)
KindFilter = Query(None, description="Soort bekwaamheid.")
RiskFilter = Query(None, description="Risicoprofiel.")
StatusFilter = Query(None, description="Alleen mensen met minstens één regel in deze status.")
OnDate = Query(None, description="Datum (JJJJ-MM-DD); standaard vandaag.")

# Schemas ----------------------------------------------------------------------------------------


class ItemRef(Schema):
    id: int
    name: str
    kind: KindCode
    risk_profile: str = Field(description="high, medium, low of leeg.")


class PassportLineOut(Schema):
    item: ItemRef
    level: str = Field(description="required, recommended, of leeg (niet (meer) vereist).")
    status: StatusCode
    status_label: str
    valid_until: datetime.date | None = Field(description="Leeg bij bekwaam: verloopt niet.")
    last_qualified_on: datetime.date | None
    exempt_until: datetime.date | None
    recency_missed: bool = Field(
        description="The item's recency rule (performed N times in M months) is not met on "
        "the date: the status is `supervised`, the person may only perform it under "
        "supervision."
    )


class PassportSummaryOut(Schema):
    required: int
    competent: int
    expiring: int
    missing: int = Field(description="Ontbreekt of verlopen.")
    suspended: int
    supervised: int = Field(description="Bekwaam, maar de recentie-eis is niet gehaald.")
    in_progress: int


class PassportOut(Schema):
    membership_id: int
    full_name: str
    on: datetime.date
    summary: PassportSummaryOut
    lines: list[PassportLineOut]


class MatrixPersonOut(Schema):
    membership_id: int
    full_name: str
    department: str | None
    cells: dict[str, StatusCode] = Field(
        description="Per bekwaamheid-id (als tekst) de status; ontbreekt: niet vereist."
    )


class TeamMatrixOut(Schema):
    on: datetime.date
    items: list[ItemRef]
    people: list[MatrixPersonOut]


class CompetentPersonOut(Schema):
    membership_id: int
    full_name: str
    status: StatusCode
    valid_until: datetime.date | None


class CompetentDepartmentOut(Schema):
    department: str
    people: list[CompetentPersonOut]


class CompetentOut(Schema):
    item: ItemRef
    on: datetime.date
    departments: list[CompetentDepartmentOut]


class ComplianceRowOut(Schema):
    department_id: int | None
    department: str
    required: int
    competent: int
    expiring: int
    percent: float


class ComplianceOut(Schema):
    on: datetime.date
    required: int
    competent: int
    expiring: int
    missing: int
    percent: float | None = Field(description="Leeg als niemand iets vereist heeft.")
    departments: list[ComplianceRowOut]


class QualificationIn(InputSchema):
    item_id: Id
    occurred_on: IsoDate = Field(description="Datum waarop de bekwaamheid is behaald.")
    evidence_kind: EvidenceCode
    valid_until: IsoDate | None = Field(
        None, description="Alleen bij een afwijking van de standaardgeldigheid (met reden)."
    )
    valid_until_reason: text_field(300) = ""  # type: ignore[valid-type]
    backdate_reason: text_field(300) = Field(  # type: ignore[valid-type]
        "", description="Verplicht als de datum meer dan 14 dagen terug ligt."
    )
    note: text_field(1000) = ""  # type: ignore[valid-type]
    assessor_membership_id: Id | None = Field(
        None,
        description="Who assessed (a practical assessment): must be competent in the item on "
        "`occurred_on` themselves, or be named assessor for it; otherwise 400.",
    )


class QualificationOut(Schema):
    id: int
    item: ItemRef
    occurred_on: datetime.date
    valid_until: datetime.date | None
    evidence_kind: EvidenceCode
    status: StatusCode = Field(description="De status van deze regel in het paspoort nu.")


# Helpers ----------------------------------------------------------------------------------------


def _item_ref(item: CompetenceItem) -> dict:
    return {"id": item.pk, "name": item.name, "kind": item.kind, "risk_profile": item.risk_profile}


def _passport(membership, on: datetime.date) -> dict:
    rows = passport_rows(membership=membership, on=on)
    return {
        "membership_id": membership.pk,
        "full_name": membership.user.full_name,
        "on": on,
        "summary": passport_summary(rows),
        "lines": [
            {
                "item": _item_ref(r.line.item),
                "level": r.line.level,
                "status": r.status,
                "status_label": str(r.info.label),
                "valid_until": r.line.valid_until,
                "last_qualified_on": r.line.last_qualified_on,
                "exempt_until": r.line.exempt_until,
                "recency_missed": r.status == "supervised",
            }
            for r in rows
        ],
    }


# Operations -------------------------------------------------------------------------------------


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/me/passport",
    "competences.view_own",
    response=PassportOut,
    operation_id="competences_my_passport",
    summary="Mijn paspoort",
    description=(
        "The caller's own requirements and their status today, problems first. "
        "Capability `competences.view_own` (every member)."
    ),
)
def my_passport(request: HttpRequest, access: OrgAccess):
    return _passport(access.membership, timezone.localdate())


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/members/{membership_id}/passport",
    "competences.view_team",
    response=PassportOut,
    operation_id="competences_member_passport",
    summary="Paspoort van een medewerker",
    description=(
        "A member's requirements and status today: a manager sees the people of his "
        "departments, a coordinator everyone (404 for anyone else). Recorded as viewed in the "
        "audit log. Capability `competences.view_team`."
    ),
)
def member_passport(request: ApiRequest, access: OrgAccess, membership_id: int = MembershipId):
    membership = passport_open(access, membership_id, context=audit_context(request))
    return _passport(membership, timezone.localdate())


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/team-matrix",
    "competences.view_team",
    response=TeamMatrixOut,
    errors=(400, *READ_ERRORS),
    operation_id="competences_team_matrix",
    summary="Teammatrix",
    description=(
        "People × required items with each status today, for the people the caller may see. "
        "Filters: department (with its subdepartments), item kind, risk profile, and status "
        "(people with at least one cell in that status). Every person in the answer is "
        "recorded as viewed in the audit log. Capability `competences.view_team`."
    ),
)
def team_matrix_get(
    request: ApiRequest,
    access: OrgAccess,
    department_id: int | None = DepartmentFilter,
    kind: KindCode | None = KindFilter,
    risk: RiskCode | None = RiskFilter,
    status: StatusCode | None = StatusFilter,
):
    if (
        department_id
        and not Department.objects.filter(
            organisation=access.organisation, pk=department_id
        ).exists()
    ):
        raise ValidationError({"department_id": "Deze afdeling bestaat niet in deze organisatie."})
    on = timezone.localdate()
    matrix = team_matrix_read(
        access=access,
        on=on,
        filters=MatrixFilter(
            department_id=department_id, kind=kind or "", risk=risk or "", status=status or ""
        ),
        context=audit_context(request),
    )
    return {
        "on": on,
        "items": [_item_ref(i) for i in matrix.items],
        "people": [
            {
                "membership_id": m.pk,
                "full_name": m.user.full_name,
                "department": m.primary_department.name if m.primary_department else None,
                "cells": {
                    str(i.pk): matrix.cells[(m.pk, i.pk)]
                    for i in matrix.items
                    if (m.pk, i.pk) in matrix.cells
                },
            }
            for m in matrix.people
        ],
    }


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/items/{item_id}/competent",
    "competences.roster",
    response=CompetentOut,
    operation_id="competences_competent_for",
    summary="Wie is bekwaam?",
    description=(
        "Who may do this item independently on a date (valid, expiring or exempt; not who "
        "lacks the recency rule's practice), per department — for the roster. `on` defaults "
        "to today; `department_id` limits it to that department and its subdepartments. "
        "Everyone listed is recorded as viewed in the audit log. "
        "Capability `competences.roster`."
    ),
)
def competent_get(
    request: ApiRequest,
    access: OrgAccess,
    item_id: int = ItemId,
    on: datetime.date | None = OnDate,
    department_id: int | None = DepartmentFilter,
):
    item = get_item(access, item_id)
    on = on or timezone.localdate()
    groups = competent_for_read(
        access=access, item=item, on=on, department_id=department_id, context=audit_context(request)
    )
    return {
        "item": _item_ref(item),
        "on": on,
        "departments": [
            {
                "department": name,
                "people": [
                    {
                        "membership_id": p.membership_id,
                        "full_name": p.person.full_name,
                        "status": p.status,
                        "valid_until": p.valid_until,
                    }
                    for p in people
                ],
            }
            for name, people in groups.items()
        ],
    }


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/compliance",
    "competences.dashboard",
    response=ComplianceOut,
    operation_id="competences_compliance",
    summary="Naleving van de organisatie",
    description=(
        "Required and competent lines today for the whole organisation and per department "
        "(lowest compliance first). Counts only, no people. Capability "
        "`competences.dashboard`."
    ),
)
def compliance_get(request: HttpRequest, access: OrgAccess):
    on = timezone.localdate()
    rows = compliance_by(organisation=access.organisation, on=on, dimension="department")
    total = compliance_total(organisation=access.organisation, on=on, by_department=rows)
    return {
        **total,
        "on": on,
        "departments": [
            {
                "department_id": r["key"],
                "department": str(r["label"]),
                "required": r["required"],
                "competent": r["competent"],
                "expiring": r["expiring"],
                "percent": r["percent"],
            }
            for r in rows
        ],
    }


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/members/{membership_id}/qualifications",
    "competences.register",
    response=QualificationOut,
    status=201,
    operation_id="competences_qualification_register",
    summary="Bekwaamheid registreren",
    description=(
        "Register that a member became competent in an item on `occurred_on`. Validity "
        "follows from the item unless `valid_until` is given with a reason; a date more than "
        "14 days back needs `backdate_reason`; a date in the future, evidence the item does "
        "not accept, an item of another organisation, or an assessor who is not competent in "
        "the item on that date and not named assessor for it is refused (400). The record is "
        "append-only and audited. Capability `competences.register`."
    ),
)
def qualification_post(
    request: ApiRequest,
    access: OrgAccess,
    payload: QualificationIn,
    membership_id: int = MembershipId,
):
    membership = get_membership_for_actor(access, membership_id, "competences.view_team")
    item = CompetenceItem.objects.filter(
        organisation=access.organisation, pk=payload.item_id, is_active=True
    ).first()
    if item is None:
        raise ValidationError({"item_id": "Deze bekwaamheid bestaat niet in deze organisatie."})
    assessor = None
    if payload.assessor_membership_id is not None:
        assessor_membership = (
            Membership.objects.filter(
                organisation=access.organisation, pk=payload.assessor_membership_id
            )
            .select_related("user")
            .first()
        )
        if assessor_membership is None:
            raise ValidationError(
                {"assessor_membership_id": "Deze beoordelaar bestaat niet in deze organisatie."}
            )
        assessor = assessor_membership.user
    registered = qualification_register(
        actor=request.auth,
        membership=membership,
        item=item,
        occurred_on=payload.occurred_on,
        evidence_kind=payload.evidence_kind,
        valid_until=payload.valid_until,
        valid_until_reason=payload.valid_until_reason,
        backdate_reason=payload.backdate_reason,
        note=payload.note,
        assessor=assessor,
        source="api",
        context=audit_context(request),
    )
    line = PassportLine.objects.get(membership=membership, item=item)
    return Status(
        201,
        {
            "id": registered.pk,
            "item": _item_ref(item),
            "occurred_on": registered.occurred_on,
            "valid_until": registered.valid_until,
            "evidence_kind": registered.evidence_kind,
            "status": line_status(line, timezone.localdate()),
        },
    )
