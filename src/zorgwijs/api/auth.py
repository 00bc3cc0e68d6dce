"""API authentication: a personal access token (Bearer) or the browser session."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from zorgwijs.accounts.models import AccessToken


class BearerToken(HttpBearer):
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
        AccessToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session, with CSRF protection for writes."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None
