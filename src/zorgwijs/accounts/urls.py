from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inzage/", views.who_viewed_my_data, name="who_viewed"),
    path("tweestaps-nodig/", views.mfa_required, name="mfa_required"),
    path("sso/", views.sso_start, name="sso_start"),
    path("tokens/", views.access_tokens, name="tokens"),
    path("tokens/<int:token_id>/intrekken/", views.access_token_revoke_view, name="token_revoke"),
]
