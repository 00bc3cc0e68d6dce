"""Memberships and roles: who sees whom, who may change what, and what is audited."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests.factories import DepartmentFactory, MembershipFactory, UserFactory
from zorgwijs.accounts.models import User
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.access import org_access_for
from zorgwijs.organisations.models import Membership, RoleAssignment

pytestmark = pytest.mark.django_db


def _people(world) -> str:
    return f"/organisations/{world.org_a.slug}/memberships"


def _names(response) -> set[str]:
    return {item["full_name"] for item in response.json()["items"]}


# Reading ----------------------------------------------------------------------------------------


def test_each_actor_lists_only_the_people_they_may_see(world, admin, manager, employee, outsider):
    assert _names(admin.get(_people(world))) == {
        "Anna Beheer",
        "Mark Leiding",
        "Eva Medewerker",
        "Carl Chirurg",
    }
    # The manager manages Hartcentrum, so he sees its Cathlab too, but not Chirurgie.
    assert _names(manager.get(_people(world))) == {"Mark Leiding", "Eva Medewerker"}
    assert _names(employee.get(_people(world))) == {"Eva Medewerker"}
    assert outsider.get(_people(world)).status_code == 404


def test_list_pages_with_total(world, admin):
    first = admin.get(_people(world), limit=2).json()
    second = admin.get(_people(world), limit=2, offset=2).json()
    assert first["total"] == second["total"] == 4
    assert [i["full_name"] for i in first["items"]] == ["Anna Beheer", "Carl Chirurg"]
    assert [i["full_name"] for i in second["items"]] == ["Eva Medewerker", "Mark Leiding"]
    assert admin.get(_people(world), limit=0).status_code == 422
    assert admin.get(_people(world), limit=201).status_code == 422


def test_list_filters_on_name(world, admin, manager):
    assert _names(admin.get(_people(world), q="chirurg")) == {"Carl Chirurg"}
    assert admin.get(_people(world), q="chirurg").json()["total"] == 1
    assert _names(manager.get(_people(world), q="chirurg")) == set()


def test_list_records_a_view_of_each_person_on_the_page(world, manager):
    manager.get(_people(world))
    entries = AuditEntry.objects.filter(action="organisations.membership.listed")
    assert entries.count() == 2
    assert {e.subject_user_id for e in entries} == {
        world.manager_a.user_id,
        world.employee_a.user_id,
    }
    assert {e.kind for e in entries} == {"view"}


def test_list_item_fields(world, admin):
    items = {i["full_name"]: i for i in admin.get(_people(world)).json()["items"]}
    eva = items["Eva Medewerker"]
    assert eva["id"] == world.employee_a.pk
    assert eva["job_function"]["name"] == "Verpleegkundige"
    assert eva["primary_department"] == {"id": world.cathlab.pk, "name": "Cathlab"}
    assert eva["is_active"] is True
    assert eva["email"] == world.employee_a.user.email


@pytest.mark.parametrize(
    ("actor", "target", "status"),
    [
        ("admin", "colleague_a", 200),
        ("manager", "employee_a", 200),
        ("manager", "colleague_a", 404),
        ("employee", "employee_a", 200),
        ("employee", "colleague_a", 404),
        ("outsider", "employee_a", 404),
    ],
)
def test_detail_only_for_people_one_may_see(world, request, actor, target, status):
    client = request.getfixturevalue(actor)
    membership = getattr(world, target)
    response = client.get(f"{_people(world)}/{membership.pk}")
    assert response.status_code == status
    viewed = AuditEntry.objects.filter(
        action="organisations.membership.viewed", subject_user_id=membership.user_id
    )
    assert viewed.count() == (1 if status == 200 else 0)
    if status == 200:
        assert response.json()["full_name"] == membership.user.full_name
    else:
        assert response.json() == {"detail": "Niet gevonden."}


def test_membership_of_another_organisation_is_not_found(world, admin):
    response = admin.get(f"{_people(world)}/{world.outsider_b.pk}")
    assert response.status_code == 404
    assert (
        admin.patch(f"{_people(world)}/{world.outsider_b.pk}", {"employee_number": "1"}).status_code
        == 404
    )


# Creating and changing --------------------------------------------------------------------------


def test_admin_employs_a_new_person(world, admin):
    response = admin.post(
        _people(world),
        {
            "email": "Nieuw@Example.org",
            "full_name": "Nina Nieuw",
            "employee_number": "N-1",
            "job_function_id": world.employee_a.job_function_id,
            "primary_department_id": world.surgery.pk,
            "extra_department_ids": [world.cathlab.pk],
            "line_manager_id": world.manager_a.pk,
            "start_date": "2026-01-01",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["email"] == "nieuw@example.org"
    assert body["extra_departments"] == [{"id": world.cathlab.pk, "name": "Cathlab"}]
    assert body["line_manager"] == {"id": world.manager_a.pk, "full_name": "Mark Leiding"}
    user = User.objects.get(email="nieuw@example.org")
    assert not user.has_usable_password()
    entry = AuditEntry.objects.get(action="organisations.membership.created")
    assert entry.kind == "change" and entry.subject_user_id == user.pk


def test_existing_account_is_employed_not_duplicated(world, admin):
    olaf = world.outsider_b.user
    response = admin.post(_people(world), {"email": olaf.email, "full_name": "Andere Naam"})
    assert response.status_code == 201
    assert response.json()["full_name"] == "Olaf Buiten"
    assert User.objects.filter(email=olaf.email).count() == 1


def test_conflicts_are_409_and_change_nothing(world, admin):
    eva = world.employee_a.user
    again = admin.post(_people(world), {"email": eva.email, "full_name": "Eva"})
    assert again.status_code == 409
    assert again.json()["errors"] == {
        "email": ["Deze persoon heeft al een dienstverband bij deze organisatie."]
    }
    taken_number = admin.post(
        _people(world),
        {
            "email": "x@example.org",
            "full_name": "X",
            "employee_number": world.employee_a.employee_number,
        },
    )
    assert taken_number.status_code == 409, taken_number.json()
    assert taken_number.json()["detail"] == "Dit personeelsnummer is al in gebruik."
    other = admin.patch(
        f"{_people(world)}/{world.colleague_a.pk}",
        {"employee_number": world.employee_a.employee_number},
    )
    assert other.status_code == 409
    assert not User.objects.filter(email="x@example.org").exists()
    assert (
        not AuditEntry.objects.filter(kind="change")
        .exclude(action__startswith="accounts.")
        .exists()
    )


def test_invalid_membership_changes_nothing(world, admin):
    with scopes_disabled():
        foreign = DepartmentFactory(organisation=world.org_b, name="Elders")
    cases = [
        ({"primary_department_id": foreign.pk}, 400, "primary_department_id"),
        ({"extra_department_ids": [world.cathlab.pk, foreign.pk]}, 400, "extra_department_ids"),
        ({"line_manager_id": world.outsider_b.pk}, 400, "line_manager_id"),
        ({"start_date": "2026-02-01", "end_date": "2026-01-01"}, 400, "end_date"),
        ({"email": "geen-adres"}, 422, None),
    ]
    for extra, status, field in cases:
        body = {"email": "y@example.org", "full_name": "Y", **extra}
        response = admin.post(_people(world), body)
        assert response.status_code == status, (extra, response.json())
        if field:
            assert list(response.json()["errors"]) == [field]
    assert not User.objects.filter(email="y@example.org").exists()
    with scopes_disabled():
        assert Membership.objects.filter(organisation=world.org_a).count() == 4


@pytest.mark.parametrize(
    ("actor", "status"), [("employee", 403), ("manager", 403), ("outsider", 404)]
)
def test_only_people_managers_employ_and_change(world, request, actor, status):
    client = request.getfixturevalue(actor)
    assert (
        client.post(_people(world), {"email": "z@example.org", "full_name": "Z"}).status_code
        == status
    )
    own = getattr(world, f"{actor}_a" if actor != "outsider" else "employee_a")
    response = client.patch(f"{_people(world)}/{own.pk}", {"employee_number": "gewijzigd"})
    assert response.status_code == status
    assert not User.objects.filter(email="z@example.org").exists()
    with scopes_disabled():
        assert not Membership.objects.filter(employee_number="gewijzigd").exists()


def test_admin_updates_membership_partially(world, admin):
    url = f"{_people(world)}/{world.employee_a.pk}"
    response = admin.patch(
        url,
        {
            "primary_department_id": world.surgery.pk,
            "extra_department_ids": [world.cathlab.pk],
            "end_date": "2030-12-31",
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["primary_department"]["name"] == "Chirurgie"
    assert body["job_function"]["name"] == "Verpleegkundige"  # left out: unchanged
    assert body["end_date"] == "2030-12-31"
    cleared = admin.patch(url, {"job_function_id": None, "extra_department_ids": []}).json()
    assert cleared["job_function"] is None and cleared["extra_departments"] == []
    assert cleared["primary_department"]["name"] == "Chirurgie"
    entries = AuditEntry.objects.filter(action="organisations.membership.updated")
    assert entries.count() == 2
    first = entries.order_by("id").first().data["changes"]
    assert first["primary_department"] == [world.cathlab.pk, world.surgery.pk]
    assert first["end_date"] == [None, "2030-12-31"]
    assert first["extra_departments"] == [[], [world.cathlab.pk]]


def test_nobody_is_their_own_line_manager(world, admin):
    url = f"{_people(world)}/{world.employee_a.pk}"
    response = admin.patch(url, {"line_manager_id": world.employee_a.pk})
    assert response.status_code == 400
    assert response.json()["detail"] == "Iemand kan niet zijn eigen leidinggevende zijn."


# Roles ------------------------------------------------------------------------------------------


def _roles(world, membership) -> str:
    return f"{_people(world)}/{membership.pk}/roles"


@pytest.mark.parametrize(
    ("actor", "status"), [("admin", 200), ("manager", 403), ("employee", 403), ("outsider", 404)]
)
def test_roles_are_read_by_role_managers_only(world, request, actor, status):
    response = request.getfixturevalue(actor).get(_roles(world, world.manager_a))
    assert response.status_code == status
    if status == 200:
        assert response.json() == [
            {
                "role": "manager",
                "label": "Leidinggevende",
                "departments": [{"id": world.cardiology.pk, "name": "Hartcentrum"}],
            }
        ]


def test_admin_sets_roles_and_access_follows(world, admin):
    response = admin.put(
        _roles(world, world.employee_a),
        {
            "roles": [
                {"role": "manager", "department_ids": [world.surgery.pk]},
                {"role": "assessor"},
            ]
        },
    )
    assert response.status_code == 200, response.json()
    assert [r["role"] for r in response.json()] == ["assessor", "manager"]
    access = org_access_for(world.employee_a.user, world.org_a.slug)
    assert access.roles == {"manager", "assessor"}
    with scopes_disabled():
        names = {m.user.full_name for m in access.visible_memberships().select_related("user")}
    assert names == {"Eva Medewerker", "Carl Chirurg"}
    entry = AuditEntry.objects.get(action="organisations.membership.roles_changed")
    assert entry.data["before"] == [] and entry.subject_user_id == world.employee_a.user_id

    assert admin.put(_roles(world, world.employee_a), {"roles": []}).json() == []
    with scopes_disabled():
        assert not RoleAssignment.objects.filter(membership=world.employee_a).exists()


@pytest.mark.parametrize(
    ("roles", "status"),
    [
        ([{"role": "manager"}], 400),
        ([{"role": "assessor", "department_ids": ["DEPT"]}], 400),
        ([{"role": "assessor"}, {"role": "assessor"}], 400),
        ([{"role": "manager", "department_ids": ["FOREIGN"]}], 400),
        ([{"role": "chef"}], 422),
    ],
)
def test_invalid_roles_change_nothing(world, admin, roles, status):
    with scopes_disabled():
        foreign = DepartmentFactory(organisation=world.org_b, name="Elders")
    ids = {"DEPT": world.surgery.pk, "FOREIGN": foreign.pk}
    for role in roles:
        role["department_ids"] = [ids[d] for d in role.get("department_ids", [])]
    response = admin.put(_roles(world, world.manager_a), {"roles": roles})
    assert response.status_code == status, response.json()
    with scopes_disabled():
        assignment = RoleAssignment.objects.get(membership=world.manager_a)
        assert assignment.role == "manager"
        assert list(assignment.departments.all()) == [world.cardiology]


def test_admin_cannot_take_away_own_admin_role(world, admin):
    response = admin.put(_roles(world, world.admin_a), {"roles": [{"role": "editor"}]})
    assert response.status_code == 409
    assert response.json()["detail"] == "Je kunt je eigen beheerdersrol niet intrekken."
    assert org_access_for(world.admin_a.user, world.org_a.slug).roles == {"admin"}


def test_role_managers_only_change_roles(world, manager, employee, outsider):
    body = {"roles": [{"role": "admin"}]}
    assert manager.put(_roles(world, world.manager_a), body).status_code == 403
    assert employee.put(_roles(world, world.employee_a), body).status_code == 403
    assert outsider.put(_roles(world, world.employee_a), body).status_code == 404
    assert org_access_for(world.employee_a.user, world.org_a.slug).roles == frozenset()


def test_ended_membership_is_visible_to_admin_but_grants_nothing(world, admin):
    with scopes_disabled():
        former = MembershipFactory(
            organisation=world.org_a,
            user=UserFactory(full_name="Oud Medewerker"),
            end_date="2020-01-01",
        )
    response = admin.get(f"{_people(world)}/{former.pk}")
    assert response.status_code == 200 and response.json()["is_active"] is False
    from .conftest import ApiClient, make_token

    former_client = ApiClient(make_token(former.user))
    assert former_client.get(_people(world)).status_code == 404
