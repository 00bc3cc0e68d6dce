from django.urls import path

from . import views

app_name = "vocabulary"

urlpatterns = [
    path("", views.concept_index, name="index"),
    path("nieuw/", views.concept_create_view, name="create"),
    path("skos.ttl", views.skos_export, {"fmt": "ttl"}, name="skos_turtle"),
    path("skos.jsonld", views.skos_export, {"fmt": "jsonld"}, name="skos_jsonld"),
    path("<int:concept_id>/", views.concept_detail, name="detail"),
    path("<int:concept_id>/bewerken/", views.concept_edit, name="edit"),
    path("<int:concept_id>/geschiedenis/", views.concept_history, name="history"),
]
