"""A URL configuration with two planted leaks, for proving that the isolation walk catches
them (``test_walk_catches.py``). Never used outside those tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django_scopes import scopes_disabled

from zorgwijs.core.access import login_view, public_view
from zorgwijs.urls import urlpatterns as project_urlpatterns


@public_view
def private_project_titles(request: HttpRequest) -> HttpResponse:
    """Lists every project title, private ones included: no ``visible_to``."""
    from zorgwijs.projects.models import Project

    with scopes_disabled():
        titles = list(Project.objects.values_list("title", flat=True))
    return HttpResponse("<ul>" + "".join(f"<li>{t}</li>" for t in titles) + "</ul>")


@login_view
def my_space_places(request: HttpRequest) -> HttpResponse:
    """Lists the spaces of every place the person ever had, as if places outlived employment."""
    from zorgwijs.knowledge.models import SpaceMembership

    names = SpaceMembership.objects.filter(user=request.user).values_list("space__name", flat=True)
    return HttpResponse("<ul>" + "".join(f"<li>{n}</li>" for n in names) + "</ul>")


urlpatterns = [
    path("lek/projecten/", private_project_titles, name="leak_projects"),
    path("lek/mijn-ruimtes/", my_space_places, name="leak_places"),
    *project_urlpatterns,
]
