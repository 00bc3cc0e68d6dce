"""Sign-in rules shared by the views, the allauth adapters and the signal handlers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from django_scopes import scopes_disabled

from zorgwijs.audit.context import AuditContext
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


def sso_decision(sociallogin, *, app) -> SSODecision:
    """Who, if anyone, this single sign-on response (from the identity provider configured as
    the SocialApp ``app``) signs in.

    Only an active person with an active membership of the organisation that owns the identity
    provider, with an e-mail address in one of that organisation's SSO domains.
    """
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


def record_signed_in(
    user: User, *, methods: Sequence[str] = (), context: AuditContext | None = None
) -> None:
    """``methods``: how the session was authenticated (allauth's records, "password", "mfa")."""
    record(
        SIGNED_IN,
        kind="signin",
        actor=user,
        subject=user,
        context=context,
        data={"methods": list(methods)},
    )


def record_failed(
    *, email: str, method: str, reason: str = "", context: AuditContext | None = None
) -> None:
    """A refused sign-in: no actor, not even someone signed in who was refused again; the
    person it was about (if any) can see it."""
    subject = User.objects.filter(email__iexact=email).first() if email else None
    data = {"email": email, "method": method}
    if reason:
        data["reason"] = reason
    context = replace(context, actor=None) if context is not None else None
    record(SIGN_IN_FAILED, kind="signin", subject=subject, context=context, data=data)
