"""The versioned REST API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

from ninja import NinjaAPI

from .auth import BearerToken, SessionAuth

api = NinjaAPI(
    title="Zorgwijs API",
    version="1.0.0",
    description="Zorgwijs: competences, knowledge and projects of Dutch care organisations.",
    auth=[BearerToken(), SessionAuth(csrf=True)],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

api.add_router("/organisations", "zorgwijs.organisations.api.router")
