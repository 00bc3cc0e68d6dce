from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("", views.people_index, name="index"),
    path("mijn-profiel/", views.profile_edit, name="profile_edit"),
    path("verzoeken/", views.request_list, name="requests"),
    path("verzoeken/<int:contact_request_id>/", views.request_detail, name="request"),
    path(
        "verzoeken/<int:contact_request_id>/accepteren/",
        views.request_accept,
        name="request_accept",
    ),
    path(
        "verzoeken/<int:contact_request_id>/afslaan/",
        views.request_decline,
        name="request_decline",
    ),
    path("<int:expert_id>/", views.profile_detail, name="profile"),
    path("<int:expert_id>/contact/", views.contact_new, name="contact"),
]
