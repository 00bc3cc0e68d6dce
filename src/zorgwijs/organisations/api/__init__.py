"""/api/v1/organisations: organisations, departments, job functions, memberships and roles.

Every operation under ``/{org_slug}/`` runs inside ``org_scope`` (404 for outsiders, 403
without the capability; see ``zorgwijs.api.operations.org_endpoint``); the list of one's own
organisations is personal. Writes go through ``organisations.services``; reading people's data
is recorded in the audit log.
"""

from . import people, roles, structure
from .organisations import router

# The topics mount on the organisations router (its own "" path must stay without a slash).
for topic in (structure, people, roles):
    router.add_router("", topic.router)

__all__ = ["router"]
