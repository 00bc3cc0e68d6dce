"""``{% load loop %}``: the learning-loop chain where a page, a lesson, an incident, a
competence item, a requirement profile, a knowledge test, a learning route or one of its
steps is shown, e.g.
``{% loop_chain_for "page" page as chain %}`` and then
``{% include "scenarios/_loop_chain.html" %}``. The chain is what the signed-in person may see
(scenarios/loop.py); a few queries whatever its length."""

from __future__ import annotations

from django import template

from ..loop import (
    chain,
    chain_for_incident,
    chain_for_item,
    chain_for_page,
    chain_for_profile,
    chain_for_route,
    chain_for_step,
    chain_for_test,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def loop_chain_for(context, kind: str, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    # The middleware's active memberships spare the chain a query for the viewer's organisations.
    memberships = getattr(request, "memberships", None)
    if obj is None:
        return []
    if kind == "page":
        return chain_for_page(obj, user, memberships)
    if kind == "item":
        return chain_for_item(obj, user, memberships)
    if kind == "incident":
        return chain_for_incident(obj, user, memberships)
    if kind == "profile":
        return chain_for_profile(obj, user, memberships)
    if kind == "test":
        return chain_for_test(obj, user, memberships)
    if kind == "step":
        return chain_for_step(obj, user, memberships)
    if kind == "route":
        return chain_for_route(obj, user, memberships)
    if kind == "lesson":
        if obj.incident_id is None:
            return []
        from django.db.models import Q

        return chain(
            Q(measure__incident_id=obj.incident_id),
            user,
            memberships,
            key=f"incident:{obj.incident_id}",
        )
    raise template.TemplateSyntaxError(f"loop_chain_for: unknown kind {kind!r}")


@register.simple_tag(takes_context=True)
def scenarios_training(context, item):
    """Scenarios the signed-in person may read that train ``item``, its template or an adoption
    of it: ``{% scenarios_training item as trained_by %}``."""
    from django.db.models import Q

    from zorgwijs.organisations.visibility import viewer_for

    from ..models import Scenario

    user = getattr(context.get("request"), "user", None)
    condition = Q(competence_items=item) | Q(competence_items__adopted_from=item)
    if item.adopted_from_id:
        condition |= Q(competence_items=item.adopted_from_id)
    return list(
        Scenario.objects.visible_to(viewer_for(user))
        .filter(condition)
        .select_related("organisation")
        .distinct()
        .order_by("title", "pk")[:50]
    )
