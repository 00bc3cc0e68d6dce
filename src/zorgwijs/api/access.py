"""The API's side of the permission layer: the same ``OrgAccess`` as the HTML views.

Every API operation is either organisation-scoped (its body runs inside ``org_scope``) or
personal (it only reads the caller's own data, like the list of their organisations).
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from django.http import Http404, HttpRequest
from django_scopes import scope
from ninja.errors import HttpError

from zorgwijs.accounts.mfa_policy import needs_fresh_mfa
from zorgwijs.lib.http import ApiRequest
from zorgwijs.organisations.access import OrgAccess, org_access_for

from .schemas import SLUG_PATTERN

NOT_FOUND = "Niet gevonden."
FORBIDDEN = "Je hebt geen toegang tot deze gegevens."
MFA_NEEDED = "Hiervoor is een sessie nodig die met tweestapsverificatie is bevestigd."


@contextmanager
def org_scope(request: ApiRequest, org_slug: str, capability: str):
    """Resolve access to ``org_slug`` for the caller (404 for outsiders, 403 without the
    capability) and run the body inside that organisation's scope."""
    if not re.fullmatch(SLUG_PATTERN, org_slug or ""):
        raise HttpError(404, NOT_FOUND)
    try:
        access = org_access_for(request.auth, org_slug)
    except Http404:
        raise HttpError(404, NOT_FOUND) from None
    if not access.can(capability):
        raise HttpError(403, FORBIDDEN)
    if needs_fresh_mfa(request, capability):
        raise HttpError(403, MFA_NEEDED)
    with scope(organisation=access.organisation.pk):
        yield access


def org_operation(capability: str) -> dict:
    """``openapi_extra`` of an operation that runs in ``org_scope(…, capability)``: the schema
    says which capability it needs, so tests can walk every operation and check it."""
    return {"x-zorgwijs-access": {"scope": "organisation", "capability": capability}}


# ``openapi_extra`` of an operation that only reads or changes the caller's own data.
PERSONAL_OPERATION = {"x-zorgwijs-access": {"scope": "personal"}}

# ``openapi_extra`` of an operation on shared content (a knowledge space and what is in it):
# it reaches the space through the content app's named access helper, which answers 404 for
# a space the caller may not see (organisation, network or public visibility).
SPACE_OPERATION = {"x-zorgwijs-access": {"scope": "space"}}

# ``openapi_extra`` of an operation anyone may call, also without an account: it answers with
# exactly what the public web pages show, plus what the caller's own organisations may read.
PUBLIC_OPERATION = {"x-zorgwijs-access": {"scope": "public"}}


def caller_of(request: HttpRequest):
    """The caller of a public operation: a valid Bearer token's user, the session's user, or
    anonymous. A token that is sent but not valid is refused (401), never read as anonymous."""
    from .auth import BearerToken

    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = BearerToken().authenticate(request, header[7:].strip())
        if user is None:
            raise HttpError(401, "Ongeldige of verlopen token.")
        return user
    return getattr(request, "user", None)


__all__ = [
    "PERSONAL_OPERATION",
    "PUBLIC_OPERATION",
    "SPACE_OPERATION",
    "OrgAccess",
    "caller_of",
    "org_operation",
    "org_scope",
]
