"""Indicators linked to the network's topics and actions: kept by the network's coordinators,
and a topic's page in the monitor with the trends of the indicators it addresses."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import save_form
from zorgwijs.lib.http import OrgRequest

from ..forms import LinksForm
from ..indicators import FAMILIES, FAMILY_BY_KEY
from ..selectors import (
    Series,
    as_table,
    get_network_for_member,
    get_topic_of_network,
    indicators_of_topic,
    links_of,
    region_series,
    releases_of,
    topics_of,
)
from ..services import indicator_links_save

VIEW = "monitor.view"


@org_view(VIEW)
def network_links(request: OrgRequest, org_slug: str, network_slug: str) -> HttpResponse:
    """Per indicator the topics and actions that address it; only the network's coordinators
    (its contact persons and coordinators) open this page."""
    access = request.org_access
    network = get_network_for_member(access.organisation, network_slug, request.user)
    if not getattr(network, "coordinated", False):
        raise PermissionDenied
    topics = topics_of(network)
    current = links_of(network)
    initial = {
        key: [f"topic:{link.topic.pk}" for link in links if not link.actions]
        + [f"action:{a.pk}" for link in links for a in link.actions]
        for key, links in current.items()
    }
    form = LinksForm(request.POST or None, families=FAMILIES, topics=topics, initial_links=initial)
    saved = save_form(
        request,
        form,
        lambda data: indicator_links_save(
            actor=request.user,
            network=network,
            selected=data,
            organisation=access.organisation,
            context=audit_context(request),
        ),
    )
    if saved is not None:
        messages.success(request, _("De koppelingen zijn opgeslagen."))
        return redirect("monitor:network", org_slug=org_slug, network_slug=network.slug)
    chosen = {
        f.key: set(form[f.key].value() or []) if form.is_bound else set(initial.get(f.key, []))
        for f in FAMILIES
    }
    rows = [
        {
            "family": f,
            "field": form[f.key],
            "topics": [
                {
                    "topic": t,
                    "value": f"topic:{t.pk}",
                    "checked": f"topic:{t.pk}" in chosen[f.key],
                    "actions": [
                        (a, f"action:{a.pk}", f"action:{a.pk}" in chosen[f.key])
                        for a in t.actions.all()
                    ],
                }
                for t in topics
            ],
        }
        for f in FAMILIES
    ]
    return render(
        request,
        "monitor/links.html",
        {"form": form, "network": network, "rows": rows, "topics": topics},
        status=400 if form.is_bound and form.errors else 200,
    )


@org_view(VIEW)
def topic_monitor(
    request: OrgRequest, org_slug: str, network_slug: str, topic_id: int
) -> HttpResponse:
    """A topic of the network with its actions and the regional trend of every indicator it
    addresses (published cells only, as on the monitor page)."""
    access = request.org_access
    network = get_network_for_member(access.organisation, network_slug, request.user)
    topic = get_topic_of_network(network, topic_id)
    linked = indicators_of_topic(topic)
    keys = [f.key for f in FAMILIES if f.key in linked]
    labels, series = region_series(releases_of(network), keys)
    indicators = [
        {
            "family": FAMILY_BY_KEY[key],
            "actions": linked[key],
            "table": as_table(labels[-8:], [_last(series[key], 8)]),
            "percent": FAMILY_BY_KEY[key].kind == "ratio",
        }
        for key in keys
    ]
    return render(
        request,
        "monitor/topic.html",
        {
            "network": network,
            "topic": topic,
            "indicators": indicators,
            "coordinator": bool(getattr(network, "coordinated", False)),
        },
    )


def _last(series: Series, n: int) -> Series:
    return Series(
        label=series.label, values=series.values[-n:], key=series.key, hidden=series.hidden[-n:]
    )
