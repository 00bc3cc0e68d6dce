"""People: list with search and filters, add (reusing accounts), edit, end; never delete."""

import datetime

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import (
    DepartmentFactory,
    JobFunctionFactory,
    MembershipFactory,
    UserFactory,
)
from tests.signin import sign_in
from zorgwijs.accounts.models import User
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import Membership


def _url(world, name, **kwargs):
    return reverse(f"organisations:{name}", kwargs={"org_slug": world.org_a.slug, **kwargs})


@pytest.fixture
def admin(client, world):
    sign_in(client, world.admin_a.user)
    return client


def _names(response):
    return {m.user.full_name for m in response.context["page"]}


@pytest.mark.django_db
def test_list_filters_by_department_including_subdepartments(admin, world):
    response = admin.get(_url(world, "admin_members"), {"afdeling": world.cardiology.pk})
    assert _names(response) == {"Mark Leiding", "Eva Medewerker"}  # Eva is in Cathlab
    response = admin.get(_url(world, "admin_members"), {"afdeling": world.cathlab.pk})
    assert _names(response) == {"Eva Medewerker"}


@pytest.mark.django_db
def test_list_filters_by_extra_department_function_and_search(admin, world):
    with scopes_disabled():
        world.colleague_a.extra_departments.add(world.cathlab)
        nurse = world.employee_a.job_function
    response = admin.get(_url(world, "admin_members"), {"afdeling": world.cardiology.pk})
    assert "Carl Chirurg" in _names(response)
    response = admin.get(_url(world, "admin_members"), {"functie": nurse.pk})
    assert _names(response) == {"Eva Medewerker", "Carl Chirurg"}
    response = admin.get(_url(world, "admin_members"), {"q": "chirurg"})
    assert _names(response) == {"Carl Chirurg"}
    response = admin.get(_url(world, "admin_members"), {"q": world.employee_a.employee_number})
    assert _names(response) == {"Eva Medewerker"}


@pytest.mark.django_db
def test_list_active_and_ended(admin, world):
    with scopes_disabled():
        Membership.objects.filter(pk=world.colleague_a.pk).update(
            end_date=datetime.date(2020, 1, 31)
        )
    names = _names(admin.get(_url(world, "admin_members")))
    assert "Carl Chirurg" not in names and "Olaf Buiten" not in names
    ended = _names(admin.get(_url(world, "admin_members"), {"status": "uit-dienst"}))
    assert ended == {"Carl Chirurg"}
    everyone = _names(admin.get(_url(world, "admin_members"), {"status": "alle"}))
    assert everyone == {"Anna Beheer", "Mark Leiding", "Eva Medewerker", "Carl Chirurg"}


@pytest.mark.django_db
def test_foreign_filter_ids_are_rejected_not_applied(admin, world):
    with scopes_disabled():
        foreign = DepartmentFactory(organisation=world.org_b, name="Noord")
    response = admin.get(_url(world, "admin_members"), {"afdeling": foreign.pk})
    assert response.status_code == 200
    assert "afdeling" in response.context["filters"].errors
    assert "Olaf Buiten" not in response.content.decode()


@pytest.mark.django_db
def test_list_query_count_does_not_grow(admin, world, django_assert_max_num_queries):
    with scopes_disabled():
        function = JobFunctionFactory(organisation=world.org_a, name="Arts")
        for _ in range(40):
            MembershipFactory(
                organisation=world.org_a, job_function=function, primary_department=world.surgery
            )
    # 17: the page's own 16 and the header's unread-notifications count.
    with django_assert_max_num_queries(17):
        response = admin.get(_url(world, "admin_members"), {"afdeling": world.surgery.pk})
    assert len(response.context["page"].object_list) == 41


