import pytest
from django_scopes import scope, scopes_disabled

from tests.competences.factories import DeviceFactory
from zorgwijs.competences.models import (
    IndividualRequirement,
    PassportLine,
    ProfileItem,
    RequirementProfile,
)
from zorgwijs.competences.requirements import requirements_refresh as _refresh

pytestmark = pytest.mark.django_db


def requirements_refresh(*, organisation, **kw):
    with scope(organisation=organisation.pk):
        return _refresh(organisation=organisation, **kw)


def _levels(world, membership):
    with scope(organisation=world.org_a.pk):
        return {
            line.item.name: line.level
            for line in PassportLine.objects.filter(membership=membership).select_related("item")
        }


@pytest.fixture
def profiles(world):
    with scopes_disabled():
        pump = DeviceFactory(organisation=world.org_a, name="Infuuspomp")
        balloon = DeviceFactory(organisation=world.org_a, name="Intra-aortale ballonpomp")
        bls = DeviceFactory(organisation=world.org_a, name="BLS")
        heart = RequirementProfile.objects.create(organisation=world.org_a, name="Hartcentrum")
        heart.departments.add(world.cardiology)
        ProfileItem.objects.create(profile=heart, item=balloon)
        ProfileItem.objects.create(profile=heart, item=bls, level="recommended")
        nurses = RequirementProfile.objects.create(organisation=world.org_a, name="Verpleging")
        nurses.functions.add(world.employee_a.job_function)
        ProfileItem.objects.create(profile=nurses, item=pump)
        ProfileItem.objects.create(profile=nurses, item=bls)
    return pump, balloon, bls


def test_union_of_profiles_with_subdepartments_required_wins(world, profiles):
    requirements_refresh(organisation=world.org_a)
    # employee_a: nurse in Cathlab (under Hartcentrum)
    assert _levels(world, world.employee_a) == {
        "Infuuspomp": "required",
        "Intra-aortale ballonpomp": "required",
        "BLS": "required",
    }
    # colleague_a: nurse in surgery; manager_a: no function, in Hartcentrum
    assert _levels(world, world.colleague_a) == {"Infuuspomp": "required", "BLS": "required"}
    assert _levels(world, world.manager_a) == {
        "Intra-aortale ballonpomp": "required",
        "BLS": "recommended",
    }


def test_profile_with_functions_and_departments_needs_both(world, profiles):
    pump, balloon, bls = profiles
    with scopes_disabled():
        both = RequirementProfile.objects.create(organisation=world.org_a, name="IC-verpleging")
        both.functions.add(world.employee_a.job_function)
        both.departments.add(world.surgery)
        extra = DeviceFactory(organisation=world.org_a, name="Beademing")
        ProfileItem.objects.create(profile=both, item=extra)
    requirements_refresh(organisation=world.org_a)
    assert "Beademing" in _levels(world, world.colleague_a)
    assert "Beademing" not in _levels(world, world.employee_a)


def test_moving_department_keeps_lines_and_history(world, profiles):
    requirements_refresh(organisation=world.org_a)
    with scopes_disabled():
        world.employee_a.primary_department = world.surgery
        world.employee_a.save()
        IndividualRequirement.objects.create(
            organisation=world.org_a,
            membership=world.employee_a,
            item=profiles[0],
            level="required",
        )
    requirements_refresh(organisation=world.org_a, memberships=[world.employee_a])
    levels = _levels(world, world.employee_a)
    assert levels["Intra-aortale ballonpomp"] == ""  # kept, no longer required
    assert levels["Infuuspomp"] == "required"


def test_refresh_is_idempotent(world, profiles):
    assert requirements_refresh(organisation=world.org_a) > 0
    assert requirements_refresh(organisation=world.org_a) == 0
