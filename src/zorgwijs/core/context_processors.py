from __future__ import annotations

from django.http import HttpRequest

from .navigation import nav_for


def shell(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs: the organisation, the menu and the switcher's choices."""
    access = getattr(request, "org_access", None)
    return {
        "org_access": access,
        "nav": nav_for(access, request),
        "my_memberships": getattr(request, "memberships", []),
    }
