from django.urls import include, path

from ..views import hr_import, people

app_name = "organisations"

urlpatterns = [
    path("", people.dashboard, name="dashboard"),
    path("mensen/", people.people_list, name="people"),
    path("mensen/<int:membership_id>/", people.person_detail, name="person"),
    # Organisation admin screens and the audit log (organisations.views.admin, audit.views).
    path("beheer/audit/", include("zorgwijs.audit.urls")),
    path("beheer/", include("zorgwijs.organisations.urls.admin")),
    # HR import (organisations.views.hr_import).
    path("hr-import/", hr_import.hr_import_index, name="hr_import"),
    path("hr-import/voorbeeld.csv", hr_import.hr_import_example, name="hr_import_example"),
    path("hr-import/<int:job_id>/", hr_import.hr_import_job, name="hr_import_job"),
    path(
        "hr-import/<int:job_id>/voortgang/",
        hr_import.hr_import_progress,
        name="hr_import_progress",
    ),
    path("hr-import/<int:job_id>/toepassen/", hr_import.hr_import_apply, name="hr_import_apply"),
]
