"""Department tree: create, rename, move (never under itself), delete only when empty."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import DepartmentFactory
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import Department


def _url(world, name, **kwargs):
    return reverse(f"organisations:{name}", kwargs={"org_slug": world.org_a.slug, **kwargs})


def _department(pk):
    with scopes_disabled():
        return Department.objects.get(pk=pk)


@pytest.fixture
def admin(client, world):
    sign_in(client, world.admin_a.user)
    return client


@pytest.mark.django_db
def test_tree_lists_departments_indented(admin, world, django_assert_max_num_queries):
    with scopes_disabled():
        for i in range(15):
            DepartmentFactory(organisation=world.org_a, name=f"Unit {i}", parent=world.cathlab)
    with django_assert_max_num_queries(15):
        response = admin.get(_url(world, "admin_departments"))
    html = response.content.decode()
    assert response.status_code == 200
    # Cathlab is rendered inside Hartcentrum's nested list.
    assert html.index("Hartcentrum") < html.index("Cathlab") < html.index("Unit 0")
    assert html.count('class="zw-tree"') >= 2


@pytest.mark.django_db
def test_create_department_under_parent_is_audited(admin, world):
    response = admin.post(
        _url(world, "admin_department_create"),
        {"name": "Spoedeisende hulp", "code": "SEH", "parent": world.surgery.pk},
    )
    assert response.status_code == 302
    with scopes_disabled():
        department = Department.objects.get(organisation=world.org_a, name="Spoedeisende hulp")
    assert department.parent_id == world.surgery.pk
    assert department.path == f"{world.surgery.path}{department.pk}/"
    entry = AuditEntry.objects.get(action="organisations.department.created")
    assert entry.kind == "change"
    assert entry.actor_id == world.admin_a.user.pk
    assert entry.organisation_id == world.org_a.pk
    assert entry.object_id == str(department.pk)


@pytest.mark.django_db
def test_parent_from_other_organisation_is_a_field_error(admin, world):
    with scopes_disabled():
        foreign = DepartmentFactory(organisation=world.org_b, name="Noord")
        before = Department.objects.count()
    response = admin.post(
        _url(world, "admin_department_create"), {"name": "Stiekem", "parent": foreign.pk}
    )
    assert response.status_code == 400
    assert "parent" in response.context["form"].errors
    assert 'value="Stiekem"' in response.content.decode()  # what was typed is kept
    with scopes_disabled():
        assert Department.objects.count() == before
    assert not AuditEntry.objects.filter(action__startswith="organisations.department").exists()


@pytest.mark.django_db
def test_rename_and_move_updates_subtree_paths(admin, world):
    response = admin.post(
        _url(world, "admin_department_edit", department_id=world.cardiology.pk),
        {"name": "Hart- en vaatcentrum", "code": "HVC", "parent": world.surgery.pk},
    )
    assert response.status_code == 302
    cardiology, cathlab = _department(world.cardiology.pk), _department(world.cathlab.pk)
    assert cardiology.name == "Hart- en vaatcentrum"
    assert cardiology.path == f"/{world.surgery.pk}/{cardiology.pk}/"
    assert cathlab.path == f"{cardiology.path}{cathlab.pk}/"
    assert cathlab.depth == 2
    entry = AuditEntry.objects.get(action="organisations.department.updated")
    assert entry.data["changes"]["parent"] == [None, world.surgery.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["self", "descendant"])
def test_moving_under_itself_or_descendant_is_refused(admin, world, target):
    parent = world.cardiology if target == "self" else world.cathlab
    response = admin.post(
        _url(world, "admin_department_edit", department_id=world.cardiology.pk),
        {"name": "Hartcentrum", "parent": parent.pk},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["parent"]
    assert "onder zichzelf of een eigen onderafdeling" in errors[0]
    assert _department(world.cardiology.pk).parent_id is None


@pytest.mark.django_db
def test_duplicate_name_under_same_parent_is_a_field_error(admin, world):
    response = admin.post(
        _url(world, "admin_department_create"), {"name": "cathlab", "parent": world.cardiology.pk}
    )
    assert response.status_code == 400
    assert "name" in response.context["form"].errors


@pytest.mark.django_db
def test_delete_refused_while_not_empty_and_explained(admin, world):
    url = _url(world, "admin_department_delete", department_id=world.cardiology.pk)
    response = admin.post(url, follow=True)
    html = response.content.decode()
    assert "Er vallen nog afdelingen onder deze afdeling." in html
    assert "Er zijn nog medewerkers aan deze afdeling gekoppeld." in html
    with scopes_disabled():
        assert Department.objects.filter(pk=world.cardiology.pk).exists()
    edit = admin.get(_url(world, "admin_department_edit", department_id=world.cardiology.pk))
    assert "kan nog niet worden verwijderd" in edit.content.decode()


@pytest.mark.django_db
def test_delete_empty_department(admin, world):
    with scopes_disabled():
        empty = DepartmentFactory(organisation=world.org_a, name="Leeg", parent=world.surgery)
    response = admin.post(_url(world, "admin_department_delete", department_id=empty.pk))
    assert response.status_code == 302
    with scopes_disabled():
        assert not Department.objects.filter(pk=empty.pk).exists()
    assert AuditEntry.objects.filter(
        action="organisations.department.deleted", object_id=str(empty.pk)
    ).exists()


@pytest.mark.django_db
def test_get_on_delete_is_not_allowed(admin, world):
    response = admin.get(_url(world, "admin_department_delete", department_id=world.surgery.pk))
    assert response.status_code == 405
