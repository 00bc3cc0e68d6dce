"""Who acts and from where: what an audit entry needs from a request, taken from it once.

Views and API operations build an ``AuditContext`` with ``audit_context(request)`` and hand it
to the selector or service that records; those never see the HTTP request. A task or command
acting on nobody's behalf passes ``SYSTEM``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from zorgwijs.accounts.models import User
from zorgwijs.lib.people import client_address


@dataclass(frozen=True)
class AuditContext:
    actor: User | None
    ip_address: str | None = None


SYSTEM = AuditContext(actor=None)


def audit_context(request: HttpRequest) -> AuditContext:
    """The signed-in person (the API's token or session user on ``request.auth``, a page's
    on ``request.user``) and the client's address as ``client_address`` reads it."""
    user = getattr(request, "auth", None) or request.user
    actor = user if isinstance(user, User) else None  # None: not signed in
    return AuditContext(actor=actor, ip_address=client_address(request))
