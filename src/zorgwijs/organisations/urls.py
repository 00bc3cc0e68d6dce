from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("mensen/", views.people_list, name="people"),
    path("mensen/<int:membership_id>/", views.person_detail, name="person"),
]
