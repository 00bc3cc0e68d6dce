"""Query counts of list and detail operations stay flat as the lists grow (budget: ≤ 20)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from tests.factories import DepartmentFactory, JobFunctionFactory, MembershipFactory, give_role

pytestmark = pytest.mark.django_db

BUDGET = 20


def _grow(world, n: int, tag: str) -> None:
    """Add ``n`` departments, job functions and people, all visible to the manager, each
    person with an extra department; Eva gets every new department as an extra one."""
    with scopes_disabled():
        for i in range(n):
            department = DepartmentFactory(
                organisation=world.org_a, name=f"{tag} {i}", parent=world.cathlab
            )
            function = JobFunctionFactory(organisation=world.org_a, name=f"{tag} {i}")
            member = MembershipFactory(
                organisation=world.org_a, job_function=function, primary_department=world.cathlab
            )
            member.extra_departments.set([department, world.surgery])
            world.employee_a.extra_departments.add(department)


def _queries(client, path: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **params)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("actor", ["admin", "manager", "employee"])
def test_list_and_detail_queries_do_not_grow(world, request, actor, django_assert_max_num_queries):
    client = request.getfixturevalue(actor)
    org = f"/organisations/{world.org_a.slug}"
    paths = [
        (f"{org}/memberships", {"limit": 200}),
        (f"{org}/departments", {}),
        (f"{org}/job-functions", {}),
        (f"{org}/memberships/{world.employee_a.pk}", {}),
        ("/organisations", {}),
        (org, {}),
    ]
    if actor == "admin":
        paths.append((f"{org}/memberships/{world.manager_a.pk}/roles", {}))

    _grow(world, 2, "Klein")
    small = {path: _queries(client, path, **params) for path, params in paths}
    _grow(world, 25, "Groot")
    for path, params in paths:
        with django_assert_max_num_queries(BUDGET):
            large = _queries(client, path, **params)
        assert large == small[path], path


def test_roles_query_count_does_not_grow_with_departments(world, admin):
    path = f"/organisations/{world.org_a.slug}/memberships/{world.manager_a.pk}/roles"
    small = _queries(admin, path)
    _grow(world, 10, "Afd")
    with scopes_disabled():
        give_role(world.manager_a, "assessor")
        world.manager_a.roles.get(role="manager").departments.add(world.surgery, world.cathlab)
    assert _queries(admin, path) == small
    assert len(admin.get(path).json()) == 2


def test_large_membership_list_is_complete(world, manager):
    _grow(world, 25, "Veel")
    body = manager.get(f"/organisations/{world.org_a.slug}/memberships", limit=200).json()
    assert body["total"] == 27 and len(body["items"]) == 27
