"""A passed knowledge test as an Open Badges credential: issued by the learner from the result
page, in both forms, checked by the independent Node verifier and the public check page, and
nobody else's to issue or read."""

from __future__ import annotations

import json

import jwt
import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.assessments.factories import medication_test, right_answers, wrong_answers
from tests.competences.test_credentials_data_integrity import _node_verify
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.credentials.models import IssuedCredential
from zorgwijs.competences.credentials.verifying import credential_verify
from zorgwijs.competences.models import CompetenceRecord
from zorgwijs.competences.services import record_void

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"


def _attempt(world, *, passed: bool = True):
    from zorgwijs.assessments.services import attempt_start, attempt_submit

    test = medication_test(world)
    with scope(organisation=world.org_a.pk):
        attempt = attempt_start(test=test, membership=world.employee_a)
        given = right_answers(attempt) if passed else wrong_answers(attempt)
        return attempt_submit(attempt=attempt, given=given)


def _issue_url(attempt):
    return reverse(
        "assessments:attempt_credential",
        kwargs={"org_slug": SLUG, "passed_attempt_id": attempt.pk},
    )


def _page_url(attempt):
    return reverse("assessments:attempt", kwargs={"org_slug": SLUG, "attempt_id": attempt.pk})


def test_learner_issues_a_passed_test_and_both_verifiers_accept_it(world, client):
    attempt = _attempt(world)
    sign_in(client, world.employee_a.user)
    page = client.get(_page_url(attempt)).content.decode()
    assert _issue_url(attempt) in page and "Open Badge" in page
    response = client.post(_issue_url(attempt))
    with scopes_disabled():
        credential = IssuedCredential.objects.get(attempt=attempt)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/bewijs/{credential.pk}/"
    )
    # Issued once: a second press leads to the same credential.
    assert client.post(_issue_url(attempt))["Location"] == response["Location"]
    with scopes_disabled():
        assert IssuedCredential.objects.filter(attempt=attempt).count() == 1
        assert AuditEntry.objects.filter(action="assessments.credential.issued").count() == 1
    document = credential.document
    subject = document["credentialSubject"]
    achievement = subject["achievement"]
    assert achievement["name"] == "Medicatierekenen" and achievement["achievementType"] == (
        "Assessment"
    )
    assert "Injecties" in achievement["description"]
    assert achievement["alignment"][0]["targetName"] == "Injecties"  # the test's item
    assert achievement["resultDescription"][0]["requiredValue"] == "75"
    assert subject["result"][0]["value"] == "100"
    assert subject["result"][0]["resultDescription"] == achievement["resultDescription"][0]["id"]
    assert subject["identifier"][0]["identityHash"] == "Eva Medewerker"
    # The JWT form states the same.
    claims = jwt.decode(credential.token, options={"verify_signature": False})
    assert claims["credentialSubject"] == subject
    # Verified here (both forms), by the independent verifier, and on the public check page.
    assert credential_verify(json.dumps(document)).ok
    assert credential_verify(credential.token).ok
    assert _node_verify(client, document) == {"verified": True, "revoked": False, "error": None}
    checked = client.post(reverse("credentials:verify"), {"bewijs": json.dumps(document)})
    body = checked.content.decode()
    assert checked.status_code == 200 and "Geldig bewijs" in body and "Medicatierekenen" in body
    # Labelled as a passed test, on the check page and the credential's own page.
    assert "<dt>Toets behaald</dt>" in body and "<dt>Bekwaamheid</dt>" not in body
    own = client.get(response["Location"]).content.decode()
    assert "<dt>Toets behaald</dt>" in own
    # The wallet download from the credential's page.
    wallet = client.get(response["Location"] + "?download=wallet")
    assert wallet["Content-Type"] == "application/vc"
    assert json.loads(wallet.content) == document


def test_failed_attempt_has_no_button_and_is_refused(world, client):
    attempt = _attempt(world, passed=False)
    sign_in(client, world.employee_a.user)
    assert _issue_url(attempt) not in client.get(_page_url(attempt)).content.decode()
    response = client.post(_issue_url(attempt), follow=True)
    assert "Alleen een gehaalde toets" in response.content.decode()
    with scopes_disabled():
        assert not IssuedCredential.objects.exists()


def test_nobody_else_issues_or_reads_it(world, client, coordinator):
    attempt = _attempt(world)
    sign_in(client, world.employee_a.user)
    detail = client.post(_issue_url(attempt))["Location"]
    for member in (world.manager_a, coordinator, world.admin_a, world.outsider_b):
        other = sign_in(type(client)(), member.user)
        assert other.post(_issue_url(attempt)).status_code == 404, member
        assert other.get(detail).status_code == 404, member
        assert other.get(detail + "?download=wallet").status_code == 404, member
    # Only the learner's own result page shows the button.
    other = sign_in(type(client)(), coordinator.user)
    page = other.get(_page_url(attempt))
    assert page.status_code == 200 and _issue_url(attempt) not in page.content.decode()
    with scopes_disabled():
        assert IssuedCredential.objects.count() == 1


def test_correcting_the_test_result_away_revokes_it(world, client, coordinator):
    attempt = _attempt(world)
    sign_in(client, world.employee_a.user)
    client.post(_issue_url(attempt))
    with scopes_disabled():
        credential = IssuedCredential.objects.get(attempt=attempt)
        test_record = CompetenceRecord.objects.get(pk=attempt.record_id)
    with scope(organisation=world.org_a.pk):
        record_void(
            actor=coordinator.user,
            membership=world.employee_a,
            record=test_record,
            reason="Verkeerde toets",
        )
    assert credential_verify(json.dumps(credential.document)).revoked is True
    assert _node_verify(client, credential.document)["revoked"] is True


def test_a_passed_test_taken_over_elsewhere_is_a_theory_test_of_its_item(world):
    """At another organisation the credential is the test result it is: theory-test evidence
    of the item the test was for (found by the credential's alignment, not the test's title),
    refused for an item that takes no test."""
    from django.core.exceptions import ValidationError

    from tests.competences.factories import DeviceFactory
    from zorgwijs.assessments.services.credentials import attempt_credential
    from zorgwijs.competences.credentials.importing import credential_import, matching_item

    attempt = _attempt(world)
    with scope(organisation=world.org_a.pk):
        credential = attempt_credential(actor=world.employee_a.user, attempt=attempt)
    with scopes_disabled():
        injections = DeviceFactory(organisation=world.org_b, name="Injecties", evidence_kinds=[])
        practical_only = DeviceFactory(
            organisation=world.org_b, name="Infuuspomp", evidence_kinds=["practical"]
        )
    verification = credential_verify(json.dumps(credential.document))
    assert verification.ok and matching_item(world.org_b, verification) == injections
    take_over = {"actor": world.outsider_b.user, "membership": world.outsider_b}
    with scope(organisation=world.org_b.pk):
        with pytest.raises(ValidationError, match="kennistoets niet als bewijs"):
            credential_import(item=practical_only, verification=verification, **take_over)
        record = credential_import(item=injections, verification=verification, **take_over)
    assert record.evidence_kind == "theory" and "Toets behaald, Medicatierekenen" in record.note
