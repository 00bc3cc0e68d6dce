"""The one way tests sign a person in on a Django test client.

Tests that are about signing in itself (the login form, lockouts, SSO, the API's tokens) go
through those flows instead; every other test starts from an existing session made here.
"""

from __future__ import annotations

import time

from allauth.account.internal.flows import login as allauth_login
from allauth.account.internal.userkit import user_id_to_str


def sign_in(client, user, *, mfa: bool = False):
    """Sign ``user`` in on ``client`` and return it; ``mfa`` marks the session as confirmed with
    a second factor (as allauth records it), for views that need a fresh two-factor sign-in."""
    client.force_login(user)
    if mfa:
        session = client.session
        session[allauth_login._AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
        session[allauth_login.AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": time.time(), "email": user.email},
            {"method": "mfa", "at": time.time(), "type": "totp"},
        ]
        session.save()
    return client
