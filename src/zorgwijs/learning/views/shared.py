"""Blueprints and route templates outside an organisation's pages: where a search result
links to. Signed in; shown only to the organisations that may see them (``access.py``)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from zorgwijs.core.access import login_view
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.organisations.visibility import viewer_of_request

from ..access import shared_blueprint, shared_template
from ..gap import blueprint_outcomes


@login_view
def blueprint(request: AuthenticatedRequest, blueprint_id: int) -> HttpResponse:
    bp = shared_blueprint(viewer_of_request(request), blueprint_id)
    outcomes = blueprint_outcomes(bp)
    processes = [(p, [o for o in outcomes if o.process_id == p.pk]) for p in bp.processes.all()]
    return render(
        request, "learning/shared_blueprint.html", {"blueprint": bp, "processes": processes}
    )


@login_view
def template(request: AuthenticatedRequest, route_template_id: int) -> HttpResponse:
    tpl = shared_template(viewer_of_request(request), route_template_id)
    return render(request, "learning/shared_template.html", {"template": tpl})
