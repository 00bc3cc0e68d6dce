from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import HttpError
from ninja.utils import check_csrf

from zorgwijs.core.access import public_view
from zorgwijs.lib.idempotency import idempotent_api_view

from .access import NOT_FOUND, caller_of
from .main import api


@public_view
@csrf_exempt
def unknown_path(request: HttpRequest) -> JsonResponse:
    """Any other path under /api/v1/: the API's JSON 404, not the HTML error page."""
    return JsonResponse({"detail": NOT_FOUND}, status=404)


def idempotency_caller(request: HttpRequest) -> int | str | None:
    """Whose ``Idempotency-Key`` this is: the token's or the session's user, ``""`` without an
    account (the public application form). ``None`` for a caller the operation will refuse
    (bad token, session write without CSRF token): it gets the operation's own answer."""
    try:
        user = caller_of(request)
    except HttpError:
        return None
    if user is None or not user.is_authenticated:
        return ""
    if "Authorization" not in request.headers and check_csrf(request) is not None:
        return None
    return user.pk


# ninja's own pages (GET only): the OpenAPI document and the docs page.
DOCUMENT_VIEWS = frozenset({"openapi-json", "openapi-view"})


def _json_root(pattern):
    """ninja's /api/v1/ itself has nothing to show: answer the API's JSON 404 there too.
    Every other operation takes an ``Idempotency-Key`` on POST (lib/idempotency.py)."""
    if pattern.name == "api-root":
        return path(str(pattern.pattern), unknown_path, name=pattern.name)
    if pattern.name in DOCUMENT_VIEWS:
        return pattern
    pattern.callback = idempotent_api_view(pattern.callback, idempotency_caller)
    return pattern


_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    path(
        "",
        include(([_json_root(p) for p in _patterns], _app_name), namespace=_namespace),
    ),
    re_path(r"", unknown_path, name="api-unknown-path"),  # everything else under /api/v1/
]
