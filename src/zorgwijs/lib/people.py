"""A person as a keyed hash: enough to count distinct people, never who they are.

Counts that decide whether text is published (the unanswered searches on the Kenniskaart) must
count people, not requests: otherwise one visitor repeating a query publishes it. A signed-in
person is their user id; an anonymous visitor is their network address (an IPv6 address by its
/64, which one household or device can fill at will), never the session cookie, which a visitor
drops to become someone new. The result is an HMAC with the site's secret key: neither the id
nor the address can be read back from it.

``client_address`` is the one place that says which address a request comes from: the audit
log, the sign-up rate limit, these person keys and allauth's sign-in limits all use it.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

_SALT = "zorgwijs.lib.people.person_key"


def _network(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _clean(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip().strip("[]")))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that made ``request``.

    Behind the TLS-terminating proxy ``REMOTE_ADDR`` is the proxy's own address. Each of the
    ``TRUSTED_PROXY_COUNT`` proxies (``ALLAUTH_TRUSTED_PROXY_COUNT``) appends the address it
    received the request from to ``X-Forwarded-For``, so the client is the entry that many
    places from the end; anything before it was written by the client and can be made up. A
    header with fewer entries did not pass through our proxies (a request straight to the app
    server), whose ``REMOTE_ADDR`` is then the client's. The same rule as allauth's."""
    count = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("X-Forwarded-For", "")
    if count > 0 and forwarded:
        entries = forwarded.split(",")
        if len(entries) >= count:
            return _clean(entries[-count])
    return _clean(request.META.get("REMOTE_ADDR", ""))


def person_key(request: HttpRequest, user=None) -> str:
    """The keyed hash of who makes ``request``: ``user`` (default ``request.user``) when signed
    in, else the network address."""
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        raw = f"user:{user.pk}"
    else:
        raw = f"address:{_network(client_address(request) or '')}"
    return salted_hmac(_SALT, raw, algorithm="sha256").hexdigest()
