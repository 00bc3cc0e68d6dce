"""Reads for the organisation admin screens (``/o/<slug>/beheer/``) and the platform screens.

Every getter takes the actor's ``OrgAccess`` and answers 404 for an id that belongs to another
organisation: outsiders learn nothing, not even whether the id exists.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django_scopes import scopes_disabled

from ..access import OrgAccess
from ..models import (
    Department,
    JobFunction,
    Membership,
    Network,
    NetworkMembership,
    Organisation,
    Role,
    RoleAssignment,
)

if TYPE_CHECKING:
    from typing import TypeVar

    from django.db.models import Model

    _M = TypeVar("_M", bound=Model)


def _one_or_404(queryset: QuerySet[_M], pk: int) -> _M:
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def get_department_for_admin(access: OrgAccess, department_id: int) -> Department:
    return _one_or_404(
        Department.objects.filter(organisation=access.organisation).select_related("parent"),
        department_id,
    )


def get_job_function_for_admin(access: OrgAccess, job_function_id: int) -> JobFunction:
    return _one_or_404(
        JobFunction.objects.filter(organisation=access.organisation), job_function_id
    )


def get_membership_for_admin(access: OrgAccess, membership_id: int) -> Membership:
    """Any membership of the organisation, also an ended one (admins manage those too)."""
    return _one_or_404(
        Membership.objects.filter(organisation=access.organisation).select_related(
            "user", "job_function", "primary_department", "line_manager__user"
        ),
        membership_id,
    )


def get_role_assignment_for_admin(
    access: OrgAccess, membership: Membership, assignment_id: int
) -> RoleAssignment:
    return _one_or_404(
        RoleAssignment.objects.filter(organisation=access.organisation, membership=membership),
        assignment_id,
    )


@dataclass
class DepartmentNode:
    department: Department
    member_count: int
    children: list[DepartmentNode] = field(default_factory=list)


def department_tree(*, organisation: Organisation) -> list[DepartmentNode]:
    """The whole tree in one query: rows come ordered by path, so a parent precedes its children."""
    departments = (
        Department.objects.filter(organisation=organisation)
        .annotate(member_count=Count("primary_members", distinct=True))
        .order_by("path")
    )
    nodes: dict[int, DepartmentNode] = {}
    roots: list[DepartmentNode] = []
    for department in departments:
        node = DepartmentNode(department, department.member_count)
        nodes[department.pk] = node
        parent = nodes.get(department.parent_id) if department.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: n.department.name.lower())
    roots.sort(key=lambda n: n.department.name.lower())
    return roots


def department_blockers(*, department: Department) -> list[str]:
    """Why a department cannot be deleted yet (empty list: it can)."""
    from django.utils.translation import gettext as _

    reasons = []
    if Department.objects.filter(
        organisation_id=department.organisation_id, parent=department
    ).exists():
        reasons.append(_("Er vallen nog afdelingen onder deze afdeling."))
    if (
        Membership.objects.filter(organisation_id=department.organisation_id)
        .filter(Q(primary_department=department) | Q(extra_departments=department))
        .exists()
    ):
        reasons.append(_("Er zijn nog medewerkers aan deze afdeling gekoppeld."))
    if RoleAssignment.objects.filter(
        organisation_id=department.organisation_id, departments=department
    ).exists():
        reasons.append(_("Een leidinggevende heeft deze afdeling nog onder zich."))
    return reasons


def job_function_list(*, organisation: Organisation) -> QuerySet[JobFunction]:
    return (
        JobFunction.objects.filter(organisation=organisation)
        .annotate(member_count=Count("membership"))
        .order_by("name")
    )


STATUS_ACTIVE = "actief"
STATUS_ENDED = "uit-dienst"
STATUS_ALL = "alle"


def member_search(
    *,
    organisation: Organisation,
    query: str = "",
    department: Department | None = None,
    job_function: JobFunction | None = None,
    status: str = STATUS_ACTIVE,
) -> QuerySet[Membership]:
    """Members for the admin list; ``department`` includes its sub-departments."""
    members = Membership.objects.filter(organisation=organisation)
    today = timezone.localdate()
    if status == STATUS_ACTIVE:
        members = members.active(today)
    elif status == STATUS_ENDED:
        members = members.filter(end_date__lt=today)
    if query:
        members = members.filter(
            Q(user__full_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(employee_number__iexact=query)
        )
    if job_function is not None:
        members = members.filter(job_function=job_function)
    if department is not None:
        subtree = Department.objects.filter(
            organisation=organisation, path__startswith=department.path
        ).values("id")
        members = members.filter(
            Q(primary_department__in=subtree)
            | Q(
                pk__in=Membership.extra_departments.through.objects.filter(
                    department_id__in=subtree
                ).values("membership_id")
            )
        )
    return members.select_related("user", "job_function", "primary_department").order_by(
        "user__full_name", "pk"
    )


def member_roles(*, membership: Membership) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(
            organisation_id=membership.organisation_id, membership=membership
        )
        .prefetch_related(Prefetch("departments", queryset=Department.objects.order_by("path")))
        .order_by("role")
    )


def admin_count(*, organisation: Organisation, on: datetime.date | None = None) -> int:
    active = Membership.objects.filter(organisation=organisation).active(on)
    return RoleAssignment.objects.filter(
        organisation=organisation, role=Role.ADMIN, membership__in=active
    ).count()


# Platform (networks). The platform admin sees organisations' names and their admins only.


def network_list() -> QuerySet[Network]:
    return Network.objects.annotate(member_count=Count("memberships")).order_by("name")


def get_network_for_platform(network_id: int) -> Network:
    return _one_or_404(Network.objects.all(), network_id)


def get_network_membership_for_platform(network: Network, membership_id: int) -> NetworkMembership:
    return _one_or_404(
        NetworkMembership.objects.filter(network=network).select_related("organisation"),
        membership_id,
    )


def network_members(*, network: Network) -> list[NetworkMembership]:
    return list(
        NetworkMembership.objects.filter(network=network)
        .select_related("organisation", "contact_person")
        .order_by("organisation__name")
    )


def organisation_admin_users(*, organisation_ids: list[int]) -> QuerySet:
    """Users who are an active admin of one of these organisations (contact person choices)."""
    from zorgwijs.accounts.models import User

    with scopes_disabled():
        admin_user_ids = list(
            RoleAssignment.objects.filter(
                role=Role.ADMIN,
                organisation_id__in=organisation_ids,
                membership__in=Membership.objects.active().filter(
                    organisation_id__in=organisation_ids
                ),
            ).values_list("membership__user_id", flat=True)
        )
    return User.objects.filter(pk__in=admin_user_ids).order_by("full_name")


def organisation_admins_by_org(*, organisation_ids: list[int]) -> dict[int, list]:
    with scopes_disabled():
        rows = (
            RoleAssignment.objects.filter(
                role=Role.ADMIN,
                organisation_id__in=organisation_ids,
                membership__in=Membership.objects.active().filter(
                    organisation_id__in=organisation_ids
                ),
            )
            .select_related("membership__user")
            .order_by("membership__user__full_name")
        )
        result: dict[int, list] = {}
        for assignment in rows:
            result.setdefault(assignment.organisation_id, []).append(assignment.membership.user)
    return result
