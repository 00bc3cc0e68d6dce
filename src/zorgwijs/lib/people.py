"""A person as a keyed hash: enough to count distinct people, never who they are.

Counts that decide whether text is published (the unanswered searches on the Kenniskaart) must
count people, not requests: otherwise one visitor repeating a query publishes it. A signed-in
person is their user id; an anonymous visitor is their network address (an IPv6 address by its
/64, which one household or device can fill at will), never the session cookie, which a visitor
drops to become someone new. The result is an HMAC with the site's secret key: neither the id
nor the address can be read back from it.
"""

from __future__ import annotations

import ipaddress

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


def person_key(request: HttpRequest, user=None) -> str:
    """The keyed hash of who makes ``request``: ``user`` (default ``request.user``) when signed
    in, else the network address."""
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        raw = f"user:{user.pk}"
    else:
        raw = f"address:{_network(request.META.get('REMOTE_ADDR', ''))}"
    return salted_hmac(_SALT, raw, algorithm="sha256").hexdigest()
