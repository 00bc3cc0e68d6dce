"""The public application of an organisation that wants to join (``/organisatie-aanmelden/``)."""

from django.urls import path

from ..views import signup as views

app_name = "signup"

urlpatterns = [
    path("", views.application_create, name="apply"),
    path("verstuurd/", views.application_sent, name="sent"),
]
