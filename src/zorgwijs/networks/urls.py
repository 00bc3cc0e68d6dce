from django.urls import path

from .views import contributions, events, home, posters, priorities, profiles

app_name = "networks"

urlpatterns = [
    path("", home.network_index, name="index"),
    path("<slug:network_slug>/", home.network_home, name="home"),
    path("<slug:network_slug>/meedoen/", home.join, name="join"),
    path("<slug:network_slug>/meedoen/bevestigen/", home.join_confirm, name="join_confirm"),
    path("<slug:network_slug>/overzicht/", home.overview, name="overview"),
    path(
        "<slug:network_slug>/functieprofielen/",
        profiles.function_profiles,
        name="function_profiles",
    ),
    path(
        "<slug:network_slug>/functieprofielen/<int:profile_template_id>/nieuwe-versie/",
        profiles.function_profile_revise,
        name="function_profile_revise",
    ),
    path("<slug:network_slug>/beheer/", home.network_manage, name="manage"),
    path("<slug:network_slug>/kennisagenda/", priorities.agenda, name="agenda"),
    path("<slug:network_slug>/kennisagenda/nieuw/", priorities.round_create, name="round_create"),
    path(
        "<slug:network_slug>/kennisagenda/<int:round_id>/",
        priorities.round_detail,
        name="round",
    ),
    path(
        "<slug:network_slug>/kennisagenda/<int:round_id>/mijn-keuze/",
        priorities.personal_ballot_view,
        name="personal_ballot",
    ),
    path(
        "<slug:network_slug>/kennisbehoeften/nieuw/",
        priorities.need_create_in_network,
        name="need_create",
    ),
    path(
        "<slug:network_slug>/kennisagenda/<int:round_id>/sluiten/",
        priorities.round_close_view,
        name="round_close",
    ),
    path(
        "<slug:network_slug>/beheer/rollen/<int:role_id>/afnemen/",
        home.role_remove,
        name="role_remove",
    ),
    path("<slug:network_slug>/beheer/leden/nieuw/", home.member_add, name="member_add"),
    path(
        "<slug:network_slug>/beheer/leden/<int:network_membership_id>/beeindigen/",
        home.member_end,
        name="member_end",
    ),
    path(
        "<slug:network_slug>/beheer/leden/<int:network_membership_id>/contact/",
        home.member_contact,
        name="member_contact",
    ),
    path("<slug:network_slug>/convenant/", home.convenant_edit, name="convenant"),
    path(
        "<slug:network_slug>/convenant/document/",
        home.convenant_document,
        name="convenant_document",
    ),
    path("<slug:network_slug>/themas/nieuw/", home.topic_edit, name="topic_create"),
    path("<slug:network_slug>/themas/<int:topic_id>/", home.topic_edit, name="topic_edit"),
    path(
        "<slug:network_slug>/themas/<int:topic_id>/acties/nieuw/",
        home.action_edit,
        name="action_create",
    ),
    path("<slug:network_slug>/acties/<int:action_id>/", home.action_edit, name="action_edit"),
    path("<slug:network_slug>/bijdragen/", contributions.contribution_list, name="contributions"),
    path(
        "<slug:network_slug>/bijdragen/atom.xml",
        contributions.contributions_feed,
        name="contributions_feed",
    ),
    path(
        "<slug:network_slug>/bijdragen/nieuw/",
        contributions.contribution_edit,
        name="contribution_create",
    ),
    path(
        "<slug:network_slug>/bijdragen/<int:contribution_id>/",
        contributions.contribution_detail,
        name="contribution",
    ),
    path(
        "<slug:network_slug>/bijdragen/<int:contribution_id>/bewerken/",
        contributions.contribution_edit,
        name="contribution_edit",
    ),
    path(
        "<slug:network_slug>/bijdragen/<int:contribution_id>/stap/",
        contributions.contribution_step,
        name="contribution_step",
    ),
    path("<slug:network_slug>/redactie/", contributions.editorial_calendar, name="editorial"),
    path(
        "<slug:network_slug>/redactie/reacties/<int:contribution_reaction_id>/",
        contributions.contribution_reaction_review,
        name="contribution_reaction_review",
    ),
    path(
        "<slug:network_slug>/thema-van-de-maand/<int:theme_id>/",
        contributions.theme_detail,
        name="theme",
    ),
    path(
        "<slug:network_slug>/thema-van-de-maand/<int:theme_id>/bewerken/",
        contributions.theme_edit,
        name="theme_edit",
    ),
    path(
        "<slug:network_slug>/thema-van-de-maand/<int:theme_id>/atom.xml",
        contributions.theme_detail,
        name="theme_feed",
    ),
    path("<slug:network_slug>/activiteiten/", events.event_list, name="events"),
    path("<slug:network_slug>/activiteiten/nieuw/", events.event_edit, name="event_create"),
    path(
        "<slug:network_slug>/activiteiten/importeren/",
        events.calendar_upload,
        name="calendar_import",
    ),
    path(
        "<slug:network_slug>/activiteiten/importeren/<int:calendar_import_id>/",
        events.calendar_import_job,
        name="calendar_import_job",
    ),
    path("<slug:network_slug>/agenda.ics", events.calendar_feed, name="calendar"),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/",
        events.event_detail,
        name="event",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/bewerken/",
        events.event_edit,
        name="event_edit",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/aanmelden/",
        events.register,
        name="register",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/afmelden/<int:registration_id>/",
        events.cancel,
        name="cancel",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/deelnemers/",
        events.attendance_list,
        name="attendance",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/programma/nieuw/",
        events.session_edit,
        name="session_create",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/programma/<int:session_id>/",
        events.session_detail,
        name="session",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/programma/<int:session_id>/bewerken/",
        events.session_edit,
        name="session_edit",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/posters/",
        posters.poster_list,
        name="posters",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/posters/<int:poster_id>/",
        posters.poster_detail,
        name="poster",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/posters/<int:poster_id>/bestand/",
        posters.poster_file,
        name="poster_file",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/posters/<int:poster_id>/stem/",
        posters.vote,
        name="poster_vote",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/posters/<int:poster_id>/prijs/",
        posters.award,
        name="poster_award",
    ),
    path(
        "<slug:network_slug>/activiteiten/<int:event_id>/reacties/<int:session_reaction_id>/",
        events.reaction_review,
        name="reaction_review",
    ),
]

# Under /o/<org_slug>/netwerken/: what a member organisation does in its networks.
org_urlpatterns = (
    [
        path(
            "<slug:network_slug>/kennisagenda/<int:round_id>/",
            priorities.ballot,
            name="ballot",
        ),
    ],
    "networks_org",
)
