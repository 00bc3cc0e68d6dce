from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from zorgwijs.needs import urls as need_urls
from zorgwijs.networks import urls as network_urls
from zorgwijs.projects import urls as project_urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("zorgwijs.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("zorgwijs.accounts.urls")),
    path("o/<slug:org_slug>/", include("zorgwijs.organisations.urls")),
    path("o/<slug:org_slug>/paspoort/", include("zorgwijs.competences.urls")),
    path("o/<slug:org_slug>/incidenten/", include("zorgwijs.incidents.urls")),
    path("o/<slug:org_slug>/toetsen/", include("zorgwijs.assessments.urls")),
    path("o/<slug:org_slug>/kennis/", include("zorgwijs.knowledge.urls.org")),
    path("kennis/", include("zorgwijs.knowledge.urls")),
    path("o/<slug:org_slug>/projecten/", include(project_urls.org_urlpatterns)),
    path("projecten/", include("zorgwijs.projects.urls")),
    path("o/<slug:org_slug>/scenarios/", include("zorgwijs.scenarios.urls.org")),
    path("scenarios/", include("zorgwijs.scenarios.urls")),
    path("begrippen/", include("zorgwijs.vocabulary.urls")),
    path("o/<slug:org_slug>/kennisbehoeften/", include(need_urls.org_urlpatterns)),
    path("kennisbehoeften/", include("zorgwijs.needs.urls")),
    path("netwerken/", include("zorgwijs.networks.urls")),
    path("o/<slug:org_slug>/netwerken/", include(network_urls.org_urlpatterns)),
    path("mensen/", include("zorgwijs.experts.urls")),
    path("o/<slug:org_slug>/leren/", include("zorgwijs.learning.urls")),
    path("leren/", include("zorgwijs.learning.urls.shared")),
    path("o/<slug:org_slug>/hr-monitor/", include("zorgwijs.monitor.urls")),
    path("zoeken/", include("zorgwijs.search.urls")),
    path("meldingen/", include("zorgwijs.notifications.urls")),
    path("api/v1/", include("zorgwijs.api.urls")),
    path("", include("zorgwijs.competences.urls.public")),
    path("", include("zorgwijs.incidents.urls.public")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("platform/", include("zorgwijs.organisations.urls.platform")),
    path("organisatie-aanmelden/", include("zorgwijs.organisations.urls.signup")),
    path("django-admin/", admin.site.urls),
]

handler500 = "zorgwijs.core.views.server_error"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
