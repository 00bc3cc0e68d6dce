"""Writing scenarios through the API: create one, save a new version, submit a review — as an
author, a trainer of a partner hospital, a stranger and anonymously; refused input changes
nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.factories import MembershipFactory, UserFactory
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import Visibility
from zorgwijs.scenarios.api.reviews import ReviewScoresIn
from zorgwijs.scenarios.models import (
    ReviewCriterion,
    Scenario,
    ScenarioReview,
    ScenarioStatus,
)
from zorgwijs.scenarios.services import review_request, review_submit, scenario_publish
from zorgwijs.vocabulary.services import ConceptData, concept_create

from .conftest import make_scenario, ran

pytestmark = pytest.mark.django_db
API = "/api/v1"
JSON = "application/json"


def _post(client: Client, path: str, body: dict):
    return client.post(f"{API}{path}", body, content_type=JSON)


def _changes(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


@pytest.fixture
def concept():
    return concept_create(
        actor=None, network=None, data=ConceptData(pref={"nl": "Closed loop"}), check_access=False
    )


@pytest.fixture
def pumps(world):
    with scopes_disabled():
        return (
            DeviceFactory(organisation=world.org_a, name="Infuuspomp Agilia"),
            DeviceFactory(organisation=world.org_b, name="Pomp van Noorderzorg"),
        )


# --- Creating a scenario ------------------------------------------------------------------------


def test_a_member_creates_a_scenario_with_the_pages_service(world, crm, concept, pumps):
    own, _other = pumps
    client = sign_in(Client(), world.employee_a.user)
    response = _post(
        client,
        f"/organisations/{world.org_a.slug}/scenarios",
        {
            "title": "Sepsis op de SEH",
            "summary": "Een septische patiënt verslechtert tijdens de overdracht.",
            "phases": "Fase 1: koorts.\nTrigger: tensie daalt.",
            "crm_skills": ["teamwork", "communicatie"],
            "concept_ids": [concept.pk],
            "competence_item_ids": [own.pk],
            "duration_minutes": 45,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    scenario = Scenario.objects.get(pk=body["id"])
    assert scenario.organisation == world.org_a and scenario.created_by == world.employee_a.user
    assert body["version"] == 1 and body["status"] == ScenarioStatus.DRAFT
    assert body["visibility"] == Visibility.NETWORK  # the form's default
    assert body["sections"]["phases"] == "Fase 1: koorts.\nTrigger: tensie daalt."
    assert body["concept_ids"] == [concept.pk] and body["competence_item_ids"] == [own.pk]
    assert scenario.versions.get(number=1).data["concepts"] == ["Closed loop"]
    entry = AuditEntry.objects.get(action="scenarios.scenario.created")
    assert entry.actor_id == world.employee_a.user.pk and entry.organisation_id == world.org_a.pk
    # A partner in the network reads it, with the same ids.
    read = sign_in(Client(), crm.trainer_c.user).get(f"{API}/scenarios/{scenario.pk}").json()
    assert read["concept_ids"] == [concept.pk]


def test_creating_for_another_organisation_or_anonymously_is_refused(world, crm):
    body = {"title": "Sepsis op de SEH", "summary": "Een septische patiënt."}
    path = f"/organisations/{world.org_a.slug}/scenarios"
    stranger = _post(sign_in(Client(), crm.trainer_b.user), path, body)
    assert stranger.status_code == 404 and stranger.json() == {"detail": "Niet gevonden."}
    assert _post(Client(), path, body).status_code == 401
    assert not Scenario.objects.exists() and _changes("scenarios.scenario.created") == 0


def test_bad_input_on_create_is_refused_at_the_field_and_nothing_is_stored(world, crm, pumps):
    _own, other = pumps
    client = sign_in(Client(), world.employee_a.user)
    path = f"/organisations/{world.org_a.slug}/scenarios"
    no_summary = _post(client, path, {"title": "Sepsis op de SEH"})
    assert no_summary.status_code == 400
    assert no_summary.json()["errors"] == {"summary": ["Dit veld is verplicht."]}
    foreign_item = _post(
        client, path, {"title": "Sepsis", "summary": "Kort.", "competence_item_ids": [other.pk]}
    )
    assert foreign_item.status_code == 400
    assert list(foreign_item.json()["errors"]) == ["competence_item_ids"]
    unknown_concept = _post(
        client, path, {"title": "Sepsis", "summary": "Kort.", "concept_ids": [987654]}
    )
    assert unknown_concept.status_code == 400
    assert list(unknown_concept.json()["errors"]) == ["concept_ids"]
    for wrong in (
        {"summary": "Geen titel."},
        {"title": "Sepsis", "summary": "Kort.", "crm_skills": ["zwemmen"]},
        {"title": "Sepsis", "summary": "Kort.", "visibility": "iedereen"},
        {"title": "Sepsis", "summary": "Kort.", "status": "gepubliceerd"},
        {"title": "Sepsis", "summary": "Kort.", "duration_minutes": "45"},
        {"title": "Sepsis", "summary": "Kort\x00."},
    ):
        assert _post(client, path, wrong).status_code == 422, wrong
    assert not Scenario.objects.exists() and _changes("scenarios.scenario.created") == 0


# --- Saving a new version -----------------------------------------------------------------------


def test_a_member_of_the_owner_saves_a_new_version_of_what_she_sends(world, crm, concept):
    scenario = make_scenario(world)
    client = sign_in(Client(), world.colleague_a.user)
    response = _post(
        client,
        "/scenario-versions",
        {
            "scenario_id": scenario.pk,
            "base_version": 1,
            "evaluation": "Evaluatieformulier",
            "concept_ids": [concept.pk],
            "duration_minutes": None,
            "note": "Evaluatie toegevoegd",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["version"] == 2
    scenario.refresh_from_db()
    assert scenario.evaluation == "Evaluatieformulier"
    # What was not sent stays as it was.
    assert scenario.title == "Postpartum bloeding op de verloskamer"
    assert scenario.crm_skills == ["communicatie", "leiderschap"]
    version = scenario.versions.get(number=2)
    assert version.author == world.colleague_a.user and version.note == "Evaluatie toegevoegd"
    assert version.data["concepts"] == ["Closed loop"]
    entry = AuditEntry.objects.get(action="scenarios.scenario.updated")
    assert entry.actor_id == world.colleague_a.user.pk
    assert entry.data["changed"] == ["concepts", "evaluation"]
    # The same again changes nothing: no new version, 200.
    again = _post(
        client,
        "/scenario-versions",
        {"scenario_id": scenario.pk, "base_version": 2, "evaluation": "Evaluatieformulier"},
    )
    assert again.status_code == 200 and again.json()["version"] == 2
    assert _changes("scenarios.scenario.updated") == 1


def test_a_stale_base_version_is_a_conflict_and_nothing_is_stored(world, crm):
    scenario = make_scenario(world)
    client = sign_in(Client(), world.employee_a.user)
    first = {"scenario_id": scenario.pk, "base_version": 1, "setting": "Verloskamer 3"}
    assert _post(client, "/scenario-versions", first).status_code == 201
    late = _post(client, "/scenario-versions", {**first, "setting": "OK 2"})
    assert late.status_code == 409
    assert "versie 2" in late.json()["detail"]
    scenario.refresh_from_db()
    assert scenario.setting == "Verloskamer 3" and scenario.version_number == 2


def test_only_members_of_the_owner_save_versions(world, crm):
    shared = make_scenario(world)
    private = make_scenario(world, visibility=Visibility.ORGANISATION, title="Intern")
    partner = sign_in(Client(), crm.trainer_c.user)
    body = {"scenario_id": shared.pk, "base_version": 1, "setting": "Elders"}
    reader = _post(partner, "/scenario-versions", body)
    assert reader.status_code == 403
    assert reader.json() == {"detail": "Je hebt geen toegang tot deze gegevens."}
    hidden = _post(partner, "/scenario-versions", {**body, "scenario_id": private.pk})
    assert hidden.status_code == 404 and hidden.json() == {"detail": "Niet gevonden."}
    assert _post(Client(), "/scenario-versions", body).status_code == 401
    for scenario in (shared, private):
        scenario.refresh_from_db()
        assert scenario.version_number == 1 and scenario.setting == ""
    assert _changes("scenarios.scenario.updated") == 0


def test_bad_input_on_a_new_version_changes_nothing(world, crm):
    scenario = make_scenario(world)
    client = sign_in(Client(), world.employee_a.user)
    base = {"scenario_id": scenario.pk, "base_version": 1}
    blank = _post(client, "/scenario-versions", {**base, "summary": "   "})
    assert blank.status_code == 400
    assert blank.json()["errors"] == {"summary": ["Dit veld is verplicht."]}
    unknown = _post(client, "/scenario-versions", {**base, "concept_ids": [987654]})
    assert unknown.status_code == 400 and list(unknown.json()["errors"]) == ["concept_ids"]
    for wrong in (
        {**base, "title": ""},
        {**base, "title": None},
        {**base, "crm_skills": None},
        {**base, "scenario_id": "1"},
        {"scenario_id": scenario.pk, "setting": "Zonder basisversie"},
        {**base, "organisation": "noorderzorg"},
    ):
        assert _post(client, "/scenario-versions", wrong).status_code == 422, wrong
    scenario.refresh_from_db()
    assert scenario.version_number == 1 and scenario.versions.count() == 1
    assert _changes("scenarios.scenario.updated") == 0


# --- Submitting a review ------------------------------------------------------------------------

SCORES = {"leerdoelen": 4, "crm": 5, "realisme": 3, "uitvoerbaar": 4, "debriefing": 5}


def test_the_scores_name_every_criterion():
    assert set(ReviewScoresIn.model_fields) == set(ReviewCriterion.values)


@pytest.fixture
def in_review(world, crm):
    scenario = make_scenario(world)
    ran(world, scenario)
    review_request(
        actor=world.employee_a.user,
        scenario=scenario,
        reviewers=[crm.trainer_b.user, crm.trainer_c.user],
    )
    return scenario


def _review(client: Client, scenario: Scenario, **extra):
    body = {"scenario_id": scenario.pk, "scores": SCORES, "remarks": "Sterke casus.", **extra}
    return _post(client, "/scenario-reviews", body)


def test_an_asked_reviewer_submits_scores_and_remarks(world, crm, in_review):
    client = sign_in(Client(), crm.trainer_c.user)
    response = _review(client, in_review, recommends_publication=False)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["scores"] == SCORES and body["remarks"] == "Sterke casus."
    assert body["organisation"] == crm.org_c.name and body["recommends_publication"] is False
    review = ScenarioReview.objects.get(scenario=in_review)
    assert review.reviewer == crm.trainer_c.user and review.version.number == 1
    entry = AuditEntry.objects.get(action="scenarios.review.submitted")
    assert entry.actor_id == crm.trainer_c.user.pk and entry.organisation_id == crm.org_c.pk
    # The authors read it through the API; a second submission is refused.
    authors = sign_in(Client(), world.employee_a.user)
    assert authors.get(f"{API}/scenarios/{in_review.pk}/reviews").json()[0]["scores"] == SCORES
    twice = _review(client, in_review)
    assert twice.status_code == 400
    assert twice.json()["errors"] == {"__all__": ["Je hebt deze versie al beoordeeld."]}
    assert ScenarioReview.objects.count() == 1


def _refused(client: Client, scenario: Scenario, message: str, field: str = "__all__") -> None:
    response = _review(client, scenario)
    assert response.status_code == 400, response.json()
    assert response.json()["errors"] == {field: [message]}


def test_reviews_the_page_refuses_are_refused_with_their_reason(world, crm, in_review):
    _refused(
        sign_in(Client(), world.employee_a.user),
        in_review,
        "Een auteur kan het eigen scenario niet beoordelen.",
    )
    _refused(
        sign_in(Client(), world.colleague_a.user),
        in_review,
        "Je werkt bij de organisatie van de auteurs: een review komt van iemand van een andere "
        "organisatie.",
    )
    with scopes_disabled():
        not_asked = MembershipFactory(
            organisation=crm.org_c, user=UserFactory(email="nina@zuid.test")
        )
    _refused(
        sign_in(Client(), not_asked.user),
        in_review,
        "Er staat geen review voor je klaar bij dit scenario.",
    )
    # An asked reviewer who has since started working at the authors' organisation.
    with scopes_disabled():
        MembershipFactory(organisation=world.org_a, user=crm.trainer_b.user)
    _refused(
        sign_in(Client(), crm.trainer_b.user),
        in_review,
        "Kies een reviewer van een andere organisatie dan die van de auteurs.",
        field="remarks",
    )
    draft = make_scenario(world, title="Nog een concept")
    _refused(sign_in(Client(), crm.trainer_c.user), draft, "Dit scenario is niet (meer) in review.")
    assert not ScenarioReview.objects.exists()
    assert _changes("scenarios.review.submitted") == 0


def test_bad_review_input_and_unreadable_scenarios_change_nothing(world, crm, in_review):
    client = sign_in(Client(), crm.trainer_c.user)
    blank = _review(client, in_review, remarks="  ")
    assert blank.status_code == 400
    assert blank.json()["errors"] == {"remarks": ["Schrijf de auteurs wat ze kunnen verbeteren."]}
    for scores in (
        {**SCORES, "crm": 6},
        {**SCORES, "crm": 0},
        {k: v for k, v in SCORES.items() if k != "crm"},
        {**SCORES, "humor": 3},
        {**SCORES, "crm": "5"},
    ):
        assert _review(client, in_review, scores=scores).status_code == 422, scores
    assert _review(client, in_review, recommends_publication=1).status_code == 422
    private = make_scenario(world, visibility=Visibility.ORGANISATION, title="Intern")
    assert _review(client, private).status_code == 404
    assert _review(Client(), in_review).status_code == 401
    assert not ScenarioReview.objects.exists()
    in_review.refresh_from_db()
    assert in_review.status == ScenarioStatus.IN_REVIEW


def test_the_review_the_api_stores_counts_for_publication(world, crm, in_review):
    first = in_review.assignments.get(reviewer=crm.trainer_b.user)
    review_submit(
        actor=crm.trainer_b.user,
        assignment=first,
        scores=dict(SCORES),
        remarks="Goed.",
        recommends_publication=True,
    )
    assert _review(sign_in(Client(), crm.trainer_c.user), in_review).status_code == 201
    scenario_publish(actor=world.employee_a.user, scenario=in_review)
    in_review.refresh_from_db()
    assert in_review.status == ScenarioStatus.PUBLISHED
