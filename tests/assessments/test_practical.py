"""Practical assessments: an authorised assessor fills in the checklist, both sign, the
passport gets the qualification with its assessor."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.assessments.factories import checklist, medication_item
from tests.competences.factories import authorised_assessor
from tests.factories import give_role
from tests.signin import sign_in
from zorgwijs.assessments.models import PracticalAssessment
from zorgwijs.competences.models import CompetenceRecord, PassportLine
from zorgwijs.competences.status import line_status
from zorgwijs.organisations.models import Role

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"
TODAY = timezone.localdate()


def _url(name, **kw):
    return reverse(f"assessments:{name}", kwargs={"org_slug": SLUG, **kw})


@pytest.fixture
def setup(world):
    """Carl is an assessor named for the item; Eva is the candidate."""
    item = medication_item(world)
    with scopes_disabled():
        give_role(world.colleague_a, Role.ASSESSOR)
    authorised_assessor(world.colleague_a, item)
    return item, checklist(world, item)


def _form(found, results, *, signed=True, comment="Goed gedaan"):
    with scopes_disabled():
        criteria = list(found.criteria.all())
    data = {"performed_on": TODAY.strftime("%Y-%m-%d"), "comment": comment}
    if signed:
        data["signed"] = "on"
    for criterion, result in zip(criteria, results, strict=True):
        if result:
            data[f"c{criterion.pk}"] = result
        data[f"c{criterion.pk}_comment"] = f"opmerking bij {criterion.text}"
    return data


def test_assessor_and_candidate_sign_then_the_passport_has_it(client, world, setup):
    item, found = setup
    sign_in(client, world.colleague_a.user)
    url = _url("assess", checklist_id=found.pk, membership_id=world.employee_a.pk)
    assert "Controleert de patiënt" in client.get(url).content.decode()
    response = client.post(url, _form(found, ["met", "met", "not_met"]))
    assert response.status_code == 302
    with scopes_disabled():
        assessment = PracticalAssessment.objects.get()
    assert assessment.outcome == "passed" and assessment.score_percent == 50
    assert assessment.criteria[2]["comment"] == "opmerking bij Ruimt op"
    with scopes_disabled():
        assert not CompetenceRecord.objects.filter(person=world.employee_a.user).exists()
    # The candidate signs on their own account.
    sign_in(client, world.employee_a.user)
    page = _url("assessment", assessment_id=assessment.pk)
    assert "Te ondertekenen" in client.get(_url("mine")).content.decode()
    assert client.post(page, {}).status_code == 400
    assert client.post(page, {"signed": "on"}).status_code == 302
    with scopes_disabled():
        record = CompetenceRecord.objects.get(person=world.employee_a.user, item=item)
        line = PassportLine.objects.get(membership=world.employee_a, item=item)
    assert record.assessor == world.colleague_a.user and record.evidence_kind == "practical"
    assert line_status(line, TODAY) == "valid"
    # Signing twice changes nothing.
    response = client.post(page, {"signed": "on"})
    assert response.status_code == 400
    with scopes_disabled():
        assert CompetenceRecord.objects.filter(person=world.employee_a.user).count() == 1


def test_a_failed_critical_criterion_fails_whatever_the_score(client, world, setup):
    _item, found = setup
    sign_in(client, world.colleague_a.user)
    url = _url("assess", checklist_id=found.pk, membership_id=world.employee_a.pk)
    assert client.post(url, _form(found, ["not_met", "met", "met"])).status_code == 302
    with scopes_disabled():
        assessment = PracticalAssessment.objects.get()
    assert assessment.outcome == "failed"
    with scope(organisation=world.org_a.pk):
        from zorgwijs.assessments.services import assessment_sign

        assessment_sign(candidate=world.employee_a, assessment=assessment)
    with scopes_disabled():
        assert not CompetenceRecord.objects.filter(person=world.employee_a.user).exists()


def test_unauthorised_assessor_is_refused_and_what_was_typed_stays(client, world, setup):
    _item, found = setup
    with scopes_disabled():
        give_role(world.manager_a, Role.ASSESSOR)  # the role, but not competent nor named
    sign_in(client, world.manager_a.user, mfa=True)
    url = _url("assess", checklist_id=found.pk, membership_id=world.employee_a.pk)
    response = client.post(url, _form(found, ["met", "met", "met"], comment="Mijn verslag"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "geen aangewezen beoordelaar" in body
    assert "Mijn verslag" in body and "opmerking bij Legt uit" in body
    with scopes_disabled():
        assert not PracticalAssessment.objects.exists()


def test_missing_finding_and_missing_signature_keep_the_input(client, world, setup):
    _item, found = setup
    sign_in(client, world.colleague_a.user)
    url = _url("assess", checklist_id=found.pk, membership_id=world.employee_a.pk)
    response = client.post(url, _form(found, ["met", "", "met"]))
    assert response.status_code == 400
    assert "Kies voldaan of niet voldaan" in response.content.decode()
    assert "opmerking bij Ruimt op" in response.content.decode()
    response = client.post(url, _form(found, ["met", "met", "met"], signed=False))
    assert response.status_code == 400
    assert "Onderteken de beoordeling" in response.content.decode()
    with scopes_disabled():
        assert not PracticalAssessment.objects.exists()


def test_a_resent_submission_is_stored_once(client, world, setup):
    _item, found = setup
    sign_in(client, world.colleague_a.user)
    url = _url("assess", checklist_id=found.pk, membership_id=world.employee_a.pk)
    data = {**_form(found, ["met", "met", "met"]), "submission_token": "bedside-token-1"}
    first = client.post(url, data)
    again = client.post(url, data)  # the connection dropped; the phone sends it again
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    with scopes_disabled():
        assert PracticalAssessment.objects.count() == 1


def test_assessing_yourself_is_refused(client, world, setup):
    _item, found = setup
    sign_in(client, world.colleague_a.user)
    url = _url("assess", checklist_id=found.pk, membership_id=world.colleague_a.pk)
    assert client.get(url).status_code == 404


def test_employee_cannot_fill_in_checklists_nor_see_others_assessments(client, world, setup):
    _item, found = setup
    sign_in(client, world.colleague_a.user)
    client.post(
        _url("assess", checklist_id=found.pk, membership_id=world.employee_a.pk),
        _form(found, ["met", "met", "met"]),
    )
    with scopes_disabled():
        assessment = PracticalAssessment.objects.get()
    sign_in(client, world.manager_a.user, mfa=True)  # neither candidate, assessor nor author
    assert client.get(_url("assessment", assessment_id=assessment.pk)).status_code == 404
    sign_in(client, world.employee_a.user)
    url = _url("assess", checklist_id=found.pk, membership_id=world.colleague_a.pk)
    assert client.get(url).status_code == 403
