"""/api/v1/organisation-applications: an organisation that is not on Zorgwijs applies.

Public (no account needed), with the same checks as the web form: field errors (400), an
organisation that is already on the platform or an open application for it (409), and the
rate limits per network address and e-mail address (400 on the field). Platform admins decide
in the web screens (``/platform/aanmeldingen/``); the API has no platform-admin scope.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Router, Schema, Status

from zorgwijs.api.access import PUBLIC_OPERATION, caller_of
from zorgwijs.api.schemas import InputSchema, describe, responses
from zorgwijs.audit.context import audit_context

from ..models import OrganisationKind, Province
from ..services.applications import MAX_MOTIVATION, application_submit

router = Router(tags=["organisation-applications"])
ERRORS = (400, 401, 409, 422)


class ApplicationIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200, description="Naam van de organisatie.")
    kind: str = Field(..., description="Soort: " + ", ".join(OrganisationKind.values) + ".")
    province: str = Field(..., description="Provincie: " + ", ".join(Province.values) + ".")
    region: str = Field("", max_length=100, description="Regio (niet verplicht).")
    contact_name: str = Field(..., min_length=1, max_length=200)
    contact_email: str = Field(..., max_length=254, description="Wordt de eerste beheerder.")
    contact_phone: str = Field("", max_length=30)
    motivation: str = Field(..., max_length=MAX_MOTIVATION, description="Waarom meedoen.")


class ApplicationOut(Schema):
    id: int
    name: str
    status: str


@router.post(
    "/organisation-applications",
    response=responses(201, ApplicationOut, ERRORS),
    operation_id="organisation_applications_create",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Organisatie aanmelden",
    description=describe(
        "Een organisatie die nog niet op Zorgwijs staat meldt zich aan; een platformbeheerder "
        "beslist. De contactpersoon krijgt een bevestiging per e-mail.",
        ERRORS,
    ),
)
def application_create_api(request: HttpRequest, body: ApplicationIn):
    caller_of(request)  # no account needed, but a token that is sent must be valid (401)
    application = application_submit(
        data=body.model_dump(),
        language=translation.get_language() or "nl",
        context=audit_context(request),
    )
    return Status(
        201, {"id": application.pk, "name": application.name, "status": application.status}
    )
