from django.urls import path

from .views import attachments, imports, projects

app_name = "projects"

urlpatterns = [
    path("", projects.projects_index, name="index"),
    path("vergelijkbaar/", projects.comparable_projects, name="comparable"),
    path("<int:project_id>/", projects.project_detail, name="detail"),
    path("<int:project_id>/bewerken/", projects.project_edit, name="edit"),
    path("<int:project_id>/versies/", projects.project_revisions, name="revisions"),
    path("<int:project_id>/reageren/", projects.reaction_create, name="react"),
    path("<int:project_id>/bijlagen/", attachments.attachment_upload, name="attachment_add"),
    path(
        "bijlagen/<int:attachment_id>/",
        attachments.attachment_download,
        name="attachment",
    ),
    path(
        "bijlagen/<int:attachment_id>/verwijderen/",
        attachments.attachment_remove_view,
        name="attachment_remove",
    ),
    path("import/", imports.platform_import, name="import"),
    path("import/<int:job_id>/", imports.platform_import_job, name="import_job"),
    path(
        "import/<int:job_id>/toepassen/",
        imports.platform_import_apply,
        name="import_apply",
    ),
    path("reacties/", projects.moderation, name="moderation"),
    path("reacties/<int:reaction_id>/melden/", projects.reaction_report_view, name="report"),
    path(
        "reacties/<int:reaction_id>/beoordelen/", projects.reaction_moderate_view, name="moderate"
    ),
]

org_urlpatterns = (
    [
        path("", projects.org_projects, name="org_list"),
        path("nieuw/", projects.project_create_view, name="create"),
        path("import/", imports.org_import, name="import"),
        path("import/<int:job_id>/", imports.org_import_job, name="import_job"),
        path("import/<int:job_id>/toepassen/", imports.org_import_apply, name="import_apply"),
    ],
    "projects_org",
)
