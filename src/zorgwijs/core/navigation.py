"""Navigation that apps plug into: each app registers its menu items once.

The header shows one entry per section (Paspoort, Vindplaats, Organisatie, …) so that it stays
short as apps arrive; the current section's pages appear as a second row beneath it. An item
without a section is a header entry of its own.

Items have an audience: ``org`` items live under ``/o/<org>/`` and need a capability in the
current organisation; ``everyone`` items are public pages (the vindplaats), shown to visitors
without an account too; ``signed_in`` items need an account but no organisation;
``platform_admin`` items are the platform's own screens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

from zorgwijs.organisations.access import OrgAccess

ORG, EVERYONE, SIGNED_IN, PLATFORM_ADMIN = "org", "everyone", "signed_in", "platform_admin"


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    capability: str = ""  # for ``org`` items
    order: int = 100
    section: str = ""  # key of a registered NavSection; empty: a header entry of its own
    audience: str = ORG


@dataclass(frozen=True)
class NavSection:
    key: str
    label: str | Promise
    order: int


@dataclass
class NavLink:
    label: str | Promise
    url: str
    current: bool = False


@dataclass
class NavEntry:
    """One header entry: a section (with its pages) or a single page."""

    label: str | Promise
    url: str
    current: bool = False
    pages: list[NavLink] = field(default_factory=list)


_NAV: list[NavItem] = []
_SECTIONS: dict[str, NavSection] = {}


def register_nav(item: NavItem) -> None:
    if item not in _NAV:
        _NAV.append(item)
        _NAV.sort(key=lambda i: i.order)


def register_nav_section(section: NavSection) -> None:
    _SECTIONS[section.key] = section


def _url_for(item: NavItem, access: OrgAccess | None, user) -> str | None:
    """The item's URL if this person may use it here, else None."""
    if item.audience == EVERYONE:
        return reverse(item.url_name)
    if item.audience == SIGNED_IN:
        return reverse(item.url_name) if getattr(user, "is_authenticated", False) else None
    if item.audience == PLATFORM_ADMIN:
        return reverse(item.url_name) if getattr(user, "is_platform_admin", False) else None
    if access is None or not access.can(item.capability):
        return None
    return reverse(item.url_name, kwargs={"org_slug": access.organisation.slug})


def nav_for(access: OrgAccess | None, request: HttpRequest | None = None) -> list[NavEntry]:
    """The header entries this person may use, the one holding the current page marked."""
    match = getattr(request, "resolver_match", None)
    current_view = match.view_name if match else ""
    current_app = current_view.split(":", 1)[0]
    user = getattr(request, "user", None)
    entries: dict[str, tuple[int, NavEntry]] = {}
    for item in _NAV:
        url = _url_for(item, access, user)
        if url is None:
            continue
        link = NavLink(item.label, url, item.url_name == current_view)
        section = _SECTIONS.get(item.section)
        key, order = (section.key, section.order) if section else (item.url_name, item.order)
        if key not in entries:
            entries[key] = (order, NavEntry(section.label if section else item.label, link.url))
        entry = entries[key][1]
        if section:
            entry.pages.append(link)
        in_this_app = item.url_name.split(":", 1)[0] == current_app
        entry.current = entry.current or link.current or (bool(section) and in_this_app)
    return [entry for _, entry in sorted(entries.values(), key=lambda pair: pair[0])]
