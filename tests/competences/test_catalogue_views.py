import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.signin import sign_in
from zorgwijs.competences.models import CompetenceItem, PassportLine, RequirementProfile

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"


def _url(name, **kw):
    return reverse(f"competences:{name}", kwargs={"org_slug": SLUG, **kw})


def test_install_default_catalogue_once(client, world):
    sign_in(client, world.admin_a.user)
    client.post(_url("catalogue_install"))
    client.post(_url("catalogue_install"))
    with scopes_disabled():
        items = CompetenceItem.objects.filter(organisation=world.org_a)
        assert items.filter(kind="reserved").count() == 14
        assert items.filter(name="Defibrillatie", big_code="art36-defibrillatie").exists()
        assert items.count() == 24


def test_create_item_with_clear_errors(client, world):
    sign_in(client, world.admin_a.user)
    response = client.post(
        _url("item_create"),
        {
            "kind": "training",
            "name": "BLS",
            "risk_profile": "high",
            "warning_days": 30,
            "recency_count": 3,
            "is_active": "on",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Een risicoprofiel hoort bij apparaten" in body
    assert "zowel aantal als periode" in body
    assert 'value="BLS"' in body
    with scopes_disabled():
        assert not CompetenceItem.objects.exists()


def test_profile_edit_updates_passports_at_once(client, world):
    with scopes_disabled():
        pump = DeviceFactory(organisation=world.org_a, name="Infuuspomp")
    sign_in(client, world.admin_a.user)
    response = client.post(
        _url("profile_create"),
        {
            "name": "Hartcentrum",
            "departments": [world.cardiology.pk],
            "is_active": "on",
            f"item_{pump.pk}": "required",
        },
    )
    assert response.status_code == 302
    with scope(organisation=world.org_a.pk):
        assert set(
            PassportLine.objects.filter(item=pump, level="required").values_list(
                "membership__user__full_name", flat=True
            )
        ) == {"Eva Medewerker", "Mark Leiding"}
        profile = RequirementProfile.objects.get()
    client.post(
        _url("profile_edit", profile_id=profile.pk),
        {
            "name": "Hartcentrum",
            "departments": [world.cardiology.pk],
            "is_active": "on",
            f"item_{pump.pk}": "",
        },
    )
    with scope(organisation=world.org_a.pk):
        assert not PassportLine.objects.filter(item=pump, level="required").exists()


def test_profile_refuses_departments_of_another_organisation(client, world):
    with scopes_disabled():
        from tests.factories import DepartmentFactory

        foreign = DepartmentFactory(organisation=world.org_b, name="Vreemd")
    sign_in(client, world.admin_a.user)
    response = client.post(_url("profile_create"), {"name": "X", "departments": [foreign.pk]})
    assert response.status_code == 400
    with scopes_disabled():
        assert not RequirementProfile.objects.exists()


def test_catalogue_capability(client, world):
    sign_in(client, world.manager_a.user)
    assert client.get(_url("catalogue")).status_code == 403
    sign_in(client, world.outsider_b.user)
    assert client.get(_url("catalogue")).status_code == 404
