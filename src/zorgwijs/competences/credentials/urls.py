"""The public identifiers of issuers and status lists: https URLs under SITE_URL.

They carry the organisation in the query string, so the public endpoints that serve them have
no path arguments (the isolation test treats a path argument as pointing at private data).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def _absolute(name: str, **query: object) -> str:
    base = settings.SITE_URL.rstrip("/") + reverse(name)
    return f"{base}?{urlencode(query)}" if query else base


def issuer_id(organisation) -> str:
    return _absolute("credentials:issuer", org=organisation.slug)


def status_list_url(organisation, number: int, *, linked_data: bool = False) -> str:
    """The list for JWT credentials (a ``vc+jwt``), or with ``linked_data`` the same list
    secured with a Data Integrity proof (JSON-LD), for credentials in that form."""
    if linked_data:
        return _absolute("credentials:status_list", org=organisation.slug, lijst=number, vorm="ld")
    return _absolute("credentials:status_list", org=organisation.slug, lijst=number)


def jwks_url() -> str:
    return _absolute("credentials:jwks")


def verify_url() -> str:
    return _absolute("credentials:verify")
