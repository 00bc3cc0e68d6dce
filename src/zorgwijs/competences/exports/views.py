from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.dates import format_date, format_datetime
from zorgwijs.lib.forms import int_or_none
from zorgwijs.lib.http import OrgRequest
from zorgwijs.organisations.selectors import get_membership_for_actor

from ..models import CompetenceItem, ItemKind, RiskProfile
from .documents import evidence_pack_pdf, evidence_pack_xlsx, passport_pdf
from .evidence import CAPABILITY, evidence_pack_export, passport_evidence_export, selection_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"xlsx": XLSX, "pdf": "application/pdf"}


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@org_view(CAPABILITY)
def evidence_pack(request: OrgRequest, org_slug: str) -> HttpResponse:
    """The IGJ evidence pack: choose a selection, then download it as XLSX or PDF."""
    access = request.org_access
    now = timezone.localtime()
    selection = selection_for(
        access=access,
        department_id=int_or_none(request.GET.get("afdeling")),
        item_id=int_or_none(request.GET.get("bekwaamheid")),
        on=now.date(),
        kind=request.GET.get("soort", ""),
        risk=request.GET.get("risico", ""),
    )
    fmt = request.GET.get("formaat", "")
    if fmt not in FORMATS:
        from ..views.team import _departments_for

        return render(
            request,
            "competences/exports/evidence_pack.html",
            {
                "selection": selection,
                "departments": _departments_for(access),
                "items": CompetenceItem.objects.filter(organisation=access.organisation).order_by(
                    "kind", "name"
                ),
                "kinds": ItemKind.choices,
                "risks": RiskProfile.choices,
            },
        )
    rows = evidence_pack_export(
        access=access, selection=selection, fmt=fmt, context=audit_context(request)
    )
    cover = [
        (_("Organisatie"), selection.organisation),
        (_("Afdeling"), selection.department_label),
        (_("Bekwaamheid"), selection.item_label),
        (_("Peildatum"), format_date(selection.on)),
        (_("Gemaakt op"), format_datetime(now)),
        (_("Gemaakt door"), request.user.full_name or request.user.email),
        (_("Aantal regels"), str(len(rows))),
        (_("Waarvan bekwaam"), str(sum(r.competent for r in rows))),
    ]
    build = evidence_pack_xlsx if fmt == "xlsx" else evidence_pack_pdf
    filename = f"igj-bewijs-{access.organisation.slug}-{selection.on.isoformat()}.{fmt}"
    return _download(build(cover=cover, rows=rows), FORMATS[fmt], filename)


def _passport_pdf(request: OrgRequest, membership) -> HttpResponse:
    now = timezone.localtime()
    rows = passport_evidence_export(
        membership=membership, on=now.date(), context=audit_context(request)
    )
    cover = [
        (_("Naam"), membership.user.full_name),
        (_("Functie"), str(membership.job_function or "")),
        (_("Afdeling"), str(membership.primary_department or "")),
        (_("Organisatie"), membership.organisation.name),
        (_("Peildatum"), format_date(now)),
        (_("Gemaakt op"), format_datetime(now)),
        (_("Gemaakt door"), request.user.full_name or request.user.email),
    ]
    filename = f"paspoort-{membership.pk}-{now.date().isoformat()}.pdf"
    return _download(passport_pdf(cover=cover, rows=rows), "application/pdf", filename)


@org_view("competences.view_own")
def my_passport_pdf(request: OrgRequest, org_slug: str) -> HttpResponse:
    return _passport_pdf(request, request.org_access.membership)


@org_view(CAPABILITY)
def person_passport_pdf(request: OrgRequest, org_slug: str, membership_id: int) -> HttpResponse:
    membership = get_membership_for_actor(request.org_access, membership_id, CAPABILITY)
    return _passport_pdf(request, membership)
