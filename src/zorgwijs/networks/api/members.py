"""Member organisations of a network in the API: the management page's operations.

``GET /networks/{network_slug}/members`` lists the member organisations as the network's home
does (a closed network is 404 outside it; the contact person only for people of member
organisations and coordinators). Adding a member, choosing its contact person and ending a
membership are for the network's coordinators (and platform admins) only — anyone else gets
404, as on the pages — and call the pages' services (``services/network.py``: the audit entry,
the former members' history), so a refusal is the same message at the same field: 400 (409
for an organisation that is a member already), 422 for a body that does not fit the schema.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema, Status
from ninja.errors import HttpError
from ninja.utils import check_csrf

from zorgwijs.accounts.models import User
from zorgwijs.api.access import NOT_FOUND, PUBLIC_OPERATION, caller_of
from zorgwijs.api.schemas import MAX_ID, SLUG_PATTERN, InputSchema, describe, responses
from zorgwijs.audit.context import audit_context
from zorgwijs.organisations.models import NetworkMembership, Organisation

from ..access import NetworkAccess
from ..selectors import organisation_admin_by_email
from ..services.network import member_add, member_contact_set, member_end
from . import CSRF_FAILED, ERRORS, NOT_SIGNED_IN, WRITE_ERRORS, NetworkSlug, _access, router

NetworkMembershipId = Path(..., ge=1, le=MAX_ID, description="Id van het lidmaatschap.")
MEMBERS = "/networks/{network_slug}/members"
MEMBER = MEMBERS + "/{network_membership_id}"


class NetworkMemberOut(Schema):
    id: int = Field(description="Id van het lidmaatschap.")
    organisation: str
    organisation_slug: str
    joined_on: str
    contact_name: str | None = Field(
        description="Contactpersoon (kernteam); alleen voor mensen van lidorganisaties en "
        "coördinatoren."
    )
    contact_email: str | None


class NetworkMemberIn(InputSchema):
    organisation_slug: str = Field(
        ..., min_length=1, max_length=60, pattern=SLUG_PATTERN, description="De organisatie."
    )
    contact_email: str = Field(
        "",
        max_length=254,
        description="E-mailadres van de contactpersoon: een beheerder van die organisatie. "
        "Leeg: later kiezen.",
    )


class NetworkMemberContactIn(InputSchema):
    contact_email: str | None = Field(
        ...,
        max_length=254,
        description="E-mailadres van een beheerder van de organisatie; leeg of null: geen "
        "contactpersoon.",
    )


class NetworkMemberEndedOut(Schema):
    ended: int = Field(description="Id van het beëindigde lidmaatschap.")
    organisation: str
    joined_on: str
    ended_on: str


def _member_out(membership: NetworkMembership, access: NetworkAccess) -> dict:
    contact = membership.contact_person if access.sees_contacts else None
    return {
        "id": membership.pk,
        "organisation": membership.organisation.name,
        "organisation_slug": membership.organisation.slug,
        "joined_on": membership.joined_on.isoformat(),
        "contact_name": contact.full_name if contact else None,
        "contact_email": contact.email if contact else None,
    }


def _coordinator(request: HttpRequest, access: NetworkAccess) -> User:
    """A signed-in coordinator of the network (or platform admin); a session caller passed
    CSRF. Anyone else: 404, as the management pages answer."""
    user = caller_of(request)
    if user is None or not user.is_authenticated:
        raise HttpError(401, NOT_SIGNED_IN)
    uses_token = request.headers.get("Authorization", "").lower().startswith("bearer ")
    if not uses_token and check_csrf(request):
        raise HttpError(403, CSRF_FAILED)
    if not access.is_coordinator:
        raise HttpError(404, NOT_FOUND)
    return user


def _membership(access: NetworkAccess, membership_id: int) -> NetworkMembership:
    membership = (
        NetworkMembership.objects.select_related("organisation", "contact_person")
        .filter(network=access.network, pk=membership_id)
        .first()
    )
    if membership is None:
        raise HttpError(404, NOT_FOUND)
    return membership


def _as_api_fields(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's field names in the API's words (``organisation`` -> ``organisation_slug``)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(f, f): errors for f, errors in error.error_dict.items()})


@router.get(
    MEMBERS,
    response=responses(200, list[NetworkMemberOut], ERRORS),
    operation_id="networks_members_list",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Lidorganisaties van een netwerk",
    description=describe(
        "De lidorganisaties, zoals de startpagina ze toont; de contactpersoon alleen voor "
        "mensen van lidorganisaties en coördinatoren.",
        ERRORS,
    ),
)
def members_list(request: HttpRequest, network_slug: str = NetworkSlug):
    access = _access(request, network_slug)
    return [_member_out(m, access) for m in access.members]


@router.post(
    MEMBERS,
    response=responses(201, NetworkMemberOut, WRITE_ERRORS),
    operation_id="networks_members_add",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Lidorganisatie toevoegen",
    description=describe(
        "Coördinatoren: maak een organisatie van het platform lid, eventueel met haar "
        "contactpersoon (een beheerder van die organisatie). Een organisatie die al lid is, "
        "is 409; een onbekende organisatie of een contactpersoon die geen beheerder van die "
        "organisatie is, 400 bij het veld.",
        WRITE_ERRORS,
    ),
)
def members_add(request: HttpRequest, payload: NetworkMemberIn, network_slug: str = NetworkSlug):
    access = _access(request, network_slug)
    user = _coordinator(request, access)
    organisation = Organisation.objects.filter(slug=payload.organisation_slug).first()
    try:
        membership = member_add(
            actor=user,
            network=access.network,
            organisation=organisation,
            contact_email=payload.contact_email,
            context=audit_context(request),
        )
    except ValidationError as error:
        raise _as_api_fields(error, {"organisation": "organisation_slug"}) from None
    return Status(201, _member_out(membership, access))


@router.put(
    MEMBER + "/contact",
    response=responses(200, NetworkMemberOut, WRITE_ERRORS),
    operation_id="networks_members_contact_set",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Contactpersoon van een lidorganisatie kiezen",
    description=describe(
        "Coördinatoren: kies de contactpersoon van de lidorganisatie (een van haar actieve "
        "beheerders, 400 voor een ander adres) of geen.",
        WRITE_ERRORS,
    ),
)
def members_contact_set(
    request: HttpRequest,
    payload: NetworkMemberContactIn,
    network_slug: str = NetworkSlug,
    network_membership_id: int = NetworkMembershipId,
):
    access = _access(request, network_slug)
    user = _coordinator(request, access)
    membership = _membership(access, network_membership_id)
    email = (payload.contact_email or "").strip()
    contact = None
    if email:
        contact = organisation_admin_by_email(membership.organisation, email)
        if contact is None:
            # The same answer as for an account that is no administrator of the organisation.
            raise ValidationError({"contact_email": _("Kies een beheerder van deze organisatie.")})
    try:
        membership = member_contact_set(
            actor=user, membership=membership, contact=contact, context=audit_context(request)
        )
    except ValidationError as error:
        raise _as_api_fields(error, {"contact_person": "contact_email"}) from None
    return _member_out(membership, access)


@router.delete(
    MEMBER,
    response=responses(200, NetworkMemberEndedOut, WRITE_ERRORS),
    operation_id="networks_members_end",
    auth=None,
    openapi_extra=PUBLIC_OPERATION,
    summary="Lidmaatschap beëindigen",
    description=describe(
        "Coördinatoren: beëindig het lidmaatschap. De organisatie blijft bij de oud-leden "
        "staan (van wanneer tot wanneer); haar mensen zien het netwerk vanaf nu als "
        "buitenstaanders, en een keuze in een open prioriteringsronde telt bij het sluiten "
        "niet mee.",
        WRITE_ERRORS,
    ),
)
def members_end(
    request: HttpRequest,
    network_slug: str = NetworkSlug,
    network_membership_id: int = NetworkMembershipId,
):
    access = _access(request, network_slug)
    user = _coordinator(request, access)
    membership = _membership(access, network_membership_id)
    former = member_end(actor=user, membership=membership, context=audit_context(request))
    return {
        "ended": membership.pk,
        "organisation": former.organisation_name,
        "joined_on": former.joined_on.isoformat(),
        "ended_on": former.ended_on.isoformat(),
    }
