"""Platform admin screens (``/platform/``): networks, their member organisations, and the
applications of organisations that want to join."""

from django.urls import path

from ..views import admin as views
from ..views import signup as views_signup

app_name = "platform"

urlpatterns = [
    path("netwerken/", views.network_list, name="networks"),
    path("netwerken/<int:network_id>/", views.network_detail, name="network"),
    path(
        "netwerken/<int:network_id>/leden/<int:membership_id>/verwijderen/",
        views.network_member_remove,
        name="network_member_remove",
    ),
    path(
        "netwerken/<int:network_id>/leden/<int:membership_id>/contactpersoon/",
        views.network_contact,
        name="network_contact",
    ),
    path("aanmeldingen/", views_signup.application_list, name="applications"),
    path(
        "aanmeldingen/<int:application_id>/",
        views_signup.application_detail,
        name="application",
    ),
    path(
        "aanmeldingen/<int:application_id>/goedkeuren/",
        views_signup.application_approve_view,
        name="application_approve",
    ),
    path(
        "aanmeldingen/<int:application_id>/afwijzen/",
        views_signup.application_decline_view,
        name="application_decline",
    ),
]
