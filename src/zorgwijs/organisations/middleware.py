"""Resolve the organisation in the URL once, and activate its scope around the view."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject
from django_scopes import scope, scopes_disabled

from zorgwijs.lib.http import ZorgwijsRequest

from .access import active_memberships_of, org_access_for

if TYPE_CHECKING:
    from .models import Membership


class OrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: ZorgwijsRequest) -> HttpResponse:
        # Lazy, and used as the list it stands for.
        request.memberships = cast(
            "list[Membership]", SimpleLazyObject(lambda: active_memberships_of(request.user))
        )
        if request.path_info.startswith("/api/"):
            # API operations authenticate per call (tokens) and open their organisation's scope
            # themselves (api.access.org_scope); until then no organisation's rows are visible.
            with scope(organisation=[]):
                return self.get_response(request)
        slug = self._org_slug(request)
        if slug is None:
            return self._outside_organisation(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            request.org_access = org_access_for(request.user, slug)
        except Http404:
            with scopes_disabled():
                return self.get_response(_as_not_found(request))
        with scope(organisation=request.org_access.organisation.pk):
            return self.get_response(request)

    def _outside_organisation(self, request: ZorgwijsRequest) -> HttpResponse:
        # Outside /o/<slug>/ a person still only reaches their own organisations' rows.
        if request.path_info.startswith("/django-admin/"):
            # Django admin is for platform staff only.
            with scopes_disabled():
                return self.get_response(request)
        ids = [m.organisation_id for m in request.memberships]
        with scope(organisation=ids):
            return self.get_response(request)

    @staticmethod
    def _org_slug(request: ZorgwijsRequest) -> str | None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return match.kwargs.get("org_slug")


def _as_not_found(request: ZorgwijsRequest) -> ZorgwijsRequest:
    request.org_access = None  # org_view raises 404 when it sees no access
    return request
