"""The versioned REST API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

from ninja import NinjaAPI

from . import errors
from .auth import BearerToken, SessionAuth
from .docs import OfflineSwagger

DESCRIPTION = """\
Zorgwijs: competences, knowledge and projects of Dutch care organisations.

**Authentication.** Send a personal access token as `Authorization: Bearer zw_…`, or call
from a signed-in browser session; a session's writes need the CSRF token in `X-CSRFToken`.
Someone whose current roles require two factors is refused (**403**) until they have set them
up, and then only with a token made after that.

**Organisations.** Every path under `/organisations/{org_slug}/` answers with the caller's
rights in that organisation: **404** for a person who is not a member (whether or not the
organisation exists), **403** for a member whose roles lack the capability. Lists of people
only contain the people the caller may see (a manager: the departments he manages).

**Errors** are JSON `{"detail": "…"}` with a Dutch message; 400 and 409 add `errors` per field.
Reading someone's personal data is recorded in the audit log (NEN 7513), as is every change.
"""

api = NinjaAPI(
    title="Zorgwijs API",
    version="1.0.0",
    description=DESCRIPTION,
    auth=[BearerToken(), SessionAuth(csrf=True)],
    urls_namespace="api",
    docs=OfflineSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)

api.add_router("/organisations", "zorgwijs.organisations.api.router")
api.add_router("/organisations", "zorgwijs.competences.api.router")
api.add_router("/organisations", "zorgwijs.incidents.api.router")
api.add_router("/knowledge", "zorgwijs.knowledge.api.router")
api.add_router("/search", "zorgwijs.search.api.router")
api.add_router("/", "zorgwijs.projects.api.router")
api.add_router("/", "zorgwijs.needs.api.router")
api.add_router("/", "zorgwijs.organisations.api.applications.router")
api.add_router("/notifications", "zorgwijs.notifications.api.router")
api.add_router("/", "zorgwijs.experts.api.router")
api.add_router("/organisations", "zorgwijs.learning.api.router")
api.add_router("/", "zorgwijs.networks.api.router")
api.add_router("/organisations", "zorgwijs.assessments.api.router")
api.add_router("/", "zorgwijs.scenarios.api.router")
api.add_router("/", "zorgwijs.vocabulary.api.router")
api.add_router("/organisations", "zorgwijs.monitor.api.router")
