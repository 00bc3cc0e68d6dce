from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zorgwijs.audit.models import AuditEntry
from zorgwijs.core.access import login_view


@login_view
def who_viewed_my_data(request: HttpRequest) -> HttpResponse:
    """"Wie heeft mijn gegevens bekeken": every audit entry about the signed-in person."""
    entries = AuditEntry.objects.about_person(request.user.pk).order_by("-at", "-id")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/who_viewed.html", {"page": page})


@login_view
def mfa_required(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/mfa_required.html", status=403)
