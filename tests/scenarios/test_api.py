"""The scenarios API over HTTP, as a partner, an author and a stranger call it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tests.signin import sign_in
from zorgwijs.organisations.models import Visibility
from zorgwijs.scenarios.models import ReviewCriterion
from zorgwijs.scenarios.services import review_request, review_submit, scenario_update

from .conftest import make_scenario, ran

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_read_a_scenario_its_versions_and_runs(client, world, crm):
    scenario = make_scenario(world)
    scenario_update(
        actor=world.employee_a.user, scenario=scenario, data={"evaluation": "Evaluatieformulier"}
    )
    ran(world, scenario)
    make_scenario(world, visibility=Visibility.ORGANISATION, title="Alleen intern")
    sign_in(client, crm.trainer_c.user)
    listed = client.get(f"{API}/scenarios").json()
    assert [s["title"] for s in listed] == [scenario.title]
    assert listed[0]["runs"] == 1 and listed[0]["version"] == 2
    one = client.get(f"{API}/scenarios/{scenario.pk}").json()
    assert one["sections"]["evaluation"] == "Evaluatieformulier"
    versions = client.get(f"{API}/scenarios/{scenario.pk}/versions").json()
    assert [v["number"] for v in versions] == [2, 1]
    second = client.get(f"{API}/scenarios/{scenario.pk}/versions/2").json()
    assert second["changes"] == [
        {
            "section": "evaluation",
            "label": "Evaluatie",
            "before": "",
            "after": "Evaluatieformulier",
        }
    ]
    runs = client.get(f"{API}/scenarios/{scenario.pk}/runs").json()
    assert runs[0]["organisation"] == world.org_a.name
    assert Client().get(f"{API}/scenarios/{scenario.pk}").status_code == 404


def test_reviews_are_for_the_authors_and_each_reviewer_their_own(client, world, crm):
    scenario = make_scenario(world)
    ran(world, scenario)
    first, _second = review_request(
        actor=world.employee_a.user,
        scenario=scenario,
        reviewers=[crm.trainer_b.user, crm.trainer_c.user],
    )
    review_submit(
        actor=crm.trainer_b.user,
        assignment=first,
        scores={c: 5 for c in ReviewCriterion.values},
        remarks="Sterk",
        recommends_publication=True,
    )
    url = f"{API}/scenarios/{scenario.pk}/reviews"
    assert sign_in(Client(), world.colleague_a.user).get(url).json()[0]["remarks"] == "Sterk"
    assert len(sign_in(Client(), crm.trainer_b.user).get(url).json()) == 1
    assert sign_in(Client(), crm.trainer_c.user).get(url).json() == []


def test_record_a_run_and_refusals(client, world, crm):
    scenario = make_scenario(world)
    sign_in(client, crm.trainer_c.user)
    body = {
        "scenario_id": scenario.pk,
        "organisation": crm.org_c.slug,
        "held_on": timezone.localdate().isoformat(),
        "group_size": 9,
    }
    created = client.post(f"{API}/scenario-runs", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["organisation"] == crm.org_c.name
    foreign = client.post(
        f"{API}/scenario-runs",
        {**body, "organisation": world.org_a.slug},
        content_type="application/json",
    )
    assert foreign.status_code == 400 and "organisation" in foreign.json()["errors"]
    private = make_scenario(world, visibility=Visibility.ORGANISATION, title="Intern")
    hidden = client.post(
        f"{API}/scenario-runs", {**body, "scenario_id": private.pk}, content_type="application/json"
    )
    assert hidden.status_code == 404
    assert scenario.runs.count() == 1 and private.runs.count() == 0
