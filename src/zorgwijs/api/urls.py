from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from zorgwijs.core.access import public_view

from .access import NOT_FOUND
from .main import api


@public_view
@csrf_exempt
def unknown_path(request: HttpRequest) -> JsonResponse:
    """Any other path under /api/v1/: the API's JSON 404, not the HTML error page."""
    return JsonResponse({"detail": NOT_FOUND}, status=404)


def _json_root(pattern):
    """ninja's /api/v1/ itself has nothing to show: answer the API's JSON 404 there too."""
    if pattern.name == "api-root":
        return path(str(pattern.pattern), unknown_path, name=pattern.name)
    return pattern


_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    path(
        "",
        include(([_json_root(p) for p in _patterns], _app_name), namespace=_namespace),
    ),
    re_path(r"", unknown_path, name="api-unknown-path"),  # everything else under /api/v1/
]
