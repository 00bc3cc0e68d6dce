"""The learning panel of the start page: my next step, or the learners waiting for me."""

from __future__ import annotations

from django.http import HttpRequest

from zorgwijs.core.start import StartPanel
from zorgwijs.organisations.access import OrgAccess

from .access import guided_steps, own_routes
from .models import RouteState
from .selectors import next_step, route_steps


def learning_panel(request: HttpRequest, access: OrgAccess) -> StartPanel | None:
    route = own_routes(access).filter(state=RouteState.ACTIVE).first()
    nxt = next_step(route_steps(route)) if route is not None else None
    waiting = 0
    if access.can("learning.guide"):
        waiting = (
            guided_steps(access).filter(done_on__isnull=True).values("route_id").distinct().count()
        )
    if nxt is None and not waiting:
        return None
    return StartPanel(
        "learning/start_panel.html", {"route": route, "next": nxt, "waiting": waiting}, order=15
    )
