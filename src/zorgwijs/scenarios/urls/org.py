from django.urls import path

from ..views import loop, scenarios

app_name = "scenarios_org"

urlpatterns = [
    path("nieuw/", scenarios.scenario_create_view, name="create"),
    path("leerlus/", loop.overview, name="loop"),
    path("leerlus/maatregelen/<int:measure_id>/", loop.link_create, name="loop_link"),
]
