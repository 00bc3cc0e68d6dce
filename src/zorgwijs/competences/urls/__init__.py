from django.urls import path

from ..credentials import views as credential_views
from ..exports import views as export_views
from ..qualification_import import views as import_views
from ..views import catalogue, passport, reminders, sign_off, team

app_name = "competences"

urlpatterns = [
    path("", passport.my_passport, name="my_passport"),
    path("team/", team.team, name="team"),
    path("dashboard/", team.dashboard, name="dashboard"),
    path("wie-is-bekwaam/", team.who_is_competent, name="who_is_competent"),
    path("mensen/<int:membership_id>/", passport.person_passport, name="person_passport"),
    path("mensen/<int:membership_id>/<int:item_id>/", passport.line_history, name="history"),
    path(
        "mensen/<int:membership_id>/<int:item_id>/actie/", passport.line_action, name="line_action"
    ),
    path(
        "mensen/<int:membership_id>/<int:item_id>/uitgevoerd/",
        passport.line_performed,
        name="line_performed",
    ),
    path("mensen/<int:membership_id>/registreren/", passport.register, name="register"),
    path("aftekenen/aanvragen/", sign_off.request_sign_off, name="request_sign_off"),
    path("aftekenen/", sign_off.sign_off_list, name="sign_off_list"),
    path("catalogus/", catalogue.catalogue, name="catalogue"),
    path("catalogus/standaard/", catalogue.catalogue_install, name="catalogue_install"),
    path("catalogus/nieuw/", catalogue.item_edit, name="item_create"),
    path("catalogus/<int:item_id>/", catalogue.item_edit, name="item_edit"),
    path("catalogus/<int:item_id>/delen/", catalogue.item_share_view, name="item_share"),
    path(
        "catalogus/<int:item_id>/beoordelaars/",
        catalogue.item_assessors,
        name="item_assessors",
    ),
    path(
        "catalogus/netwerk/<int:template_id>/overnemen/",
        catalogue.template_adopt,
        name="template_adopt",
    ),
    path("profielen/", catalogue.profiles, name="profiles"),
    path("profielen/nieuw/", catalogue.profile_edit, name="profile_create"),
    path("profielen/<int:profile_id>/", catalogue.profile_edit, name="profile_edit"),
    path("profielen/<int:profile_id>/delen/", catalogue.profile_share_view, name="profile_share"),
    path(
        "profielen/netwerk/<int:profile_template_id>/overnemen/",
        catalogue.profile_template_adopt,
        name="profile_template_adopt",
    ),
    path("aftekenen/<int:sign_off_id>/", sign_off.sign_off_detail, name="sign_off_detail"),
    path(
        "aftekenen/<int:sign_off_id>/intrekken/",
        sign_off.sign_off_withdraw_view,
        name="sign_off_withdraw",
    ),
    path("export/igj/", export_views.evidence_pack, name="evidence_pack"),
    path("pdf/", export_views.my_passport_pdf, name="my_passport_pdf"),
    path(
        "mensen/<int:membership_id>/pdf/",
        export_views.person_passport_pdf,
        name="person_passport_pdf",
    ),
    path("meldingen/", reminders.reminder_settings, name="reminder_settings"),
    path("import/", import_views.import_index, name="qualification_import"),
    path("import/<int:import_id>/", import_views.import_detail, name="qualification_import_detail"),
    path("bewijs/", credential_views.credentials_mine, name="credentials_mine"),
    path(
        "bewijs/<int:credential_id>/", credential_views.credential_detail, name="credential_detail"
    ),
    path(
        "mensen/<int:membership_id>/bewijs-overnemen/",
        credential_views.credential_import_view,
        name="credential_import",
    ),
]
