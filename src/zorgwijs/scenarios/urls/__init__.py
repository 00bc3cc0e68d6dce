from django.urls import path

from ..views import scenarios, starter_kits, trainers, workflow

app_name = "scenarios"

urlpatterns = [
    path("", scenarios.scenario_index, name="index"),
    path("reviews/", workflow.my_reviews, name="my_reviews"),
    path("trainers/<slug:network_slug>/", trainers.trainer_search, name="trainers"),
    path(
        "trainers/<slug:network_slug>/standaard/",
        trainers.trainer_standard,
        name="trainer_standard",
    ),
    path("startpakketten/", starter_kits.kit_index, name="kits"),
    path("startpakketten/markeren/<slug:space_slug>/", starter_kits.kit_mark, name="kit_mark"),
    path("startpakketten/<int:kit_id>/kopieren/", starter_kits.kit_copy, name="kit_copy"),
    path(
        "startpakketten/<int:kit_id>/nieuwe-versie/", starter_kits.kit_release, name="kit_release"
    ),
    path("<int:scenario_id>/", scenarios.scenario_detail, name="detail"),
    path("<int:scenario_id>/bewerken/", scenarios.scenario_edit, name="edit"),
    path("<int:scenario_id>/versies/", scenarios.scenario_versions, name="versions"),
    path(
        "<int:scenario_id>/versies/<int:version_number>/",
        scenarios.version_detail,
        name="version",
    ),
    path("<int:scenario_id>/origineel/", scenarios.upstream_changes, name="upstream"),
    path("<int:scenario_id>/kopieren/", scenarios.scenario_fork_view, name="fork"),
    path("<int:scenario_id>/uitvoeringen/", workflow.run_create, name="run_add"),
    path("<int:scenario_id>/review-vragen/", workflow.review_request_view, name="review_request"),
    path("<int:scenario_id>/review/", workflow.review_create, name="review"),
    path("<int:scenario_id>/publiceren/", workflow.publish, name="publish"),
    path("<int:scenario_id>/reageren/", workflow.comment_create, name="comment"),
    path("<int:scenario_id>/materialen/", workflow.material_upload, name="material_add"),
    path("materialen/<int:material_id>/", workflow.material_download, name="material"),
]
