from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inzage/", views.who_viewed_my_data, name="who_viewed"),
    path("tweestaps-nodig/", views.mfa_required, name="mfa_required"),
]
