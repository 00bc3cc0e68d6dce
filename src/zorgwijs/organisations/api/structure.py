"""Departments (a tree) and job functions of an organisation."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.schemas import Id, InputSchema, name_field, text_field
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.http import ApiRequest

from .. import services
from ..access import OrgAccess
from ..models import Department, JobFunction
from .common import DepartmentId, FunctionId, lookup_department, lookup_function, ref

router = Router()


class DepartmentOut(Schema):
    id: int
    name: str
    code: str
    parent_id: int | None = Field(description="Bovenliggende afdeling; leeg bovenaan de boom.")
    path: str = Field(description="Ids van de wortel tot hier, zoals '/4/17/'.")
    depth: int = Field(description="0 voor een afdeling bovenaan de boom.")
    child_count: int = Field(description="Aantal directe subafdelingen.")


class DepartmentIn(InputSchema):
    name: name_field(150)  # type: ignore[valid-type]
    code: text_field(40) = ""  # type: ignore[valid-type]
    parent_id: Id | None = Field(None, description="Leeg: bovenaan de boom.")


class DepartmentPatch(InputSchema):
    name: name_field(150) = None  # type: ignore[valid-type]
    code: text_field(40) = None  # type: ignore[valid-type]


class DepartmentMoveIn(InputSchema):
    parent_id: Id | None = Field(description="De nieuwe bovenliggende afdeling; null: bovenaan.")


class JobFunctionOut(Schema):
    id: int
    name: str
    code: str
    big_registered: bool


class JobFunctionIn(InputSchema):
    name: name_field(150)  # type: ignore[valid-type]
    code: text_field(40) = ""  # type: ignore[valid-type]
    big_registered: bool = False


class JobFunctionPatch(InputSchema):
    name: name_field(150) = None  # type: ignore[valid-type]
    code: text_field(40) = None  # type: ignore[valid-type]
    big_registered: bool = None  # type: ignore[assignment]  # None: not sent; null is refused


def _departments_with_tree_info(access: OrgAccess):
    return Department.objects.filter(organisation=access.organisation).annotate(
        child_count=Count("children")
    )


# Departments --------------------------------------------------------------------------------


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/departments",
    "organisation.view",
    response=list[DepartmentOut],
    operation_id="departments_list",
    tags=["departments"],
    summary="Afdelingen",
    description=(
        "The organisation's department tree, in tree order (by `path`): each department "
        "with its parent, depth and number of children. Capability `organisation.view`."
    ),
)
def list_departments(request: HttpRequest, access: OrgAccess):
    return list(_departments_with_tree_info(access).order_by("path"))


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/departments/{department_id}",
    "organisation.view",
    response=DepartmentOut,
    operation_id="departments_get",
    tags=["departments"],
    summary="Afdeling",
    description="One department. Capability `organisation.view`.",
)
def get_department(request: HttpRequest, access: OrgAccess, department_id: int = DepartmentId):
    found = _departments_with_tree_info(access).filter(pk=department_id).first()
    if found is None:
        raise Http404
    return found


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/departments",
    "structure.manage",
    response=DepartmentOut,
    status=201,
    operation_id="departments_create",
    tags=["departments"],
    summary="Afdeling toevoegen",
    description=(
        "Add a department, at the top of the tree or under `parent_id`. Names are unique "
        "among siblings (409). Capability `structure.manage`."
    ),
)
def create_department(request: ApiRequest, access: OrgAccess, payload: DepartmentIn):
    parent = ref(access, "parent_id", Department, payload.parent_id)
    department = services.department_add(
        actor=request.auth,
        organisation=access.organisation,
        name=payload.name,
        code=payload.code,
        parent=parent,
        context=audit_context(request),
    )
    return Status(201, _departments_with_tree_info(access).get(pk=department.pk))


@org_endpoint(
    router,
    "PATCH",
    "/{org_slug}/departments/{department_id}",
    "structure.manage",
    response=DepartmentOut,
    operation_id="departments_update",
    tags=["departments"],
    summary="Afdeling wijzigen",
    description=(
        "Change a department's name or code; fields left out stay as they are. To move it, "
        "use `…/move`. Capability `structure.manage`."
    ),
)
def update_department(
    request: ApiRequest,
    access: OrgAccess,
    payload: DepartmentPatch,
    department_id: int = DepartmentId,
):
    department = lookup_department(access, department_id)
    services.department_update(
        actor=request.auth,
        department=department,
        context=audit_context(request),
        **payload.model_dump(exclude_unset=True),
    )
    return _departments_with_tree_info(access).get(pk=department.pk)


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/departments/{department_id}/move",
    "structure.manage",
    response=DepartmentOut,
    operation_id="departments_move",
    tags=["departments"],
    summary="Afdeling verplaatsen",
    description=(
        "Move a department, with its whole subtree, under another department (`parent_id`) "
        "or to the top (`null`). A department cannot move under itself or its own "
        "subdepartments (400). Capability `structure.manage`."
    ),
)
def move_department(
    request: ApiRequest,
    access: OrgAccess,
    payload: DepartmentMoveIn,
    department_id: int = DepartmentId,
):
    department = lookup_department(access, department_id)
    parent = ref(access, "parent_id", Department, payload.parent_id)
    services.department_relocate(
        actor=request.auth, department=department, parent=parent, context=audit_context(request)
    )
    return _departments_with_tree_info(access).get(pk=department.pk)


# Job functions ------------------------------------------------------------------------------


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/job-functions",
    "organisation.view",
    response=list[JobFunctionOut],
    operation_id="job_functions_list",
    tags=["job functions"],
    summary="Functies",
    description="The organisation's job functions, by name. Capability `organisation.view`.",
)
def list_job_functions(request: HttpRequest, access: OrgAccess):
    return list(JobFunction.objects.filter(organisation=access.organisation))


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/job-functions/{function_id}",
    "organisation.view",
    response=JobFunctionOut,
    operation_id="job_functions_get",
    tags=["job functions"],
    summary="Functie",
    description="One job function. Capability `organisation.view`.",
)
def get_job_function(request: HttpRequest, access: OrgAccess, function_id: int = FunctionId):
    return lookup_function(access, function_id)


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/job-functions",
    "structure.manage",
    response=JobFunctionOut,
    status=201,
    operation_id="job_functions_create",
    tags=["job functions"],
    summary="Functie toevoegen",
    description=(
        "Add a job function; names are unique in the organisation (409). "
        "Capability `structure.manage`."
    ),
)
def create_job_function(request: ApiRequest, access: OrgAccess, payload: JobFunctionIn):
    function = services.job_function_add(
        actor=request.auth,
        organisation=access.organisation,
        context=audit_context(request),
        **payload.model_dump(),
    )
    return Status(201, function)


@org_endpoint(
    router,
    "PATCH",
    "/{org_slug}/job-functions/{function_id}",
    "structure.manage",
    response=JobFunctionOut,
    operation_id="job_functions_update",
    tags=["job functions"],
    summary="Functie wijzigen",
    description=(
        "Change a job function; fields left out stay as they are. Capability `structure.manage`."
    ),
)
def update_job_function(
    request: ApiRequest,
    access: OrgAccess,
    payload: JobFunctionPatch,
    function_id: int = FunctionId,
):
    function = lookup_function(access, function_id)
    return services.job_function_update(
        actor=request.auth,
        job_function=function,
        context=audit_context(request),
        **payload.model_dump(exclude_unset=True),
    )
