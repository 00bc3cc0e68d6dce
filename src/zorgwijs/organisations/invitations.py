"""Telling a person an admin added that they are in, and how they will sign in.

The route depends on the organisation: single sign-on when it has an OpenID Connect app and
the person's e-mail domain is one of its SSO domains (accounts/signin.py routes them there),
else a password they set themselves through a one-time link (a new account has none). Two
factors are mentioned when the organisation requires them of everyone; for sensitive roles the
sign-in itself asks (accounts/mfa_policy.py). The admin is shown the same route on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from zorgwijs.core.email import email_send

from .models import Membership

# The one-time link to set a password is made when the mail is rendered (templatetags/
# invitations.py: password_set_url), so the key never waits in the task queue.
SSO, PASSWORD, EXISTING = "sso", "password", "existing"


@dataclass(frozen=True)
class SignInRoute:
    how: str  # SSO, PASSWORD (must set one) or EXISTING (has one already)
    two_factors: bool


def sign_in_route(membership: Membership) -> SignInRoute:
    organisation = membership.organisation
    user = membership.user
    domain = user.email.rsplit("@", 1)[-1].lower()
    if organisation.sso_app_id and domain in organisation.sso_domains():
        how = SSO
    elif user.has_usable_password():
        how = EXISTING
    else:
        how = PASSWORD
    return SignInRoute(how, organisation.require_mfa_for_everyone)


def invitation_send(membership: Membership, *, new_account: bool) -> SignInRoute:
    """Queue the invitation (in the caller's transaction: no mail for a rolled-back add)."""
    route = sign_in_route(membership)
    email_send(
        to_user=membership.user,
        template="organisations/invitation",
        context={
            "organisation": membership.organisation.name,
            "new_account": new_account,
            "how": route.how,
            "two_factors": route.two_factors,
        },
    )
    return route
