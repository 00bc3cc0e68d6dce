from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("gelezen/", views.mark_read, name="mark_read"),
    path("volgen/", views.follow, name="follow"),
    path("instellingen/", views.preferences, name="preferences"),
]
