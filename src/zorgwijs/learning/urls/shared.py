from django.urls import path

from ..views import shared

app_name = "learning_shared"

urlpatterns = [
    path("blauwdrukken/<int:blueprint_id>/", shared.blueprint, name="blueprint"),
    path("sjablonen/<int:route_template_id>/", shared.template, name="template"),
]
