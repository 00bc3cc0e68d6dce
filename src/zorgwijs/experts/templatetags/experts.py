"""``{% people_for_project_section project similar %}``, ``{% people_for_description_section
description results %}`` and ``{% people_for_need_section need %}``: the "Wie kan ik
benaderen?" section on the project page, "describe my project" and a knowledge need. All three
call the one selector, ``ranking.people_to_approach``; the project pages pass the comparable
projects they already found, so the section adds no second search for them."""

from __future__ import annotations

from django import template

from zorgwijs.organisations.visibility import viewer_of_request

from ..ranking import Subject, people_to_approach

register = template.Library()


@register.inclusion_tag("experts/_people.html", takes_context=True)
def people_for_project_section(context, project, similar=None):
    request = context["request"]
    viewer = viewer_of_request(request)
    subject = Subject.of_project(project)
    people = people_to_approach(viewer=viewer, subject=subject, similar=similar)
    return {"people": people, "request": request, "user": request.user, "compact": True}


@register.inclusion_tag("experts/_people.html", takes_context=True)
def people_for_description_section(context, description, similar=None):
    request = context["request"]
    viewer = viewer_of_request(request)
    subject = Subject.of_description(description)
    people = people_to_approach(viewer=viewer, subject=subject, similar=similar, limit=8)
    return {"people": people, "request": request, "user": request.user, "compact": False}


@register.inclusion_tag("experts/_people.html", takes_context=True)
def people_for_need_section(context, need, answers=()):
    """``answers``: the page's (answer, may_unlink) pairs, the linked projects it may read."""
    request = context["request"]
    viewer = viewer_of_request(request)
    subject = Subject.of_need(need, tuple(answer.project for answer, _ in answers))
    people = people_to_approach(viewer=viewer, subject=subject)
    return {"people": people, "request": request, "user": request.user, "compact": True}
