"""Reading an issued credential: the holder's own, or a team member's (recorded)."""

from __future__ import annotations

from django.http import Http404

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.organisations.access import OrgAccess

from .models import IssuedCredential

TEAM = "competences.view_team"


def credential_for(access: OrgAccess, credential_id: int) -> tuple[IssuedCredential, bool]:
    """The credential, and whether it is the actor's own; 404 for anyone who may not see it."""
    credential = (
        IssuedCredential.objects.filter(organisation=access.organisation, pk=credential_id)
        .select_related("item", "person")
        .first()
    )
    if credential is None:
        raise Http404
    own = credential.person_id == access.membership.user_id
    if not own and credential.is_learning:
        raise Http404  # a passed test or a completed route: the learner's own, nobody else's
    if not own:
        visible = access.visible_memberships(TEAM) if access.can(TEAM) else None
        if visible is None or not visible.filter(user_id=credential.person_id).exists():
            raise Http404
    return credential, own


def credential_open(
    access: OrgAccess, credential_id: int, *, context: AuditContext
) -> tuple[IssuedCredential, bool]:
    """``credential_for`` for the page that shows it: someone else's is recorded as viewed."""
    credential, own = credential_for(access, credential_id)
    if not own:
        record(
            "competences.credential.viewed",
            kind="view",
            context=context,
            organisation=access.organisation,
            subject=credential.person,
            obj=credential,
        )
    return credential, own
