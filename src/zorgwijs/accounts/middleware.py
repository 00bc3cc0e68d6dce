"""Session lifetime and mandatory two-factor enrolment."""

from __future__ import annotations

import time
from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse

from .mfa_policy import ENROL_FIRST, must_enrol_mfa

SESSION_STARTED = "zorgwijs_session_started"
SESSION_LAST_SEEN = "zorgwijs_session_last_seen"

# Paths a person who still has to set up two factors may open.
ENROLMENT_PATHS = ("/accounts/", "/static/", "/i18n/", "/jsi18n/")
API_PATH = "/api/"
EXPIRED_PARAM = ("sessie", "verlopen")
# "Last seen" is stored at most once a minute: storing it on every request would make every
# page a session write. Against an idle limit of half an hour, a minute is precise enough.
LAST_SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_COOKIE_AGE in total or SESSION_IDLE_SECONDS without use.

    Also sends people who must use two factors to the set-up page until they have done so.
    The API gets JSON (401/403 from the API itself) instead of redirects to HTML pages; htmx
    requests get an ``HX-Redirect`` so the whole page moves, not a fragment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            is_api = request.path_info.startswith(API_PATH)
            if self._expired(request):
                logout(request)
                if is_api:
                    return self.get_response(request)  # now anonymous: the API answers 401
                query = urlencode(
                    {"next": request.get_full_path(), EXPIRED_PARAM[0]: EXPIRED_PARAM[1]}
                )
                return _redirect(request, f"{resolve_url(settings.LOGIN_URL)}?{query}")
            if self._must_enrol(request):
                if is_api:
                    return JsonResponse({"detail": str(ENROL_FIRST)}, status=403)
                return _redirect(request, reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> bool:
        now = time.time()
        session = request.session
        started = session.setdefault(SESSION_STARTED, now)
        last_seen = session.get(SESSION_LAST_SEEN, now)
        if now - started > settings.SESSION_COOKIE_AGE:
            return True
        if now - last_seen > settings.SESSION_IDLE_SECONDS:
            return True
        if SESSION_LAST_SEEN not in session or now - last_seen >= LAST_SEEN_RESOLUTION:
            session[SESSION_LAST_SEEN] = now
        return False

    @staticmethod
    def _must_enrol(request: HttpRequest) -> bool:
        if request.path_info.startswith(ENROLMENT_PATHS):
            return False
        # Asked on every request (one query), never remembered in the session: a role given
        # while this session is open must reach it at once (docs/security.md).
        return must_enrol_mfa(request.user)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return HttpResponseRedirect(url)


class SSOFormActionMiddleware:
    """Let sign-in forms lead to the organisations' identity providers under our CSP.

    Browsers apply ``form-action`` to every redirect that follows a form submission: the SSO
    form posts to us, we answer 307 to allauth, allauth answers 302 to the provider. With
    ``form-action 'self'`` alone the last hop is blocked, so sign-in pages add the origins of
    the configured providers. Must come after ``csp.middleware.CSPMiddleware`` in MIDDLEWARE.
    """

    PATHS = ("/accounts/", "/account/sso/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(self.PATHS):
            origins = sso_provider_origins()
            if origins:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = [*update.get("form-action", []), *origins]
                response._csp_update = update
        return response


def sso_provider_origins() -> list[str]:
    from allauth.socialaccount.models import SocialApp

    origins: set[str] = set()
    apps = SocialApp.objects.filter(provider="openid_connect").only("settings")
    for app in apps:
        parsed = urlparse(str((app.settings or {}).get("server_url", "")))
        if parsed.scheme in {"http", "https"} and parsed.netloc:
            origins.add(f"{parsed.scheme}://{parsed.netloc}")
    return sorted(origins)