@pytest.mark.django_db
def test_add_person_creates_account_and_membership(admin, world):
    response = admin.post(
        _url(world, "admin_member_add"),
        {
            "email": "Nieuw.Persoon@Example.org",
            "full_name": "Nina Nieuw",
            "employee_number": "900001",
            "job_function": world.employee_a.job_function_id,
            "primary_department": world.cathlab.pk,
            "extra_departments": [world.surgery.pk, world.cardiology.pk],
            "line_manager": world.manager_a.pk,
            "start_date": "2026-01-01",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw.persoon@example.org")
    assert not user.has_usable_password()
    with scopes_disabled():
        membership = Membership.objects.get(organisation=world.org_a, user=user)
        assert set(membership.extra_departments.values_list("pk", flat=True)) == {
            world.surgery.pk,
            world.cardiology.pk,
        }
    assert membership.line_manager_id == world.manager_a.pk
    entry = AuditEntry.objects.get(action="organisations.membership.created")
    assert entry.subject_user_id == user.pk and entry.kind == "change"
    assert entry.data == {"user_created": True}


@pytest.mark.django_db
def test_add_person_reuses_existing_account(admin, world):
    # Olaf works at organisation B and now also starts at A: same account, second membership.
    olaf = world.outsider_b.user
    response = admin.post(
        _url(world, "admin_member_add"),
        {
            "email": olaf.email.upper(),
            "full_name": "Andere Naam",
            "employee_number": "900002",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=olaf.email).count() == 1
    olaf.refresh_from_db()
    assert olaf.full_name == "Olaf Buiten"  # the account's name is not overwritten
    with scopes_disabled():
        assert Membership.objects.filter(user=olaf).count() == 2
    assert AuditEntry.objects.get(action="organisations.membership.created").data == {
        "user_created": False
    }


@pytest.mark.django_db
def test_add_existing_member_twice_is_a_field_error(admin, world):
    response = admin.post(
        _url(world, "admin_member_add"), {"email": world.employee_a.user.email, "full_name": "Eva"}
    )
    assert response.status_code == 400
    assert "al een dienstverband" in response.context["form"].errors["email"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["primary_department", "extra_departments", "job_function", "line_manager"]
)
def test_foreign_ids_in_add_form_are_field_errors_nothing_saved(admin, world, field):
    with scopes_disabled():
        foreign = {
            "primary_department": DepartmentFactory(organisation=world.org_b).pk,
            "extra_departments": DepartmentFactory(organisation=world.org_b).pk,
            "job_function": JobFunctionFactory(organisation=world.org_b).pk,
            "line_manager": world.outsider_b.pk,
        }[field]
    users_before = User.objects.count()
    response = admin.post(
        _url(world, "admin_member_add"),
        {"email": "injectie@example.org", "full_name": "Ingrid Injectie", field: foreign},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    assert 'value="injectie@example.org"' in html and 'value="Ingrid Injectie"' in html
    assert User.objects.count() == users_before
    assert not AuditEntry.objects.filter(kind="change").exists()


@pytest.mark.django_db
def test_edit_membership_with_foreign_department_is_rejected(admin, world):
    with scopes_disabled():
        foreign = DepartmentFactory(organisation=world.org_b, name="Noord")
    url = _url(world, "admin_member", membership_id=world.employee_a.pk)
    response = admin.post(url, {"employee_number": "X1", "primary_department": foreign.pk})
    assert response.status_code == 400
    assert "primary_department" in response.context["form"].errors
    with scopes_disabled():
        world.employee_a.refresh_from_db()
    assert world.employee_a.primary_department_id == world.cathlab.pk
    assert world.employee_a.employee_number != "X1"


@pytest.mark.django_db
def test_edit_membership_is_audited_with_changes(admin, world):
    url = _url(world, "admin_member", membership_id=world.employee_a.pk)
    response = admin.post(
        url,
        {
            "employee_number": "777",
            "job_function": world.employee_a.job_function_id,
            "primary_department": world.surgery.pk,
            "extra_departments": [world.cathlab.pk],
            "line_manager": world.manager_a.pk,
            "start_date": "2025-03-01",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        member = Membership.objects.get(pk=world.employee_a.pk)
        assert list(member.extra_departments.values_list("pk", flat=True)) == [world.cathlab.pk]
    assert member.employee_number == "777"
    assert member.primary_department_id == world.surgery.pk
    entry = AuditEntry.objects.get(action="organisations.membership.updated")
    assert entry.subject_user_id == world.employee_a.user_id
    assert entry.data["changes"]["primary_department"] == [world.cathlab.pk, world.surgery.pk]
    assert entry.data["changes"]["start_date"] == [None, "2025-03-01"]


@pytest.mark.django_db
def test_duplicate_employee_number_is_a_field_error(admin, world):
    url = _url(world, "admin_member", membership_id=world.employee_a.pk)
    response = admin.post(url, {"employee_number": world.colleague_a.employee_number})
    assert response.status_code == 400
    assert response.context["form"].errors["employee_number"] == [
        "Dit personeelsnummer is al in gebruik."
    ]


@pytest.mark.django_db
def test_end_membership_sets_end_date_and_never_deletes(admin, world):
    url = _url(world, "admin_member_end", membership_id=world.colleague_a.pk)
    response = admin.post(url, {"einde-end_date": "2026-06-30"})
    assert response.status_code == 302
    with scopes_disabled():
        member = Membership.objects.get(pk=world.colleague_a.pk)
    assert member.end_date == datetime.date(2026, 6, 30)
    entry = AuditEntry.objects.get(action="organisations.membership.ended")
    assert entry.subject_user_id == world.colleague_a.user_id
    assert entry.data == {"end_date": "2026-06-30"}


@pytest.mark.django_db
def test_end_before_start_is_a_field_error(admin, world):
    with scopes_disabled():
        Membership.objects.filter(pk=world.colleague_a.pk).update(
            start_date=datetime.date(2024, 1, 1)
        )
    url = _url(world, "admin_member_end", membership_id=world.colleague_a.pk)
    response = admin.post(url, {"einde-end_date": "2023-12-31"})
    assert response.status_code == 400
    assert "begindatum" in response.context["form"].errors["end_date"][0]


@pytest.mark.django_db
def test_person_with_ended_membership_can_still_be_opened_by_admin(admin, world):
    with scopes_disabled():
        Membership.objects.filter(pk=world.colleague_a.pk).update(
            end_date=datetime.date(2020, 1, 31)
        )
    response = admin.get(_url(world, "admin_member", membership_id=world.colleague_a.pk))
    assert response.status_code == 200
    assert "uit dienst sinds" in response.content.decode()


@pytest.mark.django_db
def test_new_account_from_other_org_is_not_visible_before_added(admin, world):
    stranger = UserFactory(full_name="Sam Vreemd")
    names = _names(admin.get(_url(world, "admin_members"), {"status": "alle", "q": "Sam"}))
    assert stranger.full_name not in names
