"""Reads about accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import User


def email_confirmed(user: User) -> bool:
    """Whether the address of ``user``'s account is known to be theirs.

    Two ways: the address is confirmed through allauth (someone who made their own account
    on a network's join page opened the mailed link), or the person works at an organisation
    (an active membership). An organisation's people got their account from its HR import, an
    administrator or an invitation, and signed in through a link mailed to that address or
    through the organisation's own single sign-on for its domains: the organisation vouches
    for the address. allauth's ``verified`` flag alone would not do for them, because allauth
    records their address as unverified when it sends a password-reset link
    (``sync_user_email_address``) and we never ask them to confirm it (e-mail verification is
    off: there is no self sign-up outside the join page).
    """
    from allauth.account.models import EmailAddress

    from zorgwijs.organisations.access import organisation_ids_of

    if EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        return True
    return bool(organisation_ids_of(user))
