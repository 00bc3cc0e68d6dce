from django.urls import include, path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("mensen/", views.people_list, name="people"),
    path("mensen/<int:membership_id>/", views.person_detail, name="person"),
    # Organisation admin screens and the audit log (organisations.views_admin, audit.views).
    path("beheer/audit/", include("zorgwijs.audit.urls")),
    path("beheer/", include("zorgwijs.organisations.urls_admin")),
]
