from django.urls import path

from . import views, views_attachments, views_import

app_name = "projects"

urlpatterns = [
    path("", views.projects_index, name="index"),
    path("vergelijkbaar/", views.comparable_projects, name="comparable"),
    path("<int:project_id>/", views.project_detail, name="detail"),
    path("<int:project_id>/bewerken/", views.project_edit, name="edit"),
    path("<int:project_id>/versies/", views.project_revisions, name="revisions"),
    path("<int:project_id>/reageren/", views.reaction_create, name="react"),
    path("<int:project_id>/bijlagen/", views_attachments.attachment_upload, name="attachment_add"),
    path(
        "bijlagen/<int:attachment_id>/",
        views_attachments.attachment_download,
        name="attachment",
    ),
    path(
        "bijlagen/<int:attachment_id>/verwijderen/",
        views_attachments.attachment_remove_view,
        name="attachment_remove",
    ),
    path("import/", views_import.platform_import, name="import"),
    path("import/<int:job_id>/", views_import.platform_import_job, name="import_job"),
    path(
        "import/<int:job_id>/toepassen/",
        views_import.platform_import_apply,
        name="import_apply",
    ),
    path("reacties/", views.moderation, name="moderation"),
    path("reacties/<int:reaction_id>/melden/", views.reaction_report_view, name="report"),
    path("reacties/<int:reaction_id>/beoordelen/", views.reaction_moderate_view, name="moderate"),
]

org_urlpatterns = (
    [
        path("", views.org_projects, name="org_list"),
        path("nieuw/", views.project_create_view, name="create"),
        path("import/", views_import.org_import, name="import"),
        path("import/<int:job_id>/", views_import.org_import_job, name="import_job"),
        path("import/<int:job_id>/toepassen/", views_import.org_import_apply, name="import_apply"),
    ],
    "projects_org",
)
