"""What the organisation API modules share: path parameters, references and lookups inside
the caller's organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Path, Schema

from zorgwijs.api.schemas import MAX_ID

from ..access import OrgAccess
from ..models import Department, JobFunction, Membership, Role

MembershipId = Path(..., ge=1, le=MAX_ID, description="Id van het dienstverband.")
DepartmentId = Path(..., ge=1, le=MAX_ID, description="Id van de afdeling.")
FunctionId = Path(..., ge=1, le=MAX_ID, description="Id van de functie.")
# The role names, as a Literal for the schema; to the type checker just text (it cannot read a
# Literal built from the choices at run time).
if TYPE_CHECKING:
    RoleName = str
else:
    RoleName = Literal[tuple(Role.values)]


class Ref(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int = Field(description="Id van het dienstverband.")
    full_name: str


# Lookups inside the organisation ------------------------------------------------------------


def lookup_department(access: OrgAccess, department_id: int) -> Department:
    found = Department.objects.filter(organisation=access.organisation, pk=department_id).first()
    if found is None:
        raise Http404
    return found


def lookup_function(access: OrgAccess, function_id: int) -> JobFunction:
    found = JobFunction.objects.filter(organisation=access.organisation, pk=function_id).first()
    if found is None:
        raise Http404
    return found


def ref_departments(access: OrgAccess, field: str, ids: list[int]) -> list[Department]:
    found = list(Department.objects.filter(organisation=access.organisation, pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise ValidationError({field: "Onbekende afdeling."})
    return found


def ref(access: OrgAccess, field: str, model, pk: int | None):
    """Resolve an id in a request body to a row of this organisation, or answer 400."""
    if pk is None:
        return None
    found = model.objects.filter(organisation=access.organisation, pk=pk).first()
    if found is None:
        label = {Department: "afdeling", JobFunction: "functie", Membership: "medewerker"}[model]
        raise ValidationError({field: f"Onbekende {label}."})
    return found
