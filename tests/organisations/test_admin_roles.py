"""Roles: grant and revoke; a manager's departments; the last admin stays."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import DepartmentFactory
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.access import org_access_for
from zorgwijs.organisations.models import Role, RoleAssignment


def _url(world, name, **kwargs):
    return reverse(f"organisations:{name}", kwargs={"org_slug": world.org_a.slug, **kwargs})


@pytest.fixture
def admin(client, world):
    sign_in(client, world.admin_a.user)
    return client


def _roles(membership):
    with scopes_disabled():
        return {
            a.role: sorted(a.departments.values_list("pk", flat=True))
            for a in RoleAssignment.objects.filter(membership=membership)
        }


@pytest.mark.django_db
def test_grant_manager_with_departments_changes_access(admin, world):
    url = _url(world, "admin_member_roles", membership_id=world.colleague_a.pk)
    response = admin.post(
        url, {"role": Role.MANAGER, "departments": [world.surgery.pk, world.cathlab.pk]}
    )
    assert response.status_code == 302
    assert _roles(world.colleague_a) == {Role.MANAGER: sorted([world.surgery.pk, world.cathlab.pk])}
    access = org_access_for(world.colleague_a.user, world.org_a.slug)
    assert access.can("people.view")
    entry = AuditEntry.objects.get(action="organisations.role.granted")
    assert entry.subject_user_id == world.colleague_a.user_id
    assert entry.data["role"] == Role.MANAGER


@pytest.mark.django_db
def test_manager_without_departments_is_a_field_error(admin, world):
    url = _url(world, "admin_member_roles", membership_id=world.colleague_a.pk)
    response = admin.post(url, {"role": Role.MANAGER})
    assert response.status_code == 400
    assert response.context["form"].errors["departments"] == [
        "Kies minstens één afdeling voor een leidinggevende."
    ]
    assert _roles(world.colleague_a) == {}


@pytest.mark.django_db
def test_foreign_department_in_role_form_is_rejected(admin, world):
    with scopes_disabled():
        foreign = DepartmentFactory(organisation=world.org_b, name="Noord")
    url = _url(world, "admin_member_roles", membership_id=world.colleague_a.pk)
    response = admin.post(
        url, {"role": Role.MANAGER, "departments": [world.surgery.pk, foreign.pk]}
    )
    assert response.status_code == 400
    assert "departments" in response.context["form"].errors
    assert _roles(world.colleague_a) == {}
    assert not AuditEntry.objects.filter(kind="change").exists()


@pytest.mark.django_db
def test_granting_a_role_twice_is_a_field_error(admin, world):
    url = _url(world, "admin_member_roles", membership_id=world.admin_a.pk)
    response = admin.post(url, {"role": Role.ADMIN})
    assert response.status_code == 400
    assert response.context["form"].errors["role"] == ["Deze persoon heeft deze rol al."]


@pytest.mark.django_db
def test_change_manager_departments(admin, world):
    with scopes_disabled():
        assignment = RoleAssignment.objects.get(membership=world.manager_a)
        foreign = DepartmentFactory(organisation=world.org_b, name="Noord")
    url = _url(
        world,
        "admin_member_role_departments",
        membership_id=world.manager_a.pk,
        assignment_id=assignment.pk,
    )
    response = admin.post(url, {f"r{assignment.pk}-departments": [foreign.pk]}, follow=True)
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert _roles(world.manager_a) == {Role.MANAGER: [world.cardiology.pk]}
    admin.post(url, {f"r{assignment.pk}-departments": [world.surgery.pk]})
    assert _roles(world.manager_a) == {Role.MANAGER: [world.surgery.pk]}
    assert AuditEntry.objects.filter(action="organisations.role.departments_changed").exists()


@pytest.mark.django_db
def test_revoke_role(admin, world):
    with scopes_disabled():
        assignment = RoleAssignment.objects.get(membership=world.manager_a)
    url = _url(
        world,
        "admin_member_role_revoke",
        membership_id=world.manager_a.pk,
        assignment_id=assignment.pk,
    )
    assert admin.post(url).status_code == 302
    assert _roles(world.manager_a) == {}
    entry = AuditEntry.objects.get(action="organisations.role.revoked")
    assert entry.subject_user_id == world.manager_a.user_id


@pytest.mark.django_db
def test_last_admin_cannot_be_revoked(admin, world):
    with scopes_disabled():
        assignment = RoleAssignment.objects.get(membership=world.admin_a)
    url = _url(
        world,
        "admin_member_role_revoke",
        membership_id=world.admin_a.pk,
        assignment_id=assignment.pk,
    )
    response = admin.post(url, follow=True)
    assert "minstens één organisatiebeheerder" in response.content.decode()
    assert _roles(world.admin_a) == {Role.ADMIN: []}


@pytest.mark.django_db
def test_assignment_of_another_member_is_404(admin, world):
    with scopes_disabled():
        assignment = RoleAssignment.objects.get(membership=world.manager_a)
    url = _url(
        world,
        "admin_member_role_revoke",
        membership_id=world.employee_a.pk,
        assignment_id=assignment.pk,
    )
    assert admin.post(url).status_code == 404
    assert _roles(world.manager_a) == {Role.MANAGER: [world.cardiology.pk]}


@pytest.mark.django_db
def test_roles_page_query_count(admin, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(18):
        response = admin.get(_url(world, "admin_member_roles", membership_id=world.manager_a.pk))
    assert "Leidinggevende" in response.content.decode()
