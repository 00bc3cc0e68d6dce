from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import query_text
from zorgwijs.lib.http import OrgRequest

from ..selectors import member_read


@org_view("organisation.view")
def dashboard(request: OrgRequest, org_slug: str) -> HttpResponse:
    """The organisation's page: what this person has to do and know here (the start page's
    panels of this organisation), then the administration links for those who manage it."""
    from zorgwijs.core.start import org_panels

    return render(
        request, "organisations/dashboard.html", {"panels": org_panels(request, request.org_access)}
    )


@org_view("people.view")
def people_list(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    members = (
        access.visible_memberships()
        .select_related("user", "job_function", "primary_department")
        .order_by("user__full_name")
    )
    query = query_text(request, "q")
    if query:
        members = members.filter(user__full_name__icontains=query)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(request, "organisations/people_list.html", {"page": page, "q": query})


@org_view("people.view")
def person_detail(request: OrgRequest, org_slug: str, membership_id: int) -> HttpResponse:
    membership = member_read(request.org_access, membership_id, context=audit_context(request))
    return render(request, "organisations/person_detail.html", {"member": membership})
