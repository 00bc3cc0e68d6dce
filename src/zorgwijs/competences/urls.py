from django.urls import path

from . import views, views_catalogue

app_name = "competences"

urlpatterns = [
    path("", views.my_passport, name="my_passport"),
    path("team/", views.team, name="team"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("wie-is-bekwaam/", views.who_is_competent, name="who_is_competent"),
    path("mensen/<int:membership_id>/", views.person_passport, name="person_passport"),
    path("mensen/<int:membership_id>/<int:item_id>/", views.line_history, name="history"),
    path("mensen/<int:membership_id>/registreren/", views.register, name="register"),
    path("aftekenen/aanvragen/", views.request_sign_off, name="request_sign_off"),
    path("aftekenen/", views.sign_off_list, name="sign_off_list"),
    path("catalogus/", views_catalogue.catalogue, name="catalogue"),
    path("catalogus/standaard/", views_catalogue.catalogue_install, name="catalogue_install"),
    path("catalogus/nieuw/", views_catalogue.item_edit, name="item_create"),
    path("catalogus/<int:item_id>/", views_catalogue.item_edit, name="item_edit"),
    path("profielen/", views_catalogue.profiles, name="profiles"),
    path("profielen/nieuw/", views_catalogue.profile_edit, name="profile_create"),
    path("profielen/<int:profile_id>/", views_catalogue.profile_edit, name="profile_edit"),
    path("aftekenen/<int:sign_off_id>/", views.sign_off_detail, name="sign_off_detail"),
]
