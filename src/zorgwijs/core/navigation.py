"""Navigation that apps plug into: each app registers its organisation menu items once.

The header shows one entry per section (Paspoort, Organisatie, …) so that it stays short as
apps arrive; the current section's pages appear as a second row beneath it. An item without a
section is a header entry of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

from zorgwijs.organisations.access import OrgAccess


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    capability: str
    order: int = 100
    section: str = ""  # key of a registered NavSection; empty: a header entry of its own


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


_ORG_NAV: list[NavItem] = []
_SECTIONS: dict[str, NavSection] = {}


def register_org_nav(item: NavItem) -> None:
    if item not in _ORG_NAV:
        _ORG_NAV.append(item)
        _ORG_NAV.sort(key=lambda i: i.order)


def register_org_section(section: NavSection) -> None:
    _SECTIONS[section.key] = section


def org_nav_for(access: OrgAccess, request: HttpRequest | None = None) -> list[NavEntry]:
    """The header entries ``access`` may use, the one holding the current page marked."""
    match = getattr(request, "resolver_match", None)
    current_view = match.view_name if match else ""
    current_app = current_view.split(":", 1)[0]
    slug = access.organisation.slug
    entries: dict[str, tuple[int, NavEntry]] = {}
    for item in _ORG_NAV:
        if not access.can(item.capability):
            continue
        link = NavLink(
            item.label,
            reverse(item.url_name, kwargs={"org_slug": slug}),
            item.url_name == current_view,
        )
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
