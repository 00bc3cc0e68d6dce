"""Navigation that apps plug into: each app registers its menu items once.

The header shows one entry per section (Paspoort, Vindplaats, Organisatie, …) so that it stays
short as apps arrive; the current section's pages appear as a second row beneath it (on a
phone a long row folds behind one "<section>: alle onderdelen" disclosure). An item without a
section is a header entry of its own.

Items have an audience: ``org`` items live under ``/o/<org>/`` and need a capability in the
current organisation; ``everyone`` items are public pages (the vindplaats), shown to visitors
without an account too; ``signed_in`` items need an account but no organisation;
``platform_admin`` items are the platform's own screens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
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


@dataclass(frozen=True)
class NavOrg:
    """What the menu needs of an organisation: its slug and the person's capabilities there."""

    slug: str
    capabilities: frozenset[str]

    @classmethod
    def of(cls, access: OrgAccess) -> NavOrg:
        return cls(access.organisation.slug, access.capabilities)


def _url_for(item: NavItem, org: NavOrg | None, user) -> str | None:
    """The item's URL if this person may use it here, else None."""
    if item.audience == EVERYONE:
        return reverse(item.url_name)
    if item.audience == SIGNED_IN:
        return reverse(item.url_name) if getattr(user, "is_authenticated", False) else None
    if item.audience == PLATFORM_ADMIN:
        return reverse(item.url_name) if getattr(user, "is_platform_admin", False) else None
    if org is None or item.capability not in org.capabilities:
        return None
    return reverse(item.url_name, kwargs={"org_slug": org.slug})


def _app(view_name: str) -> str:
    # "knowledge_org:spaces" and "knowledge:space" are the same part of the site.
    return view_name.split(":", 1)[0].removesuffix("_org")


class Menu(list[NavEntry]):
    """The header entries of one combination of ``nav_for``'s key, which it carries: what is
    rendered of the menu can be kept per key (``menu_fragment``)."""

    def __init__(self, entries: list[NavEntry], key: tuple) -> None:
        super().__init__(entries)
        self.key = key


# The menu depends only on the registered items, the organisation's slug and the person's
# capabilities there, whether they are signed in or a platform admin, and the current view:
# worked out once per combination in this process (URLs are reversed, labels stay lazy and
# are translated when rendered), instead of reversing every item on every page.
_MENUS: dict[tuple, Menu] = {}
_MENUS_MAX = 2048


def nav_for(org: NavOrg | None, request: HttpRequest | None = None) -> Menu:
    """The header entries this person may use, the one holding the current page marked: the
    entry with the page itself, else the entry of the same part of the site."""
    match = getattr(request, "resolver_match", None)
    current_view = match.view_name if match else ""
    user = getattr(request, "user", None)
    key = (
        org,
        current_view,
        bool(getattr(user, "is_authenticated", False)),
        bool(getattr(user, "is_platform_admin", False)),
        len(_NAV),
        get_script_prefix(),
        get_urlconf(),
    )
    menu = _MENUS.get(key)
    if menu is None:
        if len(_MENUS) >= _MENUS_MAX:
            _MENUS.clear()
        menu = _MENUS[key] = Menu(_nav(org, current_view, user), key)
    return menu


# The menu as rendered, per menu and language: it shows nothing but the menu (labels, links,
# which entry is current), so every page with the same menu shows the same markup.
_FRAGMENTS: dict[tuple, str] = {}


def menu_fragment(menu: Menu, name: str, language: str, render: Callable[[], str]) -> str:
    """``render()``'s markup for ``menu`` in ``language``, rendered once in this process."""
    key = (name, menu.key, language)
    html = _FRAGMENTS.get(key)
    if html is None:
        if len(_FRAGMENTS) >= _MENUS_MAX:
            _FRAGMENTS.clear()
        html = _FRAGMENTS[key] = render()
    return html


def _nav(org: NavOrg | None, current_view: str, user) -> list[NavEntry]:
    entries: dict[str, tuple[int, NavEntry]] = {}
    exact: set[str] = set()
    same_app: set[str] = set()
    for item in _NAV:
        url = _url_for(item, org, user)
        if url is None:
            continue
        link = NavLink(item.label, url, item.url_name == current_view)
        section = _SECTIONS.get(item.section)
        key, order = (section.key, section.order) if section else (item.url_name, item.order)
        if key not in entries:
            entries[key] = (order, NavEntry(section.label if section else item.label, link.url))
        if section:
            entries[key][1].pages.append(link)
        if link.current:
            exact.add(key)
        elif current_view and _app(item.url_name) == _app(current_view):
            same_app.add(key)
    for key in exact or same_app:
        entries[key][1].current = True
    return [entry for _, entry in sorted(entries.values(), key=lambda pair: pair[0])]
