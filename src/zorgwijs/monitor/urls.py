from django.urls import path

from . import exports
from .views import figures, links, network

app_name = "monitor"

urlpatterns = [
    path("", figures.index, name="index"),
    path("invoeren/", figures.submission_new, name="new"),
    path("afleiden/", figures.derive, name="derive"),
    path("bestand/", figures.upload, name="upload"),
    path("bestand/voorbeeld.csv", figures.example, name="example"),
    path("bestand/<int:upload_id>/", figures.upload_detail, name="upload_detail"),
    path("cijfers/<int:submission_id>/", figures.submission_detail, name="detail"),
    path("cijfers/<int:submission_id>/besluit/", figures.submission_decide, name="decide"),
    path("netwerk/<slug:network_slug>/", network.network_monitor, name="network"),
    path("netwerk/<slug:network_slug>/regels/", network.network_rules, name="rules"),
    path("netwerk/<slug:network_slug>/koppelingen/", links.network_links, name="links"),
    path(
        "netwerk/<slug:network_slug>/themas/<int:topic_id>/",
        links.topic_monitor,
        name="topic",
    ),
    path("netwerk/<slug:network_slug>/export.csv", exports.export_csv, name="export_csv"),
    path("netwerk/<slug:network_slug>/export.xlsx", exports.export_xlsx, name="export_xlsx"),
    path(
        "netwerk/<slug:network_slug>/jaarrapportage-<int:year>.pdf",
        exports.annual_report,
        name="annual_report",
    ),
]
