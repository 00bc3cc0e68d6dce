"""Coordinator screen: the learning load the requirement profiles imply, and the risk behind
each requirement (``load.py``)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from zorgwijs.audit.services import record_many
from zorgwijs.core.access import org_view
from zorgwijs.lib.http import OrgRequest

from ..load import PILE_UP_HOURS, learning_load


@org_view("learning.manage")
def load(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    result = learning_load(access.organisation, access.visible_memberships("learning.manage"))
    # The page names people next to the hours their requirements cost them.
    record_many(
        "learning.load.viewed",
        kind="view",
        actor=request.user,
        organisation=access.organisation,
        subjects=[p.membership.user for p in result.people],
        request=request,
    )
    return render(
        request,
        "learning/load.html",
        {"load": result, "pile_up_hours": PILE_UP_HOURS},
    )
