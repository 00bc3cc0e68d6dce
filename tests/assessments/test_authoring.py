"""Authors (coordinators): tests, pools, checklists and xAPI activities, with bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.assessments.factories import medication_item, medication_test
from tests.competences.factories import DeviceFactory
from tests.signin import sign_in
from zorgwijs.assessments.models import Checklist, KnowledgeTest, QuestionPool, XapiActivity

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"


def _url(name, **kw):
    return reverse(f"assessments:{name}", kwargs={"org_slug": SLUG, **kw})


def test_a_test_needs_an_item_that_takes_theory(client, world, coordinator):
    with scopes_disabled():
        pump = DeviceFactory(organisation=world.org_a, name="Pomp")  # e-learning, practical
    item = medication_item(world)
    sign_in(client, coordinator.user, mfa=True)
    data = {"title": "Pomptoets", "pass_percent": "80", "wait_hours": "0", "is_active": "on"}
    response = client.post(_url("test_create"), {**data, "item": pump.pk})
    assert response.status_code == 400
    assert "theorietoets niet als bewijs" in response.content.decode()
    assert 'value="Pomptoets"' in response.content.decode()
    response = client.post(_url("test_create"), {**data, "item": item.pk})
    assert response.status_code == 302
    with scopes_disabled():
        test = KnowledgeTest.objects.get(title="Pomptoets")
    response = client.post(
        _url("test_edit", test_id=test.pk), {"action": "pool", "name": "Basis", "draw_count": "0"}
    )
    assert response.status_code == 400
    response = client.post(
        _url("test_edit", test_id=test.pk), {"action": "pool", "name": "Basis", "draw_count": "4"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert QuestionPool.objects.get(test=test).draw_count == 4
    again = {"action": "pool", "name": "Basis", "draw_count": "2"}
    response = client.post(_url("test_edit", test_id=test.pk), again)
    assert response.status_code == 400 and "al een pool met deze naam" in response.content.decode()
    response = client.post(_url("test_create"), {**data, "item": item.pk})
    assert response.status_code == 400 and "Deze titel bestaat al" in response.content.decode()


def test_checklist_lines_with_critical_criteria(client, world, coordinator):
    item = medication_item(world)
    sign_in(client, coordinator.user, mfa=True)
    data = {"item": item.pk, "title": "Injectie", "pass_percent": "75", "is_active": "on"}
    response = client.post(_url("checklist_create"), {**data, "criteria_lines": "!\n \n"})
    assert response.status_code == 400
    lines = "!Controleert de patiënt\nLegt uit\n\nRuimt op"
    assert (
        client.post(_url("checklist_create"), {**data, "criteria_lines": lines}).status_code == 302
    )
    with scopes_disabled():
        criteria = list(Checklist.objects.get().criteria.values_list("text", "critical"))
    assert criteria == [
        ("Controleert de patiënt", True),
        ("Legt uit", False),
        ("Ruimt op", False),
    ]


def test_xapi_activity_mapping_refuses_a_duplicate(client, world, coordinator):
    item = medication_item(world)
    sign_in(client, coordinator.user, mfa=True)
    data = {"iri": "https://leren.example.org/a/1", "item": item.pk, "min_scaled_score": "0,8"}
    assert client.post(_url("xapi_activities"), data).status_code == 302
    response = client.post(_url("xapi_activities"), data)
    assert response.status_code == 400
    assert "al gekoppeld" in response.content.decode()
    with scopes_disabled():
        assert float(XapiActivity.objects.get().min_scaled_score) == 0.8


def test_management_pages_need_the_author_capability(client, world):
    test = medication_test(world)
    sign_in(client, world.manager_a.user, mfa=True)
    for url in (_url("manage"), _url("test_edit", test_id=test.pk), _url("xapi_activities")):
        assert client.get(url).status_code == 403
