"""Every admin screen: the admin gets it, a plain employee or manager 403, an outsider 404."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import JobFunctionFactory
from tests.signin import sign_in
from zorgwijs.organisations.models import RoleAssignment


def _admin_urls(world):
    slug = world.org_a.slug
    with scopes_disabled():
        function = JobFunctionFactory(organisation=world.org_a, name="Arts")
        assignment = RoleAssignment.objects.get(membership=world.admin_a)
    member = world.employee_a.pk
    return (
        [
            ("organisations:admin_home", {}),
            ("organisations:admin_settings", {}),
            ("organisations:admin_departments", {}),
            ("organisations:admin_department_create", {}),
            ("organisations:admin_department_edit", {"department_id": world.cathlab.pk}),
            ("organisations:admin_job_functions", {}),
            ("organisations:admin_job_function_create", {}),
            ("organisations:admin_job_function_edit", {"job_function_id": function.pk}),
            ("organisations:admin_members", {}),
            ("organisations:admin_member_add", {}),
            ("organisations:admin_member", {"membership_id": member}),
            ("organisations:admin_member_end", {"membership_id": member}),
            ("organisations:admin_member_roles", {"membership_id": member}),
        ],
        slug,
        assignment,
    )


@pytest.mark.django_db
def test_admin_gets_every_screen(client, world):
    urls, slug, _ = _admin_urls(world)
    sign_in(client, world.admin_a.user)
    for name, kwargs in urls:
        response = client.get(reverse(name, kwargs={"org_slug": slug, **kwargs}))
        assert response.status_code == 200, name


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["employee_a", "manager_a"])
def test_members_without_the_capability_get_403(client, world, who):
    urls, slug, assignment = _admin_urls(world)
    sign_in(client, getattr(world, who).user)
    for name, kwargs in urls:
        response = client.get(reverse(name, kwargs={"org_slug": slug, **kwargs}))
        assert response.status_code == 403, name
    posts = [
        ("organisations:admin_sso", {}),
        ("organisations:admin_department_delete", {"department_id": world.surgery.pk}),
        (
            "organisations:admin_member_role_revoke",
            {"membership_id": world.admin_a.pk, "assignment_id": assignment.pk},
        ),
        (
            "organisations:admin_member_role_departments",
            {"membership_id": world.admin_a.pk, "assignment_id": assignment.pk},
        ),
    ]
    for name, kwargs in posts:
        response = client.post(reverse(name, kwargs={"org_slug": slug, **kwargs}))
        assert response.status_code == 403, name
    with scopes_disabled():
        assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.django_db
def test_outsider_gets_404_everywhere(client, world):
    urls, slug, assignment = _admin_urls(world)
    sign_in(client, world.outsider_b.user)
    for name, kwargs in urls:
        response = client.get(reverse(name, kwargs={"org_slug": slug, **kwargs}))
        assert response.status_code == 404, name
    response = client.post(
        reverse(
            "organisations:admin_member_role_revoke",
            kwargs={
                "org_slug": slug,
                "membership_id": world.admin_a.pk,
                "assignment_id": assignment.pk,
            },
        )
    )
    assert response.status_code == 404
    with scopes_disabled():
        assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.django_db
def test_admin_of_a_gets_404_for_ids_of_organisation_b(client, world):
    from tests.factories import DepartmentFactory

    with scopes_disabled():
        foreign_department = DepartmentFactory(organisation=world.org_b, name="Noord")
        foreign_function = JobFunctionFactory(organisation=world.org_b, name="Noordfunctie")
    sign_in(client, world.admin_a.user)
    slug = world.org_a.slug
    for name, kwargs in [
        ("organisations:admin_department_edit", {"department_id": foreign_department.pk}),
        ("organisations:admin_job_function_edit", {"job_function_id": foreign_function.pk}),
        ("organisations:admin_member", {"membership_id": world.outsider_b.pk}),
        ("organisations:admin_member_end", {"membership_id": world.outsider_b.pk}),
        ("organisations:admin_member_roles", {"membership_id": world.outsider_b.pk}),
    ]:
        assert client.get(reverse(name, kwargs={"org_slug": slug, **kwargs})).status_code == 404
    response = client.post(
        reverse(
            "organisations:admin_department_delete",
            kwargs={"org_slug": slug, "department_id": foreign_department.pk},
        )
    )
    assert response.status_code == 404
    with scopes_disabled():
        from zorgwijs.organisations.models import Department

        assert Department.objects.filter(pk=foreign_department.pk).exists()


@pytest.mark.django_db
def test_dashboard_and_menu_link_admin_screens_for_admins_only(client, world):
    slug = world.org_a.slug
    sign_in(client, world.admin_a.user)
    page = client.get(reverse("organisations:dashboard", kwargs={"org_slug": slug})).content
    for name in ("admin_settings", "admin_departments", "admin_job_functions", "admin_members"):
        assert reverse(f"organisations:{name}", kwargs={"org_slug": slug}).encode() in page
    assert reverse("organisations:audit:log", kwargs={"org_slug": slug}).encode() in page
    sign_in(client, world.employee_a.user)
    page = client.get(reverse("organisations:dashboard", kwargs={"org_slug": slug})).content
    assert b"/beheer/" not in page
