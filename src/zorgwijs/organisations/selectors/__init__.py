from __future__ import annotations

from django.http import Http404

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record, record_many

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


def membership_read(
    access: OrgAccess,
    membership_id: int,
    *,
    context: AuditContext,
    action: str,
    capability: str = "people.view",
) -> Membership:
    """A member about to be shown to the caller: looked up as ``get_membership_for_actor``
    does for ``capability`` (404 outside it) and recorded as viewed under ``action``. Every
    audited read of one person's record goes through here, so the check and the entry are
    written once."""
    membership = get_membership_for_actor(access, membership_id, capability)
    record(
        action,
        kind="view",
        context=context,
        organisation=access.organisation,
        subject=membership.user,
        obj=membership,
    )
    return membership


def member_read(access: OrgAccess, membership_id: int, *, context: AuditContext) -> Membership:
    """A person's record as the page and the API show it."""
    return membership_read(
        access, membership_id, context=context, action="organisations.membership.viewed"
    )


def member_roles_read(
    access: OrgAccess, membership_id: int, *, context: AuditContext
) -> Membership:
    """A member whose roles are about to be read (by a roles manager)."""
    return membership_read(
        access,
        membership_id,
        context=context,
        action="organisations.membership.roles_viewed",
        capability="roles.manage",
    )


def members_page_read(
    access: OrgAccess, *, query: str, limit: int, offset: int, context: AuditContext
) -> tuple[int, list[Membership]]:
    """One page of the people the caller may see, by name; everyone on it is recorded."""
    members = access.visible_memberships().select_related(
        "user", "job_function", "primary_department"
    )
    if query:
        members = members.filter(user__full_name__icontains=query)
    total = members.count()
    items = list(members.order_by("user__full_name", "pk")[offset : offset + limit])
    record_many(
        "organisations.membership.listed",
        subjects=[m.user for m in items],
        kind="view",
        context=context,
        organisation=access.organisation,
    )
    return total, items
