from django.urls import include, path

from ..views import hr_import as views_hr_import
from ..views import people as views

app_name = "organisations"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("mensen/", views.people_list, name="people"),
    path("mensen/<int:membership_id>/", views.person_detail, name="person"),
    # Organisation admin screens and the audit log (organisations.views.admin, audit.views).
    path("beheer/audit/", include("zorgwijs.audit.urls")),
    path("beheer/", include("zorgwijs.organisations.urls.admin")),
    # HR import (organisations.views.hr_import).
    path("hr-import/", views_hr_import.hr_import_index, name="hr_import"),
    path("hr-import/voorbeeld.csv", views_hr_import.hr_import_example, name="hr_import_example"),
    path("hr-import/<int:job_id>/", views_hr_import.hr_import_job, name="hr_import_job"),
    path(
        "hr-import/<int:job_id>/voortgang/",
        views_hr_import.hr_import_progress,
        name="hr_import_progress",
    ),
    path(
        "hr-import/<int:job_id>/toepassen/", views_hr_import.hr_import_apply, name="hr_import_apply"
    ),
]
