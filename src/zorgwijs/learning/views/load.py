"""Coordinator screen: the learning load the requirement profiles imply, and the risk behind
each requirement (``load.py``)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.http import OrgRequest

from ..load import PILE_UP_HOURS, learning_load_read


@org_view("learning.manage")
def load(request: OrgRequest, org_slug: str) -> HttpResponse:
    result = learning_load_read(
        request.org_access.organisation,
        request.org_access.visible_memberships("learning.manage"),
        context=audit_context(request),
        page=request.GET.get("pagina") or 1,
    )
    return render(
        request,
        "learning/load.html",
        {"load": result, "pile_up_hours": PILE_UP_HOURS},
    )
