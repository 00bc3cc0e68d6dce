from django.urls import path

from ..views import spaces

app_name = "knowledge_org"

urlpatterns = [
    path("", spaces.org_spaces, name="spaces"),
    path("nieuw/", spaces.org_space_create, name="space_create"),
]
