"""The API docs page, served without a CDN and without inline script (CSP ``script-src 'self'``).

Swagger UI's bundle comes from django-ninja's own static files (the swagger-ui-dist build it
ships, pinned by uv.lock); the page passes its settings as a JSON data block, which the
browser does not execute, to ninja's external ``swagger-ui-init.js``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger


class OfflineSwagger(Swagger):
    template = "api/docs.html"
    default_settings = {"layout": "BaseLayout", "deepLinking": True, "validatorUrl": None}

    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": settings, "api": api}
        return render(request, self.template, context)
