from functools import wraps

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


def _outside_org_middleware(pattern):
    """Rename the ``org_slug`` URL argument so ``OrganisationMiddleware`` does not treat the
    API as an HTML page under /o/<org_slug>/ (it would redirect a token call to the login page).
    The API resolves organisation, access and scope itself, per call, in ``org_scope``.

    Remove once the middleware skips /api/ before it looks for ``org_slug``.
    """
    route = str(pattern.pattern)
    if pattern.name == "api-root":  # ninja's /api/v1/ itself: nothing there, say so in JSON
        return path(route, unknown_path, name=pattern.name)
    if "<org_slug>" not in route:
        return pattern
    view = pattern.callback

    @csrf_exempt  # ninja checks CSRF itself, for session-authenticated calls
    @wraps(view)
    def api_view(request, *args, api_org_slug, **kwargs):
        return view(request, *args, org_slug=api_org_slug, **kwargs)

    return path(route.replace("<org_slug>", "<api_org_slug>"), api_view, name=pattern.name)


_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    path(
        "",
        include(([_outside_org_middleware(p) for p in _patterns], _app_name), namespace=_namespace),
    ),
    re_path(r"", unknown_path, name="api-unknown-path"),  # everything else under /api/v1/
]
