"""When a person must use two factors.

Two-factor sign-in is mandatory by default for managers, coordinators and admins (their
organisation may also require it for everyone). Reading the audit log needs a session that
was confirmed with a second factor.

The requirement follows the person's *current* roles, memberships and organisation settings:
it is asked on every request (sessions and API tokens alike), never remembered in a session.
The answer is kept under the data generation (``core/data_cache.py``), which any write to
roles, memberships, organisations or authenticators makes new, so a promotion reaches a
session or token that already exists with its next request.
"""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import Exists, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from zorgwijs.accounts.models import AccessToken
from zorgwijs.core.data_cache import held_locally
from zorgwijs.organisations.capabilities import MFA_CAPABILITIES, SENSITIVE_ROLES
from zorgwijs.organisations.models import Membership

# What the API answers (403) to a person who must set up two factors first, whether they come
# with a browser session or with a personal access token.
ENROL_FIRST = _(
    "Voor jouw rol is tweestapsverificatie verplicht. Stel die eerst in via je account in "
    "Zorgwijs; tot dan weigert de API je verzoeken, ook met een bestaand token."
)

TOKEN_WITHOUT_MFA = _(
    "Voor jouw rol is tweestapsverificatie verplicht en dit token is gemaakt toen je die nog "
    "niet had ingesteld; het werkt daarom niet meer. Stel tweestapsverificatie in via je "
    "account in Zorgwijs en maak daarna een nieuw token."
)


def _requiring_memberships(user_id: int):
    """The person's active memberships in an organisation that requires two factors of them:
    of everyone, or of the sensitive roles they hold there."""
    with scopes_disabled():
        return Membership.objects.active().filter(
            Q(organisation__require_mfa_for_everyone=True)
            | Q(
                organisation__require_mfa_for_sensitive_roles=True,
                roles__role__in=SENSITIVE_ROLES,
            ),
            user_id=user_id,
        )


def mfa_required_for(user) -> bool:
    """Do this person's current roles or organisations require them to use two factors?"""
    if not user.is_authenticated:
        return False
    return bool(user.is_platform_admin) or _requiring_memberships(user.pk).exists()


def session_used_mfa(request: HttpRequest) -> bool:
    if not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def needs_fresh_mfa(request: HttpRequest, capability: str) -> bool:
    return capability in MFA_CAPABILITIES and not session_used_mfa(request)


def must_enrol_mfa(user) -> bool:
    """Must this person set up two factors before going on? Run on every request, so worked
    out once per data generation (and day: memberships end): has the person an
    authenticator, and does a role or organisation of theirs require one."""
    if not user.is_authenticated:
        return False
    # Being a platform admin is a column of the person's row: a change is a write, so the key
    # needs only the person and the day.
    key = f"must-enrol:{user.pk}:{timezone.localdate()}"
    return held_locally(key, lambda: _must_enrol(user.pk, bool(user.is_platform_admin)))


def _must_enrol(user_id: int, is_platform_admin: bool) -> bool:
    if is_platform_admin:
        return not Authenticator.objects.filter(user_id=user_id).exists()
    flags = (
        get_user_model()
        .objects.filter(pk=user_id)
        .values_list(
            Exists(Authenticator.objects.filter(user_id=user_id)),
            Exists(_requiring_memberships(user_id)),
        )
        .first()
    )
    return flags is not None and not flags[0] and flags[1]


def token_refusal(token: AccessToken) -> str | None:
    """Why this personal access token may not be used now, or None.

    A token meets the policy of its person's current roles. Someone who must use two factors
    needs them set up, and a token made before they were (say before a promotion) stays
    refused even after: it was never vouched for by a second factor.
    """
    if token.issued_with_mfa:
        return str(ENROL_FIRST) if must_enrol_mfa(token.user) else None
    return str(TOKEN_WITHOUT_MFA) if mfa_required_for(token.user) else None


def signed_in_recently(request: HttpRequest) -> bool:
    """Did this session sign in within allauth's reauthentication timeout?"""
    if not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    if not records:
        return False
    return time.time() - records[-1].get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
