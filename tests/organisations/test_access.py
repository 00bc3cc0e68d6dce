import pytest
from django.http import Http404
from django_scopes import scopes_disabled

from zorgwijs.organisations.access import org_access_for


def _visible_names(access):
    with scopes_disabled():
        return {m.user.full_name for m in access.visible_memberships().select_related("user")}


@pytest.mark.django_db
def test_outsider_gets_404(world):
    with pytest.raises(Http404):
        org_access_for(world.outsider_b.user, world.org_a.slug)


@pytest.mark.django_db
def test_manager_sees_own_departments_including_subdepartments(world):
    access = org_access_for(world.manager_a.user, world.org_a.slug)
    assert _visible_names(access) == {"Mark Leiding", "Eva Medewerker"}


@pytest.mark.django_db
def test_admin_sees_whole_organisation_employee_only_self(world):
    admin = org_access_for(world.admin_a.user, world.org_a.slug)
    employee = org_access_for(world.employee_a.user, world.org_a.slug)
    assert "Carl Chirurg" in _visible_names(admin)
    assert "Olaf Buiten" not in _visible_names(admin)
    assert _visible_names(employee) == {"Eva Medewerker"}


@pytest.mark.django_db
def test_ended_membership_grants_nothing(world):
    import datetime

    with scopes_disabled():
        world.employee_a.end_date = datetime.date(2020, 1, 1)
        world.employee_a.save()
    with pytest.raises(Http404):
        org_access_for(world.employee_a.user, world.org_a.slug)
