"""Typed requests: what the middleware and the API authentication add to Django's request.

Annotations only. Django builds a plain ``HttpRequest``; these classes tell the type checker
which attributes a view may rely on after the layers in front of it have run. No code
creates or checks for them at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User
    from zorgwijs.organisations.access import OrgAccess
    from zorgwijs.organisations.models import Membership


class ZorgwijsRequest(HttpRequest):
    """Any request past ``OrganisationMiddleware``: it has the caller's active memberships, and
    under ``/o/<org_slug>/`` the caller's access there, or None for a non-member (org_view
    then answers 404). ``HtmxMiddleware`` adds what htmx sent along."""

    memberships: list[Membership]
    org_access: OrgAccess | None
    htmx: HtmxDetails


class AuthenticatedRequest(ZorgwijsRequest):
    """A request that ``login_view`` or ``platform_admin_view`` let through: signed in."""

    user: User


class OrgRequest(AuthenticatedRequest):
    """A request that ``org_view`` let through: a member of the organisation in the URL, with
    the capability the view declares, inside that organisation's scope."""

    org_access: OrgAccess


class ApiRequest(HttpRequest):
    """A request to an API operation with authentication: django-ninja puts what the
    authentication class returned (``api.auth``: always a user) on ``request.auth``."""

    auth: User
    user: User
