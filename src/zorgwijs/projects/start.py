"""The visitor's landing page shows the newest projects of the vindplaats (docs/screens.md)."""

from __future__ import annotations

from django.http import HttpRequest

from zorgwijs.core.start import ORDER_OTHER, StartPanel
from zorgwijs.organisations.visibility import viewer_of_request

from .selectors import project_list

VISITOR_PROJECTS = 3


def recent_projects_panel(request: HttpRequest) -> StartPanel | None:
    if request.user.is_authenticated:
        return None  # a signed-in person's start page is about their work
    projects = list(
        project_list(viewer=viewer_of_request(request)).order_by("-created_at", "-id")[
            :VISITOR_PROJECTS
        ]
    )
    if not projects:
        return None
    return StartPanel("projects/start_recent.html", {"projects": projects}, order=ORDER_OTHER)
