"""Who is asking: the organisations whose shared content a person may read.

Search filters inside its query with this, and content apps (``projects``) use the same object
for their own lists, so a page and a search result can never disagree about what is visible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from zorgwijs.organisations.access import active_memberships_of
from zorgwijs.organisations.models import NetworkMembership

from .registry import scopes_for


@dataclass(frozen=True)
class Viewer:
    user_id: int | None = None
    org_ids: tuple[int, ...] = ()
    # Organisations that share a network with one of the viewer's own (own ones excluded).
    network_org_ids: tuple[int, ...] = ()
    is_platform_admin: bool = False
    # The person, for kinds with a reading rule of their own (``scopes``); not compared.
    user: object = field(default=None, compare=False, repr=False)
    # Their active memberships as read for ``org_ids``, handed to the scope providers so the
    # same request does not read them again (None: unknown, a provider reads them); not compared.
    memberships: tuple | None = field(default=None, compare=False, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @cached_property
    def scopes(self) -> tuple[str, ...]:
        """The scopes (knowledge spaces …) this person may read: worked out on first use,
        so lists that never meet a scoped document (projects) do not pay for it."""
        return scopes_for(self.user, self.memberships)


ANONYMOUS = Viewer()


def viewer_for(user, memberships=None) -> Viewer:
    """``memberships``: the person's active memberships when the caller has them already (the
    middleware puts them on the request), which saves reading them again."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    held = tuple(active_memberships_of(user) if memberships is None else memberships)
    own = tuple(sorted({m.organisation_id for m in held}))
    networks = NetworkMembership.objects.filter(organisation_id__in=own).values("network_id")
    partners = (
        NetworkMembership.objects.filter(network_id__in=networks)
        .exclude(organisation_id__in=own)
        .values_list("organisation_id", flat=True)
    )
    return Viewer(
        user_id=user.pk,
        org_ids=own,
        network_org_ids=tuple(sorted(set(partners))),
        is_platform_admin=bool(getattr(user, "is_platform_admin", False)),
        user=user,
        memberships=held,
    )


def viewer_of_request(request) -> Viewer:
    """The request's viewer, computed once per request."""
    viewer = getattr(request, "_zorgwijs_viewer", None)
    if viewer is None:
        viewer = viewer_for(getattr(request, "user", None), getattr(request, "memberships", None))
        request._zorgwijs_viewer = viewer
    return viewer
