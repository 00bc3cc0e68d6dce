"""How django-allauth behaves for Zorgwijs.

- No self sign-up: accounts come from HR import, invitations or an administrator.
- Single sign-on only signs in people who already have an account *and* an active membership
  of the organisation whose identity provider vouched for them, for that organisation's e-mail
  domains. An identity provider can never sign someone in as a person of another organisation.
- People who must use two factors cannot switch them off.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from zorgwijs.audit.context import audit_context
from zorgwijs.lib.people import client_address

from . import signin
from .mfa_policy import mfa_required_for, signed_in_recently
from .models import User


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Shown to the person whose account was tried too often (or, rarely, to everyone on
        # an address that sprays passwords): the e-mail reset lifts the lock at once.
        "too_many_login_attempts": _(
            "Te veel mislukte inlogpogingen. Probeer het over vijf minuten opnieuw, of vraag "
            "via „Wachtwoord vergeten?” een nieuw wachtwoord aan: met de link in die e-mail "
            "kun je meteen weer inloggen."
        ),
        "email_password_mismatch": _("Het e-mailadres of het wachtwoord klopt niet."),
        "account_inactive": _("Dit account is niet (meer) actief."),
        "rate_limited": _(
            "Je doet te veel verzoeken achter elkaar. Wacht even en probeer het opnieuw."
        ),
    }

    def get_client_ip(self, request: HttpRequest) -> str:
        # The sign-in limits per address see the same client address as the audit log and
        # the sign-up limit: one rule for the trusted proxies (lib.people.client_address).
        address = client_address(request)
        if address is None:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from HR import, invitations or single sign-on, never self sign-up.
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            # Refused by the rate limit before the password is even checked: audit it too.
            email = str(credentials.get("email") or credentials.get("username") or "")
            signin.record_failed(
                email=email,
                method="password",
                reason="rate_limited",
                context=audit_context(request),
            )
            raise

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Setting up two factors right after signing in (which is mandatory for many people)
        # should not ask for the password again: a sign-in within allauth's reauthentication
        # timeout counts as confirmation for the two-factor pages. Later changes still ask.
        request = self.request or context.request
        if app == "allauth.mfa" and request is not None and signed_in_recently(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def format_email_subject(self, subject: str) -> str:
        # Our subjects name Zorgwijs themselves; no "[host name]" prefix.
        return subject

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # E-mails go out in the recipient's language, not the language of the request.
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return False

    def authenticate_by_email(self, sociallogin):
        # allauth's own matching would accept any verified address from any provider (and wipe
        # the password of the account it finds); pre_social_login below does the matching,
        # limited to the organisation that owns the identity provider.
        return None

    def pre_social_login(self, request: HttpRequest, sociallogin) -> None:
        provider = sociallogin.account.get_provider(request)
        decision = signin.sso_decision(sociallogin, app=provider.app)
        if decision.user is None:
            signin.record_failed(
                email=decision.email,
                method="sso",
                reason=decision.reason,
                context=audit_context(request),
            )
            raise ImmediateHttpResponse(
                render(
                    request,
                    "socialaccount/refused.html",
                    {"organisation": decision.organisation},
                    status=403,
                )
            )
        if not sociallogin.is_existing:
            sociallogin.connect(request, decision.user)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Voor jouw rol is tweestapsverificatie verplicht; je kunt die niet uitzetten."
        ),
        "incorrect_code": _(
            "Deze code klopt niet. Kijk in je authenticator-app en probeer het opnieuw."
        ),
    }

    def can_delete_authenticator(self, authenticator) -> bool:
        return not mfa_required_for(authenticator.user)
