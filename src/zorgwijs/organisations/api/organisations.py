"""The caller's organisations: the list of their own (personal) and one of them."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from zorgwijs.api.access import PERSONAL_OPERATION
from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.schemas import describe, responses
from zorgwijs.lib.http import ApiRequest

from ..access import OrgAccess, active_memberships_of
from .common import RoleName

router = Router()


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
def list_organisations(request: ApiRequest):
    return [m.organisation for m in active_memberships_of(request.auth)]


@org_endpoint(
    router,
    "GET",
    "/{org_slug}",
    "organisation.view",
    response=MyOrganisationOut,
    operation_id="organisations_get",
    tags=["organisations"],
    summary="Organisatie",
    description=(
        "One organisation the caller belongs to, with the caller's own membership id, roles "
        "and capabilities there (capability `organisation.view`, every member has it)."
    ),
)
def get_organisation(request: HttpRequest, access: OrgAccess):
    org = access.organisation
    return {
        **{f: getattr(org, f) for f in ("slug", "name", "kind", "province", "region")},
        "kind_label": str(org.get_kind_display()),
        "membership_id": access.membership.pk,
        "roles": sorted(access.roles),
        "capabilities": sorted(access.capabilities),
    }
