"""API authentication: a personal access token (Bearer) or the browser session."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from zorgwijs.accounts.mfa_policy import token_refusal
from zorgwijs.accounts.models import AccessToken


class BearerToken(HttpBearer):
    """``Authorization: Bearer zw_…``: a personal access token that is not revoked or expired.

    A token meets the same two-factor policy as a browser session, against the person's roles
    of now, not of when the token was made: someone whose roles require two factors but who
    has not set them up is refused (403), and so is a token they made before they had set them
    up: a promotion does not turn an old token into a way around the second factor.
    """

    def authenticate(self, request: HttpRequest, token: str):
        if not token.startswith(AccessToken.PREFIX):
            return None
        found = (
            AccessToken.objects.usable()
            .select_related("user")
            .filter(token_hash=AccessToken.hash_secret(token))
            .first()
        )
        if found is None:
            return None
        refusal = token_refusal(found)
        if refusal is not None:
            raise HttpError(403, refusal)
        AccessToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session, with CSRF protection for writes.

    The CSRF check runs only when there is a signed-in session: a request with neither a
    session nor a valid token is answered 401, not a misleading CSRF 403.
    """

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request):
            raise HttpError(
                403, "CSRF-controle mislukt: stuur de CSRF-token mee in de X-CSRFToken-header."
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None
