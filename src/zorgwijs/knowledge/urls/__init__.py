"""Spaces are shared across organisations, so they live outside /o/<org_slug>/; every view
reaches its space through ``access.get_space_for_viewer`` (404 for what one may not see)."""

from django.urls import path

from ..views import members, moderation, pages, questions, settings, spaces, suggestions

app_name = "knowledge"

P = "<slug:space_slug>/pagina/<int:page_id>/"

urlpatterns = [
    path("", spaces.space_index, name="index"),
    path("<slug:space_slug>/", spaces.space_detail, name="space"),
    path("<slug:space_slug>/lid-worden/", spaces.space_join, name="space_join"),
    path("<slug:space_slug>/leden/", members.space_members, name="members"),
    path("<slug:space_slug>/instellingen/", settings.space_settings, name="space_settings"),
    path("<slug:space_slug>/pagina/nieuw/", pages.page_new, name="page_new"),
    path(P, pages.page_detail, name="page"),
    path(P + "bewerken/", pages.page_edit, name="page_edit"),
    path(P + "geschiedenis/", pages.page_history, name="page_history"),
    path(P + "verplaatsen/", settings.page_move_view, name="page_move"),
    path(P + "verschil/", pages.page_diff, name="page_diff"),
    path(P + "bijlagen/", pages.attachment_upload, name="attachment_upload"),
    path(P + "versies/<int:revision_id>/", pages.revision_detail, name="revision"),
    path(
        P + "versies/<int:revision_id>/terugzetten/",
        pages.revision_restore,
        name="revision_restore",
    ),
    path(
        P + "versies/<int:revision_id>/valideren/",
        pages.revision_validate,
        name="revision_validate",
    ),
    path(
        "<slug:space_slug>/bijlagen/<int:attachment_id>/",
        pages.attachment_download,
        name="attachment",
    ),
    path("<slug:space_slug>/voorstellen/", suggestions.suggestion_list, name="suggestions"),
    path(
        "<slug:space_slug>/voorstellen/<int:suggestion_id>/",
        suggestions.suggestion_detail,
        name="suggestion",
    ),
    path("<slug:space_slug>/vragen/", questions.question_list, name="questions"),
    path("<slug:space_slug>/vragen/nieuw/", questions.question_new, name="question_new"),
    path(
        "<slug:space_slug>/vragen/vergelijkbaar/",
        questions.question_similar,
        name="question_similar",
    ),
    path("<slug:space_slug>/vragen/<int:question_id>/", questions.question_detail, name="question"),
    path(
        "<slug:space_slug>/vragen/<int:question_id>/antwoorden/",
        questions.answer_new,
        name="answer_new",
    ),
    path(
        "<slug:space_slug>/vragen/<int:question_id>/opmerkingen/",
        questions.comment_new,
        name="comment_new",
    ),
    path(
        "<slug:space_slug>/vragen/<int:question_id>/bewerken/",
        moderation.question_edit,
        name="question_edit",
    ),
    path(
        "<slug:space_slug>/vragen/<int:question_id>/verbergen/",
        moderation.question_hide,
        name="question_hide",
    ),
    path(
        "<slug:space_slug>/vragen/<int:question_id>/geschiedenis/",
        moderation.question_history,
        name="question_history",
    ),
    path(
        "<slug:space_slug>/antwoorden/<int:answer_id>/bewerken/",
        moderation.answer_edit,
        name="answer_edit",
    ),
    path(
        "<slug:space_slug>/antwoorden/<int:answer_id>/verbergen/",
        moderation.answer_hide,
        name="answer_hide",
    ),
    path(
        "<slug:space_slug>/opmerkingen/<int:comment_id>/bewerken/",
        moderation.comment_edit,
        name="comment_edit",
    ),
    path(
        "<slug:space_slug>/opmerkingen/<int:comment_id>/verbergen/",
        moderation.comment_hide,
        name="comment_hide",
    ),
    path(
        "<slug:space_slug>/antwoorden/<int:answer_id>/stem/",
        questions.answer_vote_view,
        name="answer_vote",
    ),
    path(
        "<slug:space_slug>/antwoorden/<int:answer_id>/accepteren/",
        questions.answer_accept_view,
        name="answer_accept",
    ),
    path(
        "<slug:space_slug>/antwoorden/<int:answer_id>/naar-pagina/",
        questions.answer_to_page_view,
        name="answer_to_page",
    ),
]
