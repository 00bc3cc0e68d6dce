"""Platform admin screens (``/platform/``): networks, their member organisations, and the
applications of organisations that want to join."""

from django.urls import path

from ..views import admin, signup

app_name = "platform"

urlpatterns = [
    path("netwerken/", admin.network_list, name="networks"),
    path("netwerken/<int:network_id>/", admin.network_detail, name="network"),
    path(
        "netwerken/<int:network_id>/leden/<int:membership_id>/verwijderen/",
        admin.network_member_remove,
        name="network_member_remove",
    ),
    path(
        "netwerken/<int:network_id>/leden/<int:membership_id>/contactpersoon/",
        admin.network_contact,
        name="network_contact",
    ),
    path("aanmeldingen/", signup.application_list, name="applications"),
    path(
        "aanmeldingen/<int:application_id>/",
        signup.application_detail,
        name="application",
    ),
    path(
        "aanmeldingen/<int:application_id>/goedkeuren/",
        signup.application_approve_view,
        name="application_approve",
    ),
    path(
        "aanmeldingen/<int:application_id>/afwijzen/",
        signup.application_decline_view,
        name="application_decline",
    ),
]
