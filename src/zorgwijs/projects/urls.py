from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.projects_index, name="index"),
    path("vergelijkbaar/", views.comparable_projects, name="comparable"),
    path("<int:project_id>/", views.project_detail, name="detail"),
    path("<int:project_id>/bewerken/", views.project_edit, name="edit"),
    path("<int:project_id>/versies/", views.project_revisions, name="revisions"),
    path("<int:project_id>/reageren/", views.reaction_create, name="react"),
    path("reacties/", views.moderation, name="moderation"),
    path("reacties/<int:reaction_id>/melden/", views.reaction_report_view, name="report"),
    path("reacties/<int:reaction_id>/beoordelen/", views.reaction_moderate_view, name="moderate"),
]

org_urlpatterns = (
    [
        path("", views.org_projects, name="org_list"),
        path("nieuw/", views.project_create_view, name="create"),
    ],
    "projects_org",
)
