from __future__ import annotations

from django.http import HttpRequest

from .navigation import org_nav_for


def shell(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs: the organisation, its menu and the switcher's choices."""
    access = getattr(request, "org_access", None)
    return {
        "org_access": access,
        "org_nav": org_nav_for(access, request) if access else [],
        "my_memberships": getattr(request, "memberships", []),
    }
