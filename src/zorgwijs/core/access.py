"""Declared access for every view.

Each URL's view carries ``zorgwijs_access`` (set by one of these decorators). The isolation
test walks every URL pattern and fails on a view without a declaration, so a new view cannot
skip the permission layer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

View = Callable[..., HttpResponseBase]


def _mark(view: View, kind: str, capability: str | None = None) -> View:
    view.zorgwijs_access = (kind, capability)  # type: ignore[attr-defined]
    return view


def public_view(view: View) -> View:
    """Anyone, signed in or not, may open this page; it shows no organisation's private data."""
    return _mark(view, "public")


def login_view(view: View) -> View:
    """Any signed-in person; the view shows only that person's own data."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, "login")


def platform_admin_view(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_platform_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _mark(wrapper, "platform_admin")


def org_view(capability: str) -> Callable[[View], View]:
    """A view under ``/o/<org_slug>/`` that needs ``capability`` in that organisation.

    The middleware has resolved ``request.org_access`` (404 for non-members) and activated the
    organisation's scope; here we only check the capability (403 for members without it) and,
    where the capability requires it, a two-factor session.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            access = getattr(request, "org_access", None)
            if access is None:
                raise Http404
            if not access.can(capability):
                raise PermissionDenied
            from zorgwijs.accounts.mfa_policy import needs_fresh_mfa

            if needs_fresh_mfa(request, capability):
                return redirect("accounts:mfa_required")
            return view(request, *args, **kwargs)

        return _mark(wrapper, "org", capability)

    return decorator
