"""Sign-in rules shared by the views, the allauth adapters and the signal handlers."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.authentication import get_authentication_records
from django.http import HttpRequest
from django_scopes import scopes_disabled

from zorgwijs.audit.services import record
from zorgwijs.organisations.models import Membership, Organisation

from .models import User

SIGNED_IN = "accounts.signed_in"
SIGN_IN_FAILED = "accounts.sign_in_failed"


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def sso_organisation_for_email(email: str) -> Organisation | None:
    """The organisation that signs in people with this e-mail address through its own IdP."""
    domain = email_domain(email)
    if not domain:
        return None
    candidates = Organisation.objects.filter(
        sso_app__isnull=False, sso_email_domains__icontains=domain
    ).select_related("sso_app")
    return next((org for org in candidates if domain in org.sso_domains()), None)


@dataclass(frozen=True)
class SSODecision:
    user: User | None
    email: str
    organisation: Organisation | None
    reason: str = ""


def _sso_email(sociallogin) -> str:
    emails = [e.email for e in sociallogin.email_addresses if e.email]
    email = emails[0] if emails else (getattr(sociallogin.user, "email", "") or "")
    return email.strip().lower()


def sso_decision(request: HttpRequest, sociallogin) -> SSODecision:
    """Who, if anyone, this single sign-on response signs in.

    Only an active person with an active membership of the organisation that owns the identity
    provider, with an e-mail address in one of that organisation's SSO domains.
    """
    app = sociallogin.account.get_provider(request).app
    organisation = Organisation.objects.filter(sso_app_id=app.pk).first() if app.pk else None
    email = _sso_email(sociallogin)
    if organisation is None:
        return SSODecision(None, email, None, "no_organisation")
    if sociallogin.is_existing:
        user = sociallogin.user
    else:
        if email_domain(email) not in organisation.sso_domains():
            return SSODecision(None, email, organisation, "foreign_domain")
        user = User.objects.filter(email__iexact=email).first()
    if user is None or not user.is_active:
        return SSODecision(None, email, organisation, "unknown_person")
    with scopes_disabled():
        member = Membership.objects.active().filter(user=user, organisation=organisation).exists()
    if not member:
        return SSODecision(None, email, organisation, "not_a_member")
    return SSODecision(user, email, organisation)


def _methods(request: HttpRequest, user: User) -> list[str]:
    if not hasattr(request, "session"):
        return []
    return [r.get("method", "") for r in get_authentication_records(request, user)]


def record_signed_in(request: HttpRequest | None, user: User) -> None:
    methods = _methods(request, user) if request is not None else []
    record(
        SIGNED_IN,
        kind="signin",
        actor=user,
        subject=user,
        request=request,
        data={"methods": methods},
    )


def record_failed(
    request: HttpRequest | None, *, email: str, method: str, reason: str = ""
) -> None:
    """A refused sign-in: no actor; the person it was about (if any) can see it."""
    subject = User.objects.filter(email__iexact=email).first() if email else None
    data = {"email": email, "method": method}
    if reason:
        data["reason"] = reason
    record(SIGN_IN_FAILED, kind="signin", subject=subject, request=request, data=data)
