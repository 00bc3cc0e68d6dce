from django.urls import path

from .views import assessing, authoring, taking

app_name = "assessments"

urlpatterns = [
    path("", taking.mine, name="mine"),
    path("kennistoets/<int:test_id>/", taking.test_detail, name="test"),
    path("poging/<int:attempt_id>/", taking.attempt_page, name="attempt"),
    path(
        "poging/<int:passed_attempt_id>/bewijs/",
        taking.attempt_credential_view,
        name="attempt_credential",
    ),
    path("praktijk/", assessing.assess_index, name="assess_index"),
    path(
        "praktijk/<int:checklist_id>/<int:membership_id>/",
        assessing.assess,
        name="assess",
    ),
    path("beoordeling/<int:assessment_id>/", assessing.assessment_page, name="assessment"),
    path("beheer/", authoring.manage, name="manage"),
    path("beheer/toets/nieuw/", authoring.test_create, name="test_create"),
    path("beheer/toets/<int:test_id>/", authoring.test_edit, name="test_edit"),
    path(
        "beheer/toets/<int:test_id>/vraag/nieuw/", authoring.question_edit, name="question_create"
    ),
    path(
        "beheer/toets/<int:test_id>/vraag/<int:test_question_id>/",
        authoring.question_edit,
        name="question_edit",
    ),
    path("beheer/toets/<int:test_id>/resultaten/", authoring.results, name="results"),
    path("beheer/checklist/nieuw/", authoring.checklist_edit, name="checklist_create"),
    path("beheer/checklist/<int:checklist_id>/", authoring.checklist_edit, name="checklist_edit"),
    path("beheer/xapi/", authoring.xapi_activities, name="xapi_activities"),
]
