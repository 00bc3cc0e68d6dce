"""The organisation's audit log; included under ``/o/<slug>/beheer/audit/``."""

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("export.csv", views.audit_export, name="export"),
]
