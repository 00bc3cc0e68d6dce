"""The visitor's landing page: the next public events of the networks (docs/start-pages.md).

Registered by core because the networks app is another team's for now; it reads the networks
app only through its selector ``upcoming_public_events``.
"""

from __future__ import annotations

from django.http import HttpRequest

from .start import ORDER_OTHER, StartPanel

VISITOR_EVENTS = 3


def public_events_panel(request: HttpRequest) -> StartPanel | None:
    if request.user.is_authenticated:
        return None  # a signed-in person's start page is about their work
    from zorgwijs.networks.selectors import upcoming_public_events

    events = upcoming_public_events(VISITOR_EVENTS)
    if not events:
        return None
    return StartPanel("core/start_events.html", {"events": events}, order=ORDER_OTHER + 1)
