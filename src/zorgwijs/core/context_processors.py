from __future__ import annotations

from django.http import HttpRequest

from .navigation import NavOrg, nav_for

# Outside /o/<org>/ (a knowledge space, the vindplaats) the menu keeps the organisation the
# person last worked in, remembered in the session: no queries on every page. The menu only
# offers links; every page checks access itself.
NAV_ORG_SESSION_KEY = "zorgwijs_nav_org"
# Where a request keeps its shell once worked out: every template rendered with the request
# runs the context processors (the start page renders each panel on its own), and the menu
# of one request does not change between them.
_SHELL_ATTRIBUTE = "_zorgwijs_shell"


def shell(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs: the organisation, the menu and the switcher's choices."""
    known: dict[str, object] | None = getattr(request, _SHELL_ATTRIBUTE, None)
    if known is None:
        known = _shell(request)
        setattr(request, _SHELL_ATTRIBUTE, known)
    return known


def _shell(request: HttpRequest) -> dict[str, object]:
    access = getattr(request, "org_access", None)
    org: NavOrg | None
    if access:
        org = NavOrg.of(access)
        remember_nav_org(request, org)
    else:
        org = _remembered(request)
    return {
        "org_access": access,
        "nav": nav_for(org, request),
        "my_memberships": getattr(request, "memberships", []),
    }


def remember_nav_org(request: HttpRequest, org: NavOrg) -> None:
    session = getattr(request, "session", None)
    stored = {"slug": org.slug, "capabilities": sorted(org.capabilities)}
    if session is not None and session.get(NAV_ORG_SESSION_KEY) != stored:
        session[NAV_ORG_SESSION_KEY] = stored


def _remembered(request: HttpRequest) -> NavOrg | None:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or not user.is_authenticated or session is None:
        return None
    stored = session.get(NAV_ORG_SESSION_KEY)
    if not stored:
        return None
    return NavOrg(stored["slug"], frozenset(stored["capabilities"]))
