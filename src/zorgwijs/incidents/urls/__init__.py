from django.urls import path

from .. import exports, views

app_name = "incidents"

urlpatterns = [
    path("", views.incident_list, name="list"),
    path("export.csv", exports.export, name="export"),
    path("melden/", views.report, name="report"),
    path("mijn/", views.mine, name="mine"),
    path("lessen/", views.lessons, name="lessons"),
    path("trends/", views.trends, name="trends"),
    path("<int:incident_id>/", views.detail, name="detail"),
    path("<int:incident_id>/status/", views.transition, name="transition"),
    path("<int:incident_id>/analyse/", views.analysis, name="analysis"),
    path("<int:incident_id>/oorzaken/", views.cause, name="cause_add"),
    path("<int:incident_id>/maatregelen/", views.measure, name="measure_add"),
    path(
        "<int:incident_id>/maatregelen/<int:measure_id>/", views.measure_done, name="measure_done"
    ),
    path("<int:incident_id>/les/", views.lesson_new, name="lesson_new"),
]
