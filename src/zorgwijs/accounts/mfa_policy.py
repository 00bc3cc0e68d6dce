"""When a person must use two factors.

Two-factor sign-in is mandatory by default for managers, coordinators and admins (their
organisation may also require it for everyone). Reading the audit log needs a session that
was confirmed with a second factor.
"""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest
from django_scopes import scopes_disabled

from zorgwijs.organisations.capabilities import MFA_CAPABILITIES, SENSITIVE_ROLES
from zorgwijs.organisations.models import Membership, RoleAssignment


def mfa_required_for(user) -> bool:
    """Does any of this person's organisations require them to use two factors?"""
    if not user.is_authenticated:
        return False
    if user.is_platform_admin:
        return True
    with scopes_disabled():
        memberships = Membership.objects.active().filter(user=user)
        if memberships.filter(organisation__require_mfa_for_everyone=True).exists():
            return True
        return RoleAssignment.objects.filter(
            membership__in=memberships,
            role__in=SENSITIVE_ROLES,
            membership__organisation__require_mfa_for_sensitive_roles=True,
        ).exists()


def session_used_mfa(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def needs_fresh_mfa(request: HttpRequest, capability: str) -> bool:
    return capability in MFA_CAPABILITIES and not session_used_mfa(request)


def must_enrol_mfa(user) -> bool:
    return mfa_required_for(user) and not is_mfa_enabled(user)


def signed_in_recently(request: HttpRequest) -> bool:
    """Did this session sign in within allauth's reauthentication timeout?"""
    if not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    if not records:
        return False
    return time.time() - records[-1].get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
