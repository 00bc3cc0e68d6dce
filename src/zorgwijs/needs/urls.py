from django.urls import path

from . import views

app_name = "needs"

urlpatterns = [
    path("", views.needs_index, name="index"),
    path("kenniskaart/", views.knowledge_map_view, name="map"),
    path("<int:need_id>/", views.need_detail, name="detail"),
    path("<int:need_id>/bewerken/", views.need_edit, name="edit"),
    path("<int:need_id>/ik-ook/", views.need_me_too, name="me_too"),
    path("<int:need_id>/projecten/", views.need_link, name="link"),
]

org_urlpatterns = (
    [
        path("", views.org_needs, name="org_list"),
        path("nieuw/", views.need_create_view, name="create"),
    ],
    "needs_org",
)
