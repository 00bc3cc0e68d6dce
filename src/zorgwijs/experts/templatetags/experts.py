"""``{% people_for_project project similar %}`` and ``{% people_for_description description
results %}``: the "Wie kan ik benaderen?" section on the project pages. They reuse the
comparable projects the page already found, so the section adds no second search."""

from __future__ import annotations

from django import template

from zorgwijs.search.viewer import viewer_of_request

from ..ranking import people_for_description, people_for_project

register = template.Library()


@register.inclusion_tag("experts/_people.html", takes_context=True)
def people_for_project_section(context, project, similar=None):
    request = context["request"]
    viewer = viewer_of_request(request)
    people = people_for_project(viewer=viewer, project=project, similar=similar)
    return {"people": people, "request": request, "user": request.user, "compact": True}


@register.inclusion_tag("experts/_people.html", takes_context=True)
def people_for_description_section(context, description, similar=None):
    request = context["request"]
    viewer = viewer_of_request(request)
    people = people_for_description(viewer=viewer, description=description, similar=similar)
    return {"people": people, "request": request, "user": request.user, "compact": False}
