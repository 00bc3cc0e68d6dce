"""Figures out: a network's monitor for a member organisation, and the network's rules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.core.navigation import NavLink
from zorgwijs.lib.forms import save_form
from zorgwijs.lib.http import OrgRequest
from zorgwijs.organisations.visibility import viewer_of_request

from .. import disclosure
from ..forms import SettingsForm
from ..indicators import FAMILIES, FAMILY_BY_KEY
from ..selectors import (
    Series,
    as_table,
    get_network_for_member,
    links_for_indicator,
    monitor_for,
    monitor_settings,
    releases_of,
    years_with_figures,
)
from ..services import settings_update

VIEW = "monitor.view"


def chart_data(monitor, view) -> dict:
    lines = [{"label": s.label, "values": s.values} for s in view.region[:1] + view.sectors]
    return {"labels": monitor.labels, "lines": lines, "percent": view.family.kind == "ratio"}


@org_view(VIEW)
def network_monitor(request: OrgRequest, org_slug: str, network_slug: str) -> HttpResponse:
    access = request.org_access
    network = get_network_for_member(access.organisation, network_slug, request.user)
    key = request.GET.get("indicator", "")
    family = FAMILY_BY_KEY.get(key, FAMILIES[0])
    releases = releases_of(network)  # read only: publishing is the daily task's (tasks.py)
    by_month = request.GET.get("periode") == "maand"
    monitor = monitor_for(
        network,
        access.organisation,
        viewer=viewer_of_request(request),
        releases=releases,
        by_month=by_month,
    )
    view = next(v for v in monitor.families if v.family.key == family.key)
    period = "&periode=maand" if monitor.by_month else ""
    own = [
        view.own[0],
        Series(label=_("Regio"), values=view.own[1].values, hidden=view.own[1].hidden),
    ]
    tables = {
        "region": as_table(monitor.labels, view.region),
        "sectors": as_table(monitor.labels, view.sectors),
        "groups": as_table(monitor.labels, view.groups),
        "own": as_table(monitor.labels, own),
    }
    return render(
        request,
        "monitor/network.html",
        {
            "network": network,
            "monitor": monitor,
            "view": view,
            "tables": tables,
            "indicators": [
                NavLink(f.label, f"?indicator={f.key}{period}", f.key == view.family.key)
                for f in FAMILIES
            ],
            "chart": chart_data(monitor, view),
            "percent": family.kind == "ratio",
            "rules": monitor_settings(network),
            "coordinator": bool(getattr(network, "coordinated", False)),
            "years": years_with_figures(releases),
            "links": links_for_indicator(network, view.family.key),
        },
    )


@org_view(VIEW)
def network_rules(request: OrgRequest, org_slug: str, network_slug: str) -> HttpResponse:
    """The network's disclosure rules: every member reads them, a coordinator changes them
    within the safe bounds."""
    access = request.org_access
    network = get_network_for_member(access.organisation, network_slug, request.user)
    coordinator = bool(getattr(network, "coordinated", False))
    if request.method == "POST" and not coordinator:
        raise PermissionDenied
    current = monitor_settings(network)
    form = SettingsForm(
        request.POST or None,
        initial={name: getattr(current, name) for name in disclosure.BOUNDS},
    )
    saved = save_form(
        request,
        form,
        lambda data: settings_update(
            actor=request.user, network=network, values=data, context=audit_context(request)
        ),
    )
    if saved is not None:
        messages.success(request, _("De regels zijn opgeslagen; de monitor is opnieuw berekend."))
        return redirect("monitor:network", org_slug=org_slug, network_slug=network.slug)
    return render(
        request,
        "monitor/rules.html",
        {
            "form": form,
            "network": network,
            "coordinator": coordinator,
            "rules": current,
            # Members who pool their figures (docs/monitor.md): up to n − 2 of them learn
            # nothing, and the n − 1 largest of a cell must leave REMAINDER_PERCENT uncertain.
            "coalition": current.min_organisations - 2,
            "largest": current.min_organisations - 1,
            "remainder": disclosure.REMAINDER_PERCENT,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
