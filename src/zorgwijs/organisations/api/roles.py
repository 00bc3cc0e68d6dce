"""A member's roles on top of being an employee (a manager's role names its departments)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.schemas import Id, InputSchema
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.http import ApiRequest

from .. import services
from ..access import OrgAccess
from ..models import Department, Membership, Role, RoleAssignment
from ..selectors import get_membership_for_actor, member_roles_read
from .common import MembershipId, Ref, RoleName, ref_departments

router = Router()


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


# Roles --------------------------------------------------------------------------------------


def _roles_of(membership: Membership) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(membership=membership)
        .prefetch_related("departments")
        .order_by("role")
    )


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/memberships/{membership_id}/roles",
    "roles.manage",
    response=list[RoleOut],
    operation_id="membership_roles_list",
    tags=["roles"],
    summary="Rollen van een medewerker",
    description=(
        "The roles of a member on top of being an employee; a manager's role lists the "
        "departments it covers. Recorded as viewed in the audit log. "
        "Capability `roles.manage`."
    ),
)
def list_membership_roles(
    request: HttpRequest, access: OrgAccess, membership_id: int = MembershipId
):
    membership = member_roles_read(access, membership_id, context=audit_context(request))
    return _roles_of(membership)


@org_endpoint(
    router,
    "PUT",
    "/{org_slug}/memberships/{membership_id}/roles",
    "roles.manage",
    response=list[RoleOut],
    operation_id="membership_roles_set",
    tags=["roles"],
    summary="Rollen van een medewerker instellen",
    description=(
        "Replace a member's roles with the given list (an empty list: plain employee). A "
        "manager's role needs at least one department, other roles have none (400). You "
        "cannot take away your own admin role (409). Capability `roles.manage`."
    ),
)
def set_membership_roles(
    request: ApiRequest, access: OrgAccess, payload: RolesIn, membership_id: int = MembershipId
):
    membership = get_membership_for_actor(access, membership_id, "roles.manage")
    roles = [
        (item.role, ref_departments(access, "department_ids", item.department_ids))
        for item in payload.roles
    ]
    services.membership_roles_set(
        actor=request.auth, membership=membership, roles=roles, context=audit_context(request)
    )
    return _roles_of(membership)
