"""The API: taking a test, practical assessments and the xAPI intake."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.api.conftest import ApiClient, make_token
from tests.assessments.factories import checklist, medication_item, medication_test
from tests.competences.factories import authorised_assessor
from tests.factories import give_role
from zorgwijs.assessments.models import XapiActivity, XapiStatement
from zorgwijs.competences.models import CompetenceRecord
from zorgwijs.organisations.models import Role

pytestmark = pytest.mark.django_db
BASE = "/organisations/rivierenland"
IRI = "https://leren.example.org/xapi/activities/injecties"


def _client(membership) -> ApiClient:
    return ApiClient(make_token(membership.user))


def test_take_a_test_over_the_api(world):
    test = medication_test(world, numeric=2, choice=1)
    api = _client(world.employee_a)
    listed = api.get(f"{BASE}/tests").json()
    assert listed[0]["may_start"] is True
    started = api.post(f"{BASE}/tests/{test.pk}/attempts")
    assert started.status_code == 201
    body = started.json()
    content = started.content.decode()
    assert '"correct":' not in content and "answer_value" not in content
    assert "Uitleg" not in content and "explanation" not in content
    assert all(q["is_correct"] is None for q in body["questions"])
    answers = {}
    for q in body["questions"]:
        if q["kind"] == "numeric":
            number = q["text"].split(":")[0].split()[-1]
            answers[str(q["position"])] = [str(2.5 * int(number)).replace(".", ",")]
        else:
            answers[str(q["position"])] = ["2"]
    done = api.post(f"{BASE}/attempts/{body['id']}/submit", {"answers": answers})
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "passed" and done.json()["passport_record_id"]
    again = api.post(f"{BASE}/attempts/{body['id']}/submit", {"answers": answers})
    assert again.status_code == 409 and "al ingeleverd" in again.json()["detail"]
    # Someone else's attempt is not found; an author (admin) reads it.
    assert _client(world.colleague_a).get(f"{BASE}/attempts/{body['id']}").status_code == 404
    assert _client(world.admin_a).get(f"{BASE}/attempts/{body['id']}").status_code == 200


def test_checklist_over_the_api_needs_an_authorised_assessor(world):
    item = medication_item(world)
    found = checklist(world, item)
    with scopes_disabled():
        give_role(world.colleague_a, Role.ASSESSOR)
        give_role(world.manager_a, Role.ASSESSOR)
        criteria = list(found.criteria.all())
    authorised_assessor(world.colleague_a, item)
    payload = {
        "candidate_membership_id": world.employee_a.pk,
        "performed_on": timezone.localdate().isoformat(),
        "findings": [{"criterion_id": c.pk, "result": "met"} for c in criteria],
        "signed": True,
    }
    refused = _client(world.manager_a).post(f"{BASE}/checklists/{found.pk}/assessments", payload)
    assert refused.status_code == 400 and "beoordelaar" in refused.json()["detail"]
    done = _client(world.colleague_a).post(f"{BASE}/checklists/{found.pk}/assessments", payload)
    assert done.status_code == 201 and done.json()["outcome"] == "passed"
    signed = _client(world.employee_a).post(f"{BASE}/assessments/{done.json()['id']}/sign")
    assert signed.status_code == 200 and signed.json()["passport_record_id"]


@pytest.fixture
def activity(world, coordinator):
    item = medication_item(world)
    with scopes_disabled():
        return XapiActivity.objects.create(
            organisation=world.org_a, iri=IRI, item=item, min_scaled_score=0.8
        )


def _statement(world, **changes):
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": f"mailto:{world.employee_a.user.email}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
        "object": {"id": IRI},
        "result": {"success": True, "score": {"scaled": 0.9}},
        **changes,
    }


def test_xapi_statement_registers_once_and_a_replay_is_refused(world, coordinator, activity):
    api = _client(coordinator)
    statement = _statement(world)
    first = api.post(f"{BASE}/xapi/statements", statement)
    assert first.status_code == 201, first.content
    with scopes_disabled():
        record = CompetenceRecord.objects.get(person=world.employee_a.user)
    assert record.evidence_kind == "elearning" and record.external_ref == statement["id"]
    replay = api.post(f"{BASE}/xapi/statements", statement)
    assert replay.status_code == 409 and "al ontvangen" in replay.json()["detail"]
    with scopes_disabled():
        assert CompetenceRecord.objects.count() == 1 and XapiStatement.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"actor": {"mbox": "mailto:onbekend@example.org"}}, "geen (huidige) medewerker"),
        ({"actor": {"objectType": "Group", "member": []}}, "één persoon"),
        ({"actor": {"mbox": "mailto:x@example.org", "account": {"name": "1"}}}, "precies één"),
        ({"object": {"id": "https://elders.example.org/a"}}, "niet gekoppeld"),
        ({"verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"}}, "passed en completed"),
        ({"result": {"success": True, "score": {"scaled": 0.5}}}, "lager dan het minimum"),
        ({"result": {"success": False}}, "niet geslaagd"),
        ({"id": "geen-uuid"}, "geen UUID"),
    ],
)
def test_xapi_refusals_have_a_reason_and_change_nothing(
    world, coordinator, activity, changes, reason
):
    response = _client(coordinator).post(f"{BASE}/xapi/statements", _statement(world, **changes))
    assert response.status_code == 400
    assert reason in response.json()["detail"]
    with scopes_disabled():
        assert not CompetenceRecord.objects.exists() and not XapiStatement.objects.exists()


def test_xapi_statement_for_a_member_of_another_organisation_is_refused(
    world, coordinator, activity
):
    outsider = {"mbox": f"mailto:{world.outsider_b.user.email}"}
    response = _client(coordinator).post(
        f"{BASE}/xapi/statements", _statement(world, actor=outsider)
    )
    assert response.status_code == 400
    assert world.outsider_b.user.full_name not in response.content.decode()


def test_xapi_needs_the_capability(world, activity):
    assert _client(world.employee_a).post(f"{BASE}/xapi/statements", {}).status_code == 403
    assert _client(world.outsider_b).post(f"{BASE}/xapi/statements", {}).status_code == 404
