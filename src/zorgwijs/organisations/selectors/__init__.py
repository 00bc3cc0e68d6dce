from __future__ import annotations

from django.http import Http404

from ..access import OrgAccess
from ..models import Membership


def get_membership_for_actor(
    access: OrgAccess, membership_id: int, capability: str = "people.view"
) -> Membership:
    """A membership the actor may see, or 404 (never 403: do not reveal that it exists)."""
    membership = (
        access.visible_memberships(capability)
        .select_related("user", "job_function", "primary_department", "line_manager__user")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership
