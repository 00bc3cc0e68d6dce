"""The pages of a person's own account, for the sub-navigation of allauth's manage layout."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zorgwijs.core.navigation import NavLink

register = template.Library()

ACCOUNT_PAGES = (
    (_("Tweestapsverificatie"), "mfa_index"),
    (_("Wachtwoord wijzigen"), "account_change_password"),
    (_("Gekoppelde inlogdiensten"), "socialaccount_connections"),
    (_("Toegangstokens"), "accounts:tokens"),
    (_("Wie heeft mijn gegevens bekeken"), "accounts:who_viewed"),
)


@register.simple_tag(takes_context=True)
def account_pages(context) -> list[NavLink]:
    """``{% account_pages as pages %}``: the account's pages, the one being shown marked."""
    match = getattr(context.get("request"), "resolver_match", None)
    current = match.view_name if match else ""
    return [NavLink(label, reverse(name), name == current) for label, name in ACCOUNT_PAGES]
