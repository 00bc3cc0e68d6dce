from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from zorgwijs.lib.http import AuthenticatedRequest, ZorgwijsRequest

from .access import login_view, public_view
from .start import personal_panels, start_body


@public_view
def home(request: ZorgwijsRequest) -> HttpResponse:
    """The start page: for a visitor what Zorgwijs is and the search; for a signed-in person
    their tasks per role and organisation (core/start.py)."""
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html", {"personal": personal_panels(request)})
    return render(request, "core/home.html", {"start_body": start_body(request)})


@public_view
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_view
def switch_organisation(request: AuthenticatedRequest) -> HttpResponse:
    slug = request.POST.get("organisation") or request.GET.get("organisation", "")
    if any(m.organisation.slug == slug for m in request.memberships):
        return redirect("organisations:dashboard", org_slug=slug)
    return redirect("core:home")


# Seconds a browser or client is told to wait while the database is away (a restart or failover
# takes a few; docs/deploy.md).
RETRY_AFTER_SECONDS = 10


def server_error(request: HttpRequest) -> HttpResponse:
    """The answer to an uncaught exception (``handler500``): 503 with ``Retry-After`` while the
    database cannot be reached, so people read "try again in a moment" rather than "something
    broke", and 500 for the rest. Rendered without a request context: the context processors
    would ask the database that is not there."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(render_to_string("500.html"))
