from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from zorgwijs.lib.http import AuthenticatedRequest, ZorgwijsRequest

from .access import login_view, public_view
from .start import start_sections


@public_view
def home(request: ZorgwijsRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    return render(request, "core/home.html", {"sections": start_sections(request)})


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
