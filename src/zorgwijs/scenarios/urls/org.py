from django.urls import path

from ..views import scenarios

app_name = "scenarios_org"

urlpatterns = [path("nieuw/", scenarios.scenario_create_view, name="create")]
