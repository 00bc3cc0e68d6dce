from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from zorgwijs.api.access import org_scope

from .access import active_memberships_of

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    province: str
    region: str


class DepartmentOut(Schema):
    id: int
    name: str
    parent_id: int | None
    path: str


@router.get("/", response=list[OrganisationOut], summary="Organisations I belong to")
def list_organisations(request: HttpRequest):
    return [m.organisation for m in active_memberships_of(request.auth)]


@router.get("/{org_slug}/departments", response=list[DepartmentOut])
def list_departments(request: HttpRequest, org_slug: str):
    with org_scope(request, org_slug, "organisation.view") as access:
        return list(access.organisation.departments.all())
