from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from zorgwijs.lib.http import AuthenticatedRequest, ZorgwijsRequest

from .access import login_view, public_view
from .start import personal_panels, start_sections


@public_view
def home(request: ZorgwijsRequest) -> HttpResponse:
    """The start page: for a visitor what Zorgwijs is and the search; for a signed-in person
    their tasks per role and organisation (core/start.py)."""
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html", {"personal": personal_panels(request)})
    return render(
        request,
        "core/home.html",
        {"sections": start_sections(request), "personal": personal_panels(request)},
    )


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
