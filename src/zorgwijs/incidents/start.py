"""The incidents panel of the start page: report in one click; triage sees what waits."""

from __future__ import annotations

from django.http import HttpRequest

from zorgwijs.core.start import StartPanel
from zorgwijs.organisations.access import OrgAccess

from .models import Incident, Status


def incidents_panel(request: HttpRequest, access: OrgAccess) -> StartPanel | None:
    if not access.can("incidents.report"):
        return None
    waiting = None
    if access.can("incidents.triage"):
        waiting = Incident.objects.filter(
            organisation=access.organisation, status=Status.REPORTED
        ).count()
    return StartPanel("incidents/start.html", {"waiting": waiting}, order=30)
