"""/api/v1/organisations: organisations, departments, job functions, memberships and roles.

Every operation under ``/{org_slug}/`` runs inside ``org_scope`` (404 for outsiders, 403
without the capability); the list of one's own organisations is personal. Writes go through
``services``; reading people's data is recorded in the audit log.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status

from zorgwijs.api.access import PERSONAL_OPERATION, org_operation, org_scope
from zorgwijs.api.schemas import (
    MAX_ID,
    PRINTABLE_PATTERN,
    READ_ERRORS,
    SLUG_PATTERN,
    WRITE_ERRORS,
    Id,
    InputSchema,
    Page,
    describe,
    name_field,
    responses,
    text_field,
)
from zorgwijs.audit.services import record, record_many

from . import services
from .access import OrgAccess, active_memberships_of
from .models import Department, JobFunction, Membership, Role, RoleAssignment
from .selectors import get_membership_for_actor

router = Router()

OrgSlug = Path(
    ..., pattern=SLUG_PATTERN, max_length=60, description="Korte naam van de organisatie."
)
MembershipId = Path(..., ge=1, le=MAX_ID, description="Id van het dienstverband.")
DepartmentId = Path(..., ge=1, le=MAX_ID, description="Id van de afdeling.")
FunctionId = Path(..., ge=1, le=MAX_ID, description="Id van de functie.")
RoleName = Literal[tuple(Role.values)]  # type: ignore[valid-type]

# Schemas ----------------------------------------------------------------------------------------


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    kind_label: str
    province: str
    region: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class MyOrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    kind_label: str
    province: str
    region: str
    membership_id: int = Field(description="Id van je eigen dienstverband hier.")
    roles: list[RoleName] = Field(description="Je rollen hier (iedereen is ook medewerker).")
    capabilities: list[str] = Field(description="Wat je rollen je hier laten doen.")


class Ref(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int = Field(description="Id van het dienstverband.")
    full_name: str


class DepartmentOut(Schema):
    id: int
    name: str
    code: str
    parent_id: int | None = Field(description="Bovenliggende afdeling; leeg bovenaan de boom.")
    path: str = Field(description="Ids van de wortel tot hier, zoals '/4/17/'.")
    depth: int = Field(description="0 voor een afdeling bovenaan de boom.")
    child_count: int = Field(description="Aantal directe subafdelingen.")


class DepartmentIn(InputSchema):
    name: name_field(150)
    code: text_field(40) = ""
    parent_id: Id | None = Field(None, description="Leeg: bovenaan de boom.")


class DepartmentPatch(InputSchema):
    name: name_field(150) = None
    code: text_field(40) = None


class DepartmentMoveIn(InputSchema):
    parent_id: Id | None = Field(description="De nieuwe bovenliggende afdeling; null: bovenaan.")


class JobFunctionOut(Schema):
    id: int
    name: str
    code: str
    big_registered: bool


class JobFunctionIn(InputSchema):
    name: name_field(150)
    code: text_field(40) = ""
    big_registered: bool = False


class JobFunctionPatch(InputSchema):
    name: name_field(150) = None
    code: text_field(40) = None
    big_registered: bool = None


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
    full_name: name_field(200)
    employee_number: text_field(40) = ""
    job_function_id: Id | None = None
    primary_department_id: Id | None = None
    extra_department_ids: list[Id] = Field(default_factory=list, max_length=50)
    line_manager_id: Id | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None


class MembershipPatch(InputSchema):
    employee_number: text_field(40) = None
    job_function_id: Id | None = None
    primary_department_id: Id | None = None
    extra_department_ids: list[Id] = Field(None, max_length=50)
    line_manager_id: Id | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None


class RoleOut(Schema):
    role: RoleName
    label: str
    departments: list[Ref] = Field(description="Alleen bij een leidinggevende: zijn afdelingen.")

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_departments(obj) -> list[Department]:
        return list(obj.departments.all())


class RoleIn(InputSchema):
    role: RoleName
    department_ids: list[Id] = Field(default_factory=list, max_length=50)


class RolesIn(InputSchema):
    roles: list[RoleIn] = Field(max_length=len(Role.values))


# Lookups inside the organisation ------------------------------------------------------------


def _department(access: OrgAccess, department_id: int) -> Department:
    found = Department.objects.filter(organisation=access.organisation, pk=department_id).first()
    if found is None:
        raise Http404
    return found


def _function(access: OrgAccess, function_id: int) -> JobFunction:
    found = JobFunction.objects.filter(organisation=access.organisation, pk=function_id).first()
    if found is None:
        raise Http404
    return found


def _ref_departments(access: OrgAccess, field: str, ids: list[int]) -> list[Department]:
    found = list(Department.objects.filter(organisation=access.organisation, pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise ValidationError({field: "Onbekende afdeling."})
    return found


def _ref(access: OrgAccess, field: str, model, pk: int | None):
    """Resolve an id in a request body to a row of this organisation, or answer 400."""
    if pk is None:
        return None
    found = model.objects.filter(organisation=access.organisation, pk=pk).first()
    if found is None:
        label = {Department: "afdeling", JobFunction: "functie", Membership: "medewerker"}[model]
        raise ValidationError({field: f"Onbekende {label}."})
    return found


def _membership_refs(access: OrgAccess, data: dict) -> dict:
    """Turn the ``…_id`` fields of a membership body into rows of this organisation."""
    resolved = {}
    for field, model in (
        ("job_function", JobFunction),
        ("primary_department", Department),
        ("line_manager", Membership),
    ):
        if f"{field}_id" in data:
            resolved[field] = _ref(access, f"{field}_id", model, data.pop(f"{field}_id"))
    if data.get("extra_department_ids") is not None:
        resolved["extra_departments"] = _ref_departments(
            access, "extra_department_ids", data.pop("extra_department_ids")
        )
    data.pop("extra_department_ids", None)
    return {**data, **resolved}


def _departments_with_tree_info(access: OrgAccess):
    return Department.objects.filter(organisation=access.organisation).annotate(
        child_count=Count("children")
    )


def _with_details(membership: Membership) -> Membership:
    return (
        Membership.objects.select_related(
            "user", "job_function", "primary_department", "line_manager__user"
        )
        .prefetch_related("extra_departments")
        .get(pk=membership.pk)
    )


def _audit_view(request, access: OrgAccess, action: str, membership: Membership) -> None:
    record(
        action,
        kind="view",
        actor=request.auth,
        organisation=access.organisation,
        subject=membership.user,
        obj=membership,
        request=request,
    )


# Organisations ------------------------------------------------------------------------------


@router.get(
    "",
    response=responses(200, list[OrganisationOut], (401,)),
    operation_id="organisations_list_mine",
    tags=["organisations"],
    openapi_extra=PERSONAL_OPERATION,
    summary="Mijn organisaties",
    description=describe(
        "Personal: the organisations where the caller has an active membership, by name.", (401,)
    ),
)
def list_organisations(request: HttpRequest):
    return [m.organisation for m in active_memberships_of(request.auth)]


@router.get(
    "/{org_slug}",
    response=responses(200, MyOrganisationOut, READ_ERRORS),
    operation_id="organisations_get",
    tags=["organisations"],
    openapi_extra=org_operation("organisation.view"),
    summary="Organisatie",
    description=describe(
        "One organisation the caller belongs to, with the caller's own membership id, roles "
        "and capabilities there (capability `organisation.view`, every member has it).",
        READ_ERRORS,
    ),
)
def get_organisation(request: HttpRequest, org_slug: str = OrgSlug):
    with org_scope(request, org_slug, "organisation.view") as access:
        org = access.organisation
        return {
            **{f: getattr(org, f) for f in ("slug", "name", "kind", "province", "region")},
            "kind_label": str(org.get_kind_display()),
            "membership_id": access.membership.pk,
            "roles": sorted(access.roles),
            "capabilities": sorted(access.capabilities),
        }


# Departments --------------------------------------------------------------------------------


@router.get(
    "/{org_slug}/departments",
    response=responses(200, list[DepartmentOut], READ_ERRORS),
    operation_id="departments_list",
    tags=["departments"],
    openapi_extra=org_operation("organisation.view"),
    summary="Afdelingen",
    description=describe(
        "The organisation's department tree, in tree order (by `path`): each department "
        "with its parent, depth and number of children. Capability `organisation.view`.",
        READ_ERRORS,
    ),
)
def list_departments(request: HttpRequest, org_slug: str = OrgSlug):
    with org_scope(request, org_slug, "organisation.view") as access:
        return list(_departments_with_tree_info(access).order_by("path"))


@router.get(
    "/{org_slug}/departments/{department_id}",
    response=responses(200, DepartmentOut, READ_ERRORS),
    operation_id="departments_get",
    tags=["departments"],
    openapi_extra=org_operation("organisation.view"),
    summary="Afdeling",
    description=describe("One department. Capability `organisation.view`.", READ_ERRORS),
)
def get_department(
    request: HttpRequest, org_slug: str = OrgSlug, department_id: int = DepartmentId
):
    with org_scope(request, org_slug, "organisation.view") as access:
        found = _departments_with_tree_info(access).filter(pk=department_id).first()
        if found is None:
            raise Http404
        return found


@router.post(
    "/{org_slug}/departments",
    response=responses(201, DepartmentOut, WRITE_ERRORS),
    operation_id="departments_create",
    tags=["departments"],
    openapi_extra=org_operation("structure.manage"),
    summary="Afdeling toevoegen",
    description=describe(
        "Add a department, at the top of the tree or under `parent_id`. Names are unique "
        "among siblings (409). Capability `structure.manage`.",
        WRITE_ERRORS,
    ),
)
def create_department(request: HttpRequest, payload: DepartmentIn, org_slug: str = OrgSlug):
    with org_scope(request, org_slug, "structure.manage") as access:
        parent = _ref(access, "parent_id", Department, payload.parent_id)
        department = services.department_add(
            actor=request.auth,
            organisation=access.organisation,
            name=payload.name,
            code=payload.code,
            parent=parent,
            request=request,
        )
        return Status(201, _departments_with_tree_info(access).get(pk=department.pk))


@router.patch(
    "/{org_slug}/departments/{department_id}",
    response=responses(200, DepartmentOut, WRITE_ERRORS),
    operation_id="departments_update",
    tags=["departments"],
    openapi_extra=org_operation("structure.manage"),
    summary="Afdeling wijzigen",
    description=describe(
        "Change a department's name or code; fields left out stay as they are. To move it, "
        "use `…/move`. Capability `structure.manage`.",
        WRITE_ERRORS,
    ),
)
def update_department(
    request: HttpRequest,
    payload: DepartmentPatch,
    org_slug: str = OrgSlug,
    department_id: int = DepartmentId,
):
    with org_scope(request, org_slug, "structure.manage") as access:
        department = _department(access, department_id)
        services.department_update(
            actor=request.auth,
            department=department,
            request=request,
            **payload.model_dump(exclude_unset=True),
        )
        return _departments_with_tree_info(access).get(pk=department.pk)


@router.post(
    "/{org_slug}/departments/{department_id}/move",
    response=responses(200, DepartmentOut, WRITE_ERRORS),
    operation_id="departments_move",
    tags=["departments"],
    openapi_extra=org_operation("structure.manage"),
    summary="Afdeling verplaatsen",
    description=describe(
        "Move a department, with its whole subtree, under another department (`parent_id`) "
        "or to the top (`null`). A department cannot move under itself or its own "
        "subdepartments (400). Capability `structure.manage`.",
        WRITE_ERRORS,
    ),
)
def move_department(
    request: HttpRequest,
    payload: DepartmentMoveIn,
    org_slug: str = OrgSlug,
    department_id: int = DepartmentId,
):
    with org_scope(request, org_slug, "structure.manage") as access:
        department = _department(access, department_id)
        parent = _ref(access, "parent_id", Department, payload.parent_id)
        services.department_relocate(
            actor=request.auth, department=department, parent=parent, request=request
        )
        return _departments_with_tree_info(access).get(pk=department.pk)


# Job functions ------------------------------------------------------------------------------


@router.get(
    "/{org_slug}/job-functions",
    response=responses(200, list[JobFunctionOut], READ_ERRORS),
    operation_id="job_functions_list",
    tags=["job functions"],
    openapi_extra=org_operation("organisation.view"),
    summary="Functies",
    description=describe(
        "The organisation's job functions, by name. Capability `organisation.view`.", READ_ERRORS
    ),
)
def list_job_functions(request: HttpRequest, org_slug: str = OrgSlug):
    with org_scope(request, org_slug, "organisation.view") as access:
        return list(JobFunction.objects.filter(organisation=access.organisation))


@router.get(
    "/{org_slug}/job-functions/{function_id}",
    response=responses(200, JobFunctionOut, READ_ERRORS),
    operation_id="job_functions_get",
    tags=["job functions"],
    openapi_extra=org_operation("organisation.view"),
    summary="Functie",
    description=describe("One job function. Capability `organisation.view`.", READ_ERRORS),
)
def get_job_function(request: HttpRequest, org_slug: str = OrgSlug, function_id: int = FunctionId):
    with org_scope(request, org_slug, "organisation.view") as access:
        return _function(access, function_id)


@router.post(
    "/{org_slug}/job-functions",
    response=responses(201, JobFunctionOut, WRITE_ERRORS),
    operation_id="job_functions_create",
    tags=["job functions"],
    openapi_extra=org_operation("structure.manage"),
    summary="Functie toevoegen",
    description=describe(
        "Add a job function; names are unique in the organisation (409). "
        "Capability `structure.manage`.",
        WRITE_ERRORS,
    ),
)
def create_job_function(request: HttpRequest, payload: JobFunctionIn, org_slug: str = OrgSlug):
    with org_scope(request, org_slug, "structure.manage") as access:
        function = services.job_function_add(
            actor=request.auth,
            organisation=access.organisation,
            request=request,
            **payload.model_dump(),
        )
        return Status(201, function)


@router.patch(
    "/{org_slug}/job-functions/{function_id}",
    response=responses(200, JobFunctionOut, WRITE_ERRORS),
    operation_id="job_functions_update",
    tags=["job functions"],
    openapi_extra=org_operation("structure.manage"),
    summary="Functie wijzigen",
    description=describe(
        "Change a job function; fields left out stay as they are. Capability `structure.manage`.",
        WRITE_ERRORS,
    ),
)
def update_job_function(
    request: HttpRequest,
    payload: JobFunctionPatch,
    org_slug: str = OrgSlug,
    function_id: int = FunctionId,
):
    with org_scope(request, org_slug, "structure.manage") as access:
        function = _function(access, function_id)
        return services.job_function_update(
            actor=request.auth,
            job_function=function,
            request=request,
            **payload.model_dump(exclude_unset=True),
        )


# Memberships --------------------------------------------------------------------------------


@router.get(
    "/{org_slug}/memberships",
    response=responses(200, MembershipPageOut, READ_ERRORS),
    operation_id="memberships_list",
    tags=["memberships"],
    openapi_extra=org_operation("self.view"),
    summary="Medewerkers",
    description=describe(
        "The people the caller may see, by name, one page at a time: everyone for an admin "
        "or coordinator, the people of his departments (and their subdepartments) for a "
        "manager, only themself for anyone else. `q` filters on name. Every person on the "
        "page is recorded as viewed in the audit log. Capability `self.view` (every member).",
        READ_ERRORS,
    ),
)
def list_memberships(
    request: HttpRequest,
    org_slug: str = OrgSlug,
    q: str = Query("", max_length=100, pattern=PRINTABLE_PATTERN, description="Deel van de naam."),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=1_000_000_000),
):
    with org_scope(request, org_slug, "self.view") as access:
        members = access.visible_memberships().select_related(
            "user", "job_function", "primary_department"
        )
        if q.strip():
            members = members.filter(user__full_name__icontains=q.strip())
        total = members.count()
        items = list(members.order_by("user__full_name", "pk")[offset : offset + limit])
        record_many(
            "organisations.membership.listed",
            subjects=[m.user for m in items],
            kind="view",
            actor=request.auth,
            organisation=access.organisation,
            request=request,
        )
        return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get(
    "/{org_slug}/memberships/{membership_id}",
    response=responses(200, MembershipDetailOut, READ_ERRORS),
    operation_id="memberships_get",
    tags=["memberships"],
    openapi_extra=org_operation("self.view"),
    summary="Medewerker",
    description=describe(
        "One membership the caller may see (404 for anyone else, as if it did not exist). "
        "Recorded as viewed in the audit log. Capability `self.view` (every member).",
        READ_ERRORS,
    ),
)
def get_membership(
    request: HttpRequest, org_slug: str = OrgSlug, membership_id: int = MembershipId
):
    with org_scope(request, org_slug, "self.view") as access:
        membership = get_membership_for_actor(access, membership_id)
        _audit_view(request, access, "organisations.membership.viewed", membership)
        return membership


@router.post(
    "/{org_slug}/memberships",
    response=responses(201, MembershipDetailOut, WRITE_ERRORS),
    operation_id="memberships_create",
    tags=["memberships"],
    openapi_extra=org_operation("people.manage"),
    summary="Medewerker toevoegen",
    description=describe(
        "Employ a person. An existing account with this e-mail address is used (its name "
        "stays as it is); otherwise a new account without a password is made. A person who "
        "already has a membership here is a conflict (409). Departments, job function and "
        "line manager must belong to this organisation (400). Capability `people.manage`.",
        WRITE_ERRORS,
    ),
)
def create_membership(request: HttpRequest, payload: MembershipIn, org_slug: str = OrgSlug):
    with org_scope(request, org_slug, "people.manage") as access:
        data = _membership_refs(access, payload.model_dump())
        membership = services.membership_add(
            actor=request.auth, organisation=access.organisation, request=request, **data
        )
        return Status(201, _with_details(membership))


@router.patch(
    "/{org_slug}/memberships/{membership_id}",
    response=responses(200, MembershipDetailOut, WRITE_ERRORS),
    operation_id="memberships_update",
    tags=["memberships"],
    openapi_extra=org_operation("people.manage"),
    summary="Medewerker wijzigen",
    description=describe(
        "Change a membership; fields left out stay as they are, `null` clears a field. "
        "`extra_department_ids` replaces the whole list. Capability `people.manage`.",
        WRITE_ERRORS,
    ),
)
def update_membership(
    request: HttpRequest,
    payload: MembershipPatch,
    org_slug: str = OrgSlug,
    membership_id: int = MembershipId,
):
    with org_scope(request, org_slug, "people.manage") as access:
        membership = get_membership_for_actor(access, membership_id, "people.manage")
        data = _membership_refs(access, payload.model_dump(exclude_unset=True))
        services.membership_update(
            actor=request.auth, membership=membership, request=request, **data
        )
        return _with_details(membership)


# Roles --------------------------------------------------------------------------------------


def _roles_of(membership: Membership) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(membership=membership)
        .prefetch_related("departments")
        .order_by("role")
    )


@router.get(
    "/{org_slug}/memberships/{membership_id}/roles",
    response=responses(200, list[RoleOut], READ_ERRORS),
    operation_id="membership_roles_list",
    tags=["roles"],
    openapi_extra=org_operation("roles.manage"),
    summary="Rollen van een medewerker",
    description=describe(
        "The roles of a member on top of being an employee; a manager's role lists the "
        "departments it covers. Recorded as viewed in the audit log. "
        "Capability `roles.manage`.",
        READ_ERRORS,
    ),
)
def list_membership_roles(
    request: HttpRequest, org_slug: str = OrgSlug, membership_id: int = MembershipId
):
    with org_scope(request, org_slug, "roles.manage") as access:
        membership = get_membership_for_actor(access, membership_id, "roles.manage")
        _audit_view(request, access, "organisations.membership.roles_viewed", membership)
        return _roles_of(membership)


@router.put(
    "/{org_slug}/memberships/{membership_id}/roles",
    response=responses(200, list[RoleOut], WRITE_ERRORS),
    operation_id="membership_roles_set",
    tags=["roles"],
    openapi_extra=org_operation("roles.manage"),
    summary="Rollen van een medewerker instellen",
    description=describe(
        "Replace a member's roles with the given list (an empty list: plain employee). A "
        "manager's role needs at least one department, other roles have none (400). You "
        "cannot take away your own admin role (409). Capability `roles.manage`.",
        WRITE_ERRORS,
    ),
)
def set_membership_roles(
    request: HttpRequest,
    payload: RolesIn,
    org_slug: str = OrgSlug,
    membership_id: int = MembershipId,
):
    with org_scope(request, org_slug, "roles.manage") as access:
        membership = get_membership_for_actor(access, membership_id, "roles.manage")
        roles = [
            (item.role, _ref_departments(access, "department_ids", item.department_ids))
            for item in payload.roles
        ]
        services.membership_roles_set(
            actor=request.auth, membership=membership, roles=roles, request=request
        )
        return _roles_of(membership)
