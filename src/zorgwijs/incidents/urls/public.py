"""Lessons outside /o/…: a network or public lesson can be read without being a member."""

from django.urls import path

from .. import views

app_name = "lessons"

urlpatterns = [
    path("lessen/<int:lesson_id>/", views.lesson, name="detail"),
]
