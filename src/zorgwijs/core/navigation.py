"""Navigation that apps plug into: each app registers its organisation menu items once."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from zorgwijs.organisations.access import OrgAccess


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    capability: str
    order: int = 100


_ORG_NAV: list[NavItem] = []


def register_org_nav(item: NavItem) -> None:
    if item not in _ORG_NAV:
        _ORG_NAV.append(item)
        _ORG_NAV.sort(key=lambda i: i.order)


def org_nav_for(access: OrgAccess) -> list[dict[str, object]]:
    slug = access.organisation.slug
    return [
        {"label": item.label, "url": reverse(item.url_name, kwargs={"org_slug": slug})}
        for item in _ORG_NAV
        if access.can(item.capability)
    ]
