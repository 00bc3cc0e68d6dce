"""The API's side of the permission layer: the same ``OrgAccess`` as the HTML views."""

from __future__ import annotations

from contextlib import contextmanager

from django.http import Http404, HttpRequest
from django_scopes import scope
from ninja.errors import HttpError

from zorgwijs.organisations.access import OrgAccess, org_access_for


@contextmanager
def org_scope(request: HttpRequest, org_slug: str, capability: str):
    """Resolve access to ``org_slug`` for the caller (404 for outsiders, 403 without the
    capability) and run the body inside that organisation's scope."""
    try:
        access = org_access_for(request.auth, org_slug)
    except Http404:
        raise HttpError(404, "Niet gevonden.") from None
    if not access.can(capability):
        raise HttpError(403, "Je hebt geen toegang tot deze gegevens.")
    with scope(organisation=access.organisation.pk):
        yield access


__all__ = ["OrgAccess", "org_scope"]
