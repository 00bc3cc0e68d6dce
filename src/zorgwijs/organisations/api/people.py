"""Memberships: the people an organisation employs. Reading them is recorded in the audit log."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.paging import limit_param, offset_param, page_info
from zorgwijs.api.schemas import (
    PRINTABLE_PATTERN,
    Id,
    InputSchema,
    IsoDate,
    Page,
    name_field,
    text_field,
)
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.http import ApiRequest

from .. import services
from ..access import OrgAccess
from ..models import Department, JobFunction, Membership
from ..selectors import get_membership_for_actor, member_read, members_page_read
from .common import MembershipId, PersonRef, Ref, ref, ref_departments

router = Router()


class MembershipOut(Schema):
    id: int
    full_name: str
    email: str
    employee_number: str
    job_function: Ref | None
    primary_department: Ref | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    is_active: bool

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.user.full_name

    @staticmethod
    def resolve_email(obj) -> str:
        return obj.user.email


class MembershipDetailOut(MembershipOut):
    extra_departments: list[Ref]
    line_manager: PersonRef | None

    @staticmethod
    def resolve_extra_departments(obj) -> list[Department]:
        return list(obj.extra_departments.all())

    @staticmethod
    def resolve_line_manager(obj) -> dict | None:
        manager = obj.line_manager
        return {"id": manager.pk, "full_name": manager.user.full_name} if manager else None


class MembershipPageOut(Page):
    items: list[MembershipOut]


class MembershipIn(InputSchema):
    email: str = Field(
        max_length=254,
        pattern=r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+$",
        json_schema_extra={"format": "email"},
    )
    full_name: name_field(200)  # type: ignore[valid-type]
    employee_number: text_field(40) = ""  # type: ignore[valid-type]
    job_function_id: Id | None = None
    primary_department_id: Id | None = None
    extra_department_ids: list[Id] = Field(default_factory=list, max_length=50)
    line_manager_id: Id | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None


class MembershipPatch(InputSchema):
    employee_number: text_field(40) = None  # type: ignore[valid-type]
    job_function_id: Id | None = None
    primary_department_id: Id | None = None
    # None: not sent; null is refused.
    extra_department_ids: list[Id] = Field(None, max_length=50)  # type: ignore[arg-type]
    line_manager_id: Id | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None


def _membership_refs(access: OrgAccess, data: dict) -> dict:
    """Turn the ``…_id`` fields of a membership body into rows of this organisation."""
    resolved = {}
    for field, model in (
        ("job_function", JobFunction),
        ("primary_department", Department),
        ("line_manager", Membership),
    ):
        if f"{field}_id" in data:
            resolved[field] = ref(access, f"{field}_id", model, data.pop(f"{field}_id"))
    if data.get("extra_department_ids") is not None:
        resolved["extra_departments"] = ref_departments(
            access, "extra_department_ids", data.pop("extra_department_ids")
        )
    data.pop("extra_department_ids", None)
    return {**data, **resolved}


def _with_details(membership: Membership) -> Membership:
    return (
        Membership.objects.select_related(
            "user", "job_function", "primary_department", "line_manager__user"
        )
        .prefetch_related("extra_departments")
        .get(pk=membership.pk)
    )


# Memberships --------------------------------------------------------------------------------


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/memberships",
    "self.view",
    response=MembershipPageOut,
    operation_id="memberships_list",
    tags=["memberships"],
    summary="Medewerkers",
    description=(
        "The people the caller may see, by name, one page at a time: everyone for an admin "
        "or coordinator, the people of his departments (and their subdepartments) for a "
        "manager, only themself for anyone else. `q` filters on name. Every person on the "
        "page is recorded as viewed in the audit log. Capability `self.view` (every member)."
    ),
)
def list_memberships(
    request: ApiRequest,
    access: OrgAccess,
    q: str = Query("", max_length=100, pattern=PRINTABLE_PATTERN, description="Deel van de naam."),
    limit: int = limit_param(),
    offset: int = offset_param(),
):
    total, items = members_page_read(
        access, query=q.strip(), limit=limit, offset=offset, context=audit_context(request)
    )
    return {**page_info(total, limit=limit, offset=offset), "items": items}


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/memberships/{membership_id}",
    "self.view",
    response=MembershipDetailOut,
    operation_id="memberships_get",
    tags=["memberships"],
    summary="Medewerker",
    description=(
        "One membership the caller may see (404 for anyone else, as if it did not exist). "
        "Recorded as viewed in the audit log. Capability `self.view` (every member)."
    ),
)
def get_membership(request: HttpRequest, access: OrgAccess, membership_id: int = MembershipId):
    return member_read(access, membership_id, context=audit_context(request))


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/memberships",
    "people.manage",
    response=MembershipDetailOut,
    status=201,
    operation_id="memberships_create",
    tags=["memberships"],
    summary="Medewerker toevoegen",
    description=(
        "Employ a person. An existing account with this e-mail address is used (its name "
        "stays as it is); otherwise a new account without a password is made. A person who "
        "already has a membership here is a conflict (409). Departments, job function and "
        "line manager must belong to this organisation (400). Capability `people.manage`."
    ),
)
def create_membership(request: ApiRequest, access: OrgAccess, payload: MembershipIn):
    data = _membership_refs(access, payload.model_dump())
    membership = services.membership_add(
        actor=request.auth, organisation=access.organisation, context=audit_context(request), **data
    )
    return Status(201, _with_details(membership))


@org_endpoint(
    router,
    "PATCH",
    "/{org_slug}/memberships/{membership_id}",
    "people.manage",
    response=MembershipDetailOut,
    operation_id="memberships_update",
    tags=["memberships"],
    summary="Medewerker wijzigen",
    description=(
        "Change a membership; fields left out stay as they are, `null` clears a field. "
        "`extra_department_ids` replaces the whole list. Capability `people.manage`."
    ),
)
def update_membership(
    request: ApiRequest,
    access: OrgAccess,
    payload: MembershipPatch,
    membership_id: int = MembershipId,
):
    membership = get_membership_for_actor(access, membership_id, "people.manage")
    data = _membership_refs(access, payload.model_dump(exclude_unset=True))
    services.membership_update(
        actor=request.auth, membership=membership, context=audit_context(request), **data
    )
    return _with_details(membership)
