"""Audit every sign-in, successful or not, and start the session clocks at sign-in."""

from __future__ import annotations

import time

from allauth.account.authentication import get_authentication_records
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from zorgwijs.audit.context import AuditContext
from zorgwijs.lib.people import client_address

from . import signin
from .middleware import SESSION_LAST_SEEN, SESSION_STARTED


@receiver(user_logged_in, dispatch_uid="zorgwijs.accounts.signed_in")
def on_signed_in(sender, request, user, **kwargs) -> None:
    if request is None:
        return
    methods: list[str] = []
    if hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED] = now
        request.session[SESSION_LAST_SEEN] = now
        methods = [r.get("method", "") for r in get_authentication_records(request, user)]
    signin.record_signed_in(user, methods=methods, context=_context(request, actor=user))


@receiver(user_login_failed, dispatch_uid="zorgwijs.accounts.sign_in_failed")
def on_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")
    context = _context(request, actor=None) if request is not None else None
    signin.record_failed(email=email, method="password", context=context)


def _context(request: HttpRequest, *, actor) -> AuditContext:
    # Not ``audit_context(request)``: a sign-in's request may be a bare one without ``user``
    # (the test client's, ``authenticate()`` called by code).
    return AuditContext(actor=actor, ip_address=client_address(request))
