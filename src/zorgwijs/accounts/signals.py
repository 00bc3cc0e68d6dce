"""Audit every sign-in, successful or not, and start the session clocks at sign-in."""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import signin
from .middleware import SESSION_LAST_SEEN, SESSION_STARTED


@receiver(user_logged_in, dispatch_uid="zorgwijs.accounts.signed_in")
def on_signed_in(sender, request, user, **kwargs) -> None:
    if request is None:
        return
    if hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED] = now
        request.session[SESSION_LAST_SEEN] = now
    signin.record_signed_in(request, user)


@receiver(user_login_failed, dispatch_uid="zorgwijs.accounts.sign_in_failed")
def on_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")
    signin.record_failed(request, email=email, method="password")
