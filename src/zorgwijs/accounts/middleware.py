"""Session lifetime and mandatory two-factor enrolment."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .mfa_policy import must_enrol_mfa

SESSION_STARTED = "zorgwijs_session_started"
SESSION_LAST_SEEN = "zorgwijs_session_last_seen"
MFA_CHECKED = "zorgwijs_mfa_checked"

# Paths a person who still has to set up two factors may open.
ENROLMENT_PATHS = ("/accounts/", "/static/", "/i18n/", "/jsi18n/")


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_COOKIE_AGE in total or SESSION_IDLE_SECONDS without use.

    Also sends people who must use two factors to the set-up page until they have done so.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if self._must_enrol(request):
                return redirect("mfa_activate_totp")
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
        session[SESSION_LAST_SEEN] = now
        return False

    @staticmethod
    def _must_enrol(request: HttpRequest) -> bool:
        if request.path_info.startswith(ENROLMENT_PATHS):
            return False
        # Checked once per session until enrolled: the answer only changes when roles do.
        if request.session.get(MFA_CHECKED):
            return False
        if must_enrol_mfa(request.user):
            return True
        request.session[MFA_CHECKED] = True
        return False
