"""Organisation admin screens, included under ``/o/<slug>/beheer/`` by organisations.urls."""

from django.urls import path

from ..views import admin as views

urlpatterns = [
    path("", views.admin_home, name="admin_home"),
    path("instellingen/", views.organisation_settings, name="admin_settings"),
    path("instellingen/sso/", views.organisation_sso, name="admin_sso"),
    path("afdelingen/", views.department_list, name="admin_departments"),
    path("afdelingen/nieuw/", views.department_create, name="admin_department_create"),
    path("afdelingen/<int:department_id>/", views.department_edit, name="admin_department_edit"),
    path(
        "afdelingen/<int:department_id>/verwijderen/",
        views.department_delete,
        name="admin_department_delete",
    ),
    path("functies/", views.job_function_list, name="admin_job_functions"),
    path("functies/nieuw/", views.job_function_edit, name="admin_job_function_create"),
    path(
        "functies/<int:job_function_id>/", views.job_function_edit, name="admin_job_function_edit"
    ),
    path("mensen/", views.member_list, name="admin_members"),
    path("mensen/nieuw/", views.member_add, name="admin_member_add"),
    path("mensen/<int:membership_id>/", views.member_edit, name="admin_member"),
    path("mensen/<int:membership_id>/uit-dienst/", views.member_end, name="admin_member_end"),
    path("mensen/<int:membership_id>/rollen/", views.member_roles, name="admin_member_roles"),
    path(
        "mensen/<int:membership_id>/rollen/<int:assignment_id>/afdelingen/",
        views.member_role_departments,
        name="admin_member_role_departments",
    ),
    path(
        "mensen/<int:membership_id>/rollen/<int:assignment_id>/intrekken/",
        views.member_role_revoke,
        name="admin_member_role_revoke",
    ),
]
