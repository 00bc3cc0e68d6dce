"""Tenancy and permissions in one place.

Every HTML view and API operation reaches organisation data through ``OrgAccess``: it says
which organisation, which membership, which roles and capabilities, and which departments a
manager may see. Views declare what they need with the decorators in ``zorgwijs.core.access``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django_scopes import scopes_disabled

from zorgwijs.core.data_cache import held_locally

from .capabilities import DEPARTMENT_SCOPED, SENSITIVE_ROLES, capabilities_for, department_roles
from .models import (
    Department,
    Membership,
    MembershipQuerySet,
    Organisation,
    RoleAssignment,
)


@dataclass(frozen=True)
class OrgAccess:
    organisation: Organisation
    membership: Membership
    roles: frozenset[str]
    capabilities: frozenset[str]
    managed_department_paths: tuple[str, ...] = field(default=())

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    @property
    def is_whole_organisation(self) -> bool:
        return "people.view_all" in self.capabilities

    @property
    def needs_mfa(self) -> bool:
        org = self.organisation
        if org.require_mfa_for_everyone:
            return True
        return org.require_mfa_for_sensitive_roles and bool(self.roles & SENSITIVE_ROLES)

    @cached_property
    def visible_department_ids(self) -> list[int] | None:
        """Departments whose people this actor may see; ``None`` means all of them."""
        if self.is_whole_organisation:
            return None
        if not self.managed_department_paths:
            return []
        condition = Q()
        for path in self.managed_department_paths:
            condition |= Q(path__startswith=path)
        return list(
            Department.objects.filter(organisation=self.organisation)
            .filter(condition)
            .values_list("id", flat=True)
        )

    def visible_memberships(self, capability: str = "people.view") -> MembershipQuerySet:
        """Memberships of people this actor may see for ``capability`` (always including self)."""
        members = Membership.objects.filter(organisation=self.organisation)
        own = Q(pk=self.membership.pk)
        if not self.can(capability):
            return members.filter(own)
        if capability not in DEPARTMENT_SCOPED or self.visible_department_ids is None:
            return members
        departments = self.visible_department_ids
        return members.filter(
            own
            | Q(primary_department_id__in=departments)
            | Q(extra_departments__id__in=departments)
        ).distinct()

    def can_see_member(self, membership: Membership, capability: str = "people.view") -> bool:
        return self.visible_memberships(capability).filter(pk=membership.pk).exists()


def org_access_for(user, organisation_slug: str) -> OrgAccess:
    """Resolve a signed-in user's access to an organisation, or raise Http404.

    A person without an active membership gets 404, not 403: outsiders learn nothing,
    not even whether the organisation's URL exists.

    Every page under ``/o/<organisation>/`` asks it, so it is kept under the data generation
    per person, organisation and day (any write to memberships, roles or departments makes a
    new one; a membership that ends today is gone tomorrow)."""
    if not user.is_authenticated:
        raise Http404
    key = f"org-access:{user.pk}:{organisation_slug}:{timezone.localdate()}"
    access = held_locally(key, lambda: _read_org_access(user.pk, organisation_slug))
    if access is None:
        raise Http404
    access.membership.user = user  # kept without the person (and their password hash)
    return access


def _read_org_access(user_id: int, organisation_slug: str) -> OrgAccess | None:
    with scopes_disabled():
        membership = (
            Membership.objects.active()
            .select_related("organisation")
            .filter(user_id=user_id, organisation__slug=organisation_slug)
            .first()
        )
    return None if membership is None else _access_of(membership)


def org_accesses_of(user, memberships: list[Membership]) -> list[OrgAccess]:
    """``org_access_for`` for each of the person's ``memberships`` (their current ones, as
    ``active_memberships_of`` reads them), in two queries however many there are: the start
    page needs one per organisation, and the memberships are already loaded."""
    if not memberships:
        return []
    with scopes_disabled():
        assignments = list(
            RoleAssignment.objects.filter(membership__in=memberships).prefetch_related(
                "departments"
            )
        )
    accesses = []
    for membership in memberships:
        membership.user = user  # the same person: no query for ``access.membership.user``
        own = [a for a in assignments if a.membership_id == membership.pk]
        accesses.append(_access_of(membership, own))
    return accesses


def _access_of(
    membership: Membership, assignments: list[RoleAssignment] | None = None
) -> OrgAccess:
    if assignments is None:
        with scopes_disabled():
            assignments = list(
                RoleAssignment.objects.filter(membership=membership).prefetch_related("departments")
            )
    roles = frozenset(a.role for a in assignments)
    for_departments = department_roles()
    manager_paths = tuple(
        d.path for a in assignments if a.role in for_departments for d in a.departments.all()
    )
    return OrgAccess(
        organisation=membership.organisation,
        membership=membership,
        roles=roles,
        capabilities=capabilities_for(set(roles)),
        managed_department_paths=manager_paths,
    )


def active_memberships_of(user) -> list[Membership]:
    """A person's current memberships across organisations (for the organisation switcher).

    Read on every signed-in request (the organisation scope, the viewer), so kept under the
    data generation (``core/data_cache.py``) per person and day: any write to memberships or
    organisations makes a new generation, and a membership that ends today is gone tomorrow.
    Building this query cost more than the rest of a cached start page."""
    if not user.is_authenticated:
        return []
    key = f"memberships:{user.pk}:{timezone.localdate()}"
    return held_locally(key, lambda: _read_active_memberships(user.pk))


def _read_active_memberships(user_id: int) -> list[Membership]:
    with scopes_disabled():
        return list(
            Membership.objects.active()
            .filter(user_id=user_id)
            .select_related("organisation")
            .order_by("organisation__name")
        )


def organisation_ids_of(user) -> list[int]:
    return [m.organisation_id for m in active_memberships_of(user)]
