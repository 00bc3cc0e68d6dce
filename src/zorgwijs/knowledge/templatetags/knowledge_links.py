"""Links from elsewhere (the competence passport) to the knowledge space of an item."""

from __future__ import annotations

from django import template
from django.urls import reverse

from zorgwijs.organisations.visibility import viewer_of_request

from ..models import Space

register = template.Library()


@register.simple_tag(takes_context=True)
def knowledge_spaces_by_item(context) -> dict[int, dict[str, str]]:
    """Competence item id -> the first space (by name) linked to it that the viewer may see;
    one query for the whole page."""
    request = context.get("request")
    if request is None:
        return {}
    rows = (
        Space.objects.visible_to(viewer_of_request(request))
        .filter(competence_items__isnull=False)
        .order_by("-name")
        .values_list("competence_items__id", "slug", "name")
    )
    # Ordered by name descending, so the dict keeps the first name per item.
    return {
        item_id: {"url": reverse("knowledge:space", kwargs={"space_slug": slug}), "name": name}
        for item_id, slug, name in rows
    }


@register.filter
def for_item(spaces: dict, item_id: int):
    return spaces.get(item_id) if spaces else None
