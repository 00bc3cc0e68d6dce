"""Who is asking, for content shared beyond one organisation: the one ``Viewer``.

Shared content (projects, needs, experts, knowledge spaces, scenarios, …) carries a
``Visibility`` and is read across organisations, so the organisation scope cannot filter it.
Each shared model's queryset decides instead with ``.visible_to(viewer)``, and search applies
the same rule inside its query, so a list, a page and a search result never disagree.

A request has one viewer, worked out on first use (``viewer_of_request``); code without a
request (API operations for a token's user, tasks, commands) builds one with ``viewer_for``.
Organisation data (people, passports, incidents) is not read through a viewer but through the
organisation scope and ``access.OrgAccess`` (docs/tenancy.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.http import HttpRequest
from django_scopes import scopes_disabled

from zorgwijs.core.data_cache import cached, held_locally

from .access import active_memberships_of
from .capabilities import capabilities_for
from .models import Membership, NetworkMembership, RoleAssignment


@dataclass(frozen=True)
class Viewer:
    user_id: int | None = None
    # The organisations the person is a current member of.
    org_ids: tuple[int, ...] = ()
    # Organisations that share a network with one of the viewer's own (own ones excluded).
    network_org_ids: tuple[int, ...] = ()
    is_platform_admin: bool = False
    # Their active memberships as read for ``org_ids``, so the properties below and the scope
    # providers do not read them again (None: not known, e.g. a hand-made viewer); not compared.
    memberships: tuple[Membership, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @cached_property
    def department_ids(self) -> tuple[int, ...]:
        """The primary departments of the person's memberships (a space shared with them)."""
        held = self.memberships or ()
        return tuple(sorted({m.primary_department_id for m in held if m.primary_department_id}))

    @cached_property
    def editor_org_ids(self) -> tuple[int, ...]:
        """Organisations where one of the person's roles gives ``knowledge.edit``: read on
        first use, so lists that never ask (projects, search) do not pay for it."""
        if not self.memberships:
            return ()
        with scopes_disabled():
            roles = RoleAssignment.objects.filter(membership__in=self.memberships).values_list(
                "organisation_id", "role"
            )
            return tuple(
                sorted({org for org, role in roles if "knowledge.edit" in capabilities_for({role})})
            )

    @cached_property
    def scopes(self) -> tuple[str, ...]:
        """The scopes (knowledge spaces …) this person may read, by each registered provider:
        worked out on first use, so lists that never meet a scoped document do not pay, and
        kept under the data generation (``core/data_cache.py``): building the providers'
        queries costs far more than running them, and every project, knowledge and search page
        asks."""
        if not self.is_authenticated:
            return ()
        key = f"viewer-scopes:{self.user_id}:{self.org_ids}:{self.network_org_ids}"
        return cached(
            key, lambda: tuple(sorted({s for provider in _SCOPE_PROVIDERS for s in provider(self)}))
        )


ANONYMOUS = Viewer()

# A content app with a reading rule of its own (a knowledge space: invitations, partner
# organisations, a chosen network) registers a provider: viewer → the scopes they may read,
# e.g. {"space:3", "space:9"}. Search filters its ``SCOPED`` documents with them.
ScopeProvider = Callable[[Viewer], Iterable[str]]
_SCOPE_PROVIDERS: list[ScopeProvider] = []


def register_scopes(provider: ScopeProvider) -> None:
    if provider not in _SCOPE_PROVIDERS:
        _SCOPE_PROVIDERS.append(provider)


def viewer_for(user, memberships: Sequence[Membership] | None = None) -> Viewer:
    """``memberships``: the person's active memberships when the caller has them already (the
    middleware puts them on the request), which saves reading them again."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    held = tuple(active_memberships_of(user) if memberships is None else memberships)
    own = tuple(sorted({m.organisation_id for m in held}))
    return Viewer(
        user_id=user.pk,
        org_ids=own,
        network_org_ids=held_locally(f"network-partners:{own}", lambda: _network_partners(own)),
        is_platform_admin=bool(getattr(user, "is_platform_admin", False)),
        memberships=held,
    )


def _network_partners(own: tuple[int, ...]) -> tuple[int, ...]:
    """Organisations that share a network with one of ``own`` (``own`` excluded)."""
    networks = NetworkMembership.objects.filter(organisation_id__in=own).values("network_id")
    partners = (
        NetworkMembership.objects.filter(network_id__in=networks)
        .exclude(organisation_id__in=own)
        .values_list("organisation_id", flat=True)
    )
    return tuple(sorted(set(partners)))


# Where a request keeps its viewer once worked out.
_VIEWER_ATTRIBUTE = "_zorgwijs_viewer"


def viewer_of_request(request: HttpRequest) -> Viewer:
    """The request's viewer, worked out once per request."""
    viewer: Viewer | None = getattr(request, _VIEWER_ATTRIBUTE, None)
    if viewer is None:
        auth = getattr(request, "auth", None)
        user = auth or getattr(request, "user", None)
        # The organisation middleware loaded the signed-in user's memberships already; an API
        # token's user is another request.user, so only reuse them for the session's user.
        loaded = None if auth else getattr(request, "memberships", None)
        viewer = viewer_for(user, loaded)
        remember_viewer(request, viewer)
    return viewer


def remember_viewer(request: HttpRequest, viewer: Viewer) -> None:
    """Make ``viewer`` the request's viewer (a public API operation's caller)."""
    setattr(request, _VIEWER_ATTRIBUTE, viewer)
