"""Public credential documents, outside /o/: no path arguments (see credentials/urls.py)."""

from django.urls import path

from ..credentials import views

app_name = "credentials"

urlpatterns = [
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path("bewijs/controleren/", views.verify, name="verify"),
    path("bewijs/uitgever/", views.issuer, name="issuer"),
    path("bewijs/status/", views.status_list, name="status_list"),
]
