"""The link with which an invited person sets their first password.

Computed when the e-mail is rendered (by the mail worker), so the one-time key never waits in
the task queue. It is allauth's own password-reset key: it works once and expires after
``PASSWORD_RESET_TIMEOUT``; after that, "wachtwoord vergeten" sends a new one.
"""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def password_set_url(user) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"
