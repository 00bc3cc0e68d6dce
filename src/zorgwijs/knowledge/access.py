"""Who may see, join and edit a knowledge space: one place, used by views and API alike.

``get_space_for_viewer`` is the only way views and API operations reach a space (and through
it its pages, questions and attachments): anything the viewer may not see is a 404, so
outsiders cannot even learn that a space exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.http import Http404, HttpRequest
from django.utils import timezone
from django_scopes import scopes_disabled

from zorgwijs.core.data_cache import held_locally
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import Viewer, viewer_of_request

from .models import MembershipStatus, Space, SpaceMembership, SpaceRole


@dataclass
class SpaceAccess:
    space: Space
    viewer: Viewer
    own_membership: SpaceMembership | None

    @cached_property
    def is_member(self) -> bool:
        """May ask, answer, vote and suggest edits."""
        viewer, space = self.viewer, self.space
        if not viewer.is_authenticated:
            return False
        own = self.own_membership
        if own is not None and own.status == MembershipStatus.ACTIVE:
            return True
        if space.visibility != Visibility.PUBLIC:
            return True  # seeing a private or network space means belonging to it
        with scopes_disabled():
            return (
                space.owner_organisation_id in viewer.org_ids
                or space.member_organisations.filter(pk__in=viewer.org_ids).exists()
                or space.member_departments.filter(pk__in=viewer.department_ids).exists()
            )

    @cached_property
    def can_edit(self) -> bool:
        """May change pages directly, review suggestions and validate versions."""
        if not self.viewer.is_authenticated:
            return False
        membership = self.own_membership
        if membership and membership.role == SpaceRole.EDITOR:
            return membership.status == MembershipStatus.ACTIVE
        return self.space.owner_organisation_id in self.viewer.editor_org_ids

    @property
    def is_invited(self) -> bool:
        own = self.own_membership
        return own is not None and own.status == MembershipStatus.INVITED

    @property
    def can_request_membership(self) -> bool:
        return (
            self.viewer.is_authenticated
            and not self.is_member
            and self.own_membership is None
            and self.space.open_to_requests
        )


def get_space_for_viewer(request: HttpRequest, slug: str) -> SpaceAccess:
    """The space ``slug`` with the viewer's rights in it, or 404 if they may not see it."""
    viewer = viewer_of_request(request)
    # Asked by every page of a space: worked out once per data generation for this person
    # (their rights follow from the data, their memberships and the day), the rules below
    # run on a miss. A write to the space, a place in it or a role makes a new generation.
    who = viewer.user_id or "anonymous"
    key = f"knowledge:space-access:{who}:{slug}:{timezone.localdate()}"
    found = held_locally(key, lambda: _space_access(viewer, slug))
    if found is None:
        raise Http404
    space, own, is_member, can_edit = found
    access = SpaceAccess(space=space, viewer=viewer, own_membership=own)
    access.__dict__.update(is_member=is_member, can_edit=can_edit)  # the cached properties
    return access


def _space_access(
    viewer: Viewer, slug: str
) -> tuple[Space, SpaceMembership | None, bool, bool] | None:
    space = (
        Space.objects.visible_to(viewer)
        .select_related("owner_organisation", "network")
        .filter(slug=slug)
        .first()
    )
    if space is None:
        return None
    # Only a place that still counts (a leaver's does not) makes a member, editor or invitee.
    own = SpaceMembership.objects.standing_for(viewer).filter(space=space).first()
    access = SpaceAccess(space=space, viewer=viewer, own_membership=own)
    return space, own, access.is_member, access.can_edit


def get_space_for_editor(request: HttpRequest, slug: str) -> SpaceAccess:
    """As ``get_space_for_viewer``, and 403 for a viewer who may not edit."""
    from django.core.exceptions import PermissionDenied

    access = get_space_for_viewer(request, slug)
    if not access.can_edit:
        raise PermissionDenied
    return access


def get_space_for_member(request: HttpRequest, slug: str) -> SpaceAccess:
    """As ``get_space_for_viewer``, and 403 for a reader who is not a member."""
    from django.core.exceptions import PermissionDenied

    access = get_space_for_viewer(request, slug)
    if not access.is_member:
        raise PermissionDenied
    return access
