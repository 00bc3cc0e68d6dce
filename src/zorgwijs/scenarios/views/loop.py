"""The learning loop under the organisation: link a measure to what it changed, and the
coordinator's overview of measures, links and before/after counts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.incidents.models import IncidentMeasure
from zorgwijs.lib.forms import form_page, save_form
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..forms import LoopLinkForm
from ..loop import WINDOW_DAYS, chain_for_incident, linkable, loop_link_add, loop_overview


def get_measure(request: OrgRequest, measure_id: int) -> IncidentMeasure:
    from django.http import Http404

    measure = (
        IncidentMeasure.objects.filter(organisation=request.org_access.organisation, pk=measure_id)
        .select_related("incident")
        .first()
    )
    if measure is None:
        raise Http404
    return measure


@org_view("incidents.triage")
def overview(request: OrgRequest, org_slug: str) -> HttpResponse:
    rows = loop_overview(request.org_access)
    done = sum(1 for r in rows if r.measure.done_on)
    return render(
        request,
        "scenarios/loop_overview.html",
        {"rows": rows, "done": done, "window": WINDOW_DAYS},
    )


@org_view("incidents.triage")
@once_per_submission
def link_create(request: OrgRequest, org_slug: str, measure_id: int) -> HttpResponse:
    access = request.org_access
    measure = get_measure(request, measure_id)
    form = LoopLinkForm(request.POST or None, choices=linkable(access))
    link = save_form(
        request,
        form,
        lambda data: loop_link_add(
            access=access,
            measure=measure,
            kind=data["kind"],
            target=data.get(data["kind"]),
            note=data.get("note", ""),
            context=audit_context(request),
        ),
    )
    if link is not None:
        messages.success(request, _("De maatregel is gekoppeld aan wat hij veranderde."))
        return redirect("incidents:detail", org_slug=org_slug, incident_id=measure.incident_id)
    return form_page(
        request,
        "scenarios/loop_link_form.html",
        form,
        measure=measure,
        chain=chain_for_incident(measure.incident, request.user),
    )
