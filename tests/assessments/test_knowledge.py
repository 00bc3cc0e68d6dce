"""Knowledge tests: drawing, server-side scoring, what follows a fail, and the passport."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.assessments.factories import (
    medication_item,
    medication_test,
    right_answers,
    wrong_answers,
)
from tests.signin import sign_in
from zorgwijs.assessments.models import Attempt, AttemptAnswer, Question
from zorgwijs.assessments.selectors import item_analysis, standing_of
from zorgwijs.assessments.services import attempt_grant, attempt_start, attempt_submit
from zorgwijs.assessments.signals import attempt_failed
from zorgwijs.competences.models import CompetenceRecord, PassportLine
from zorgwijs.competences.services import qualification_register
from zorgwijs.competences.status import line_status
from zorgwijs.notifications.events import deliver_personal
from zorgwijs.notifications.models import Notification

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"


def _url(name, **kw):
    return reverse(f"assessments:{name}", kwargs={"org_slug": SLUG, **kw})


def _start(world, test, membership=None):
    with scope(organisation=world.org_a.pk):
        return attempt_start(test=test, membership=membership or world.employee_a)


def _submit(world, attempt, given):
    with scope(organisation=world.org_a.pk):
        return attempt_submit(attempt=attempt, given=given)


def _status(world, membership, item):
    with scope(organisation=world.org_a.pk):
        line = PassportLine.objects.filter(membership=membership, item=item).first()
        return line_status(line, timezone.localdate()) if line else None


def test_attempt_draws_per_pool_and_snapshots_what_was_drawn(world):
    test = medication_test(world, numeric=3, choice=1)
    with scopes_disabled():
        pool = test.pools.get(name="Rekenen")
        pool.draw_count = 2
        pool.save()
    attempt = _start(world, test)
    with scopes_disabled():
        answers = list(attempt.answers.select_related("question__pool"))
    assert attempt.question_count == 3
    assert sorted(a.question.pool.name for a in answers) == ["Rekenen", "Rekenen", "Veiligheid"]
    # Editing a drawn question later leaves the attempt as it was drawn.
    with scopes_disabled():
        question = answers[0].question
        question.text = "Herschreven vraag"
        question.save()
    _submit(world, attempt, right_answers(attempt))
    with scopes_disabled():
        snapshot = AttemptAnswer.objects.get(pk=answers[0].pk)
    assert snapshot.text != "Herschreven vraag" and snapshot.is_correct


def test_numeric_answers_score_with_tolerance_and_unit(world):
    test = medication_test(world, numeric=3, choice=0, pass_percent=100)
    attempt = _start(world, test)
    with scopes_disabled():
        by_value = {a.answer_value: a.position for a in attempt.answers.all()}
    given = {
        by_value[2.5]: ["2,54"],  # within ± 0.05
        by_value[5]: ["5.0 ml"],  # with the question's unit
        by_value[7.5]: ["7,6"],  # outside the tolerance
    }
    attempt = _submit(world, attempt, given)
    assert (attempt.correct_count, attempt.state) == (2, "failed")


def test_a_number_with_another_unit_is_refused_and_nothing_changes(world):
    test = medication_test(world, numeric=1, choice=0)
    attempt = _start(world, test)
    with pytest.raises(ValidationError) as refused:
        _submit(world, attempt, {1: ["2,5 mg"]})
    assert "q1" in refused.value.message_dict
    with scopes_disabled():
        attempt.refresh_from_db()
    assert attempt.state == "open" and attempt.submitted_at is None


def test_pass_registers_theory_evidence_in_the_passport(world):
    test = medication_test(world)
    assert _status(world, world.employee_a, test.item) is None
    attempt = _submit(world, _start(world, test), right_answers(_start(world, test)))
    assert attempt.state == "passed"
    with scopes_disabled():
        record = CompetenceRecord.objects.get(person=world.employee_a.user, item=test.item)
    assert record.evidence_kind == "theory" and record.source == "test"
    assert _status(world, world.employee_a, test.item) == "valid"


def test_fail_keeps_not_competent_tells_coordinator_and_manager_and_flags_interview(
    world, coordinator, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    test = medication_test(
        world, interview_after_fails=2, remedial_module="Herhaling rekenen", wait_hours=0
    )
    hooks = []
    attempt_failed.connect(lambda **kw: hooks.append(kw["remedial_module"]), weak=False)
    with django_capture_on_commit_callbacks(execute=True):
        first = _submit(world, _start(world, test), wrong_answers(_start(world, test)))
    assert first.state == "failed" and not first.interview_needed
    assert _status(world, world.employee_a, test.item) is None
    with scopes_disabled():
        assert not CompetenceRecord.objects.filter(person=world.employee_a.user).exists()
    # In-app, once per recipient (and mailed at once: that is the default for this category).
    told = list(Notification.objects.filter(attempt=first).values_list("recipient_id", "kind"))
    assert sorted(told) == sorted(
        [(coordinator.user_id, "attempt.failed"), (world.manager_a.user_id, "attempt.failed")]
    )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([coordinator.user.email, world.manager_a.user.email])
    assert "Eva Medewerker" in mail.outbox[0].body and "Medicatierekenen" in mail.outbox[0].body
    assert f"/paspoort/mensen/{world.employee_a.pk}/" in mail.outbox[0].body
    assert world.colleague_a.user.email not in recipients
    with django_capture_on_commit_callbacks(execute=True):
        second = _submit(world, _start(world, test), wrong_answers(_start(world, test)))
    assert second.interview_needed
    assert Notification.objects.filter(attempt=second, kind="attempt.interview").count() == 2
    assert Notification.objects.filter(attempt__membership=world.employee_a).count() == 4
    # The task that runs again after a crash tells nobody twice.
    with scopes_disabled():
        assert (
            deliver_personal.call(
                kind="attempt.interview",
                target="attempt",
                target_id=second.pk,
                actor_id=world.employee_a.user_id,
                recipient_ids=[coordinator.user_id, world.manager_a.user_id],
                at=timezone.now().isoformat(),
            )
            == 0
        )
    assert hooks[-2:] == ["Herhaling rekenen", "Herhaling rekenen"]


def test_waiting_period_after_a_fail_refuses_a_new_attempt(world, client):
    test = medication_test(world, wait_hours=24)
    _submit(world, _start(world, test), wrong_answers(_start(world, test)))
    with pytest.raises(ValidationError) as refused:
        _start(world, test)
    assert "wacht" in refused.value.messages[0]
    sign_in(client, world.employee_a.user)
    response = client.post(_url("test", test_id=test.pk))
    assert response.status_code == 409
    assert "je kunt weer beginnen op" in response.content.decode()
    with scopes_disabled():
        assert Attempt.objects.count() == 1


def test_attempt_cap_then_grant_and_recertification_open_a_new_round(world, coordinator):
    test = medication_test(world, max_attempts=2, wait_hours=0)
    for _ in range(2):
        _submit(world, _start(world, test), wrong_answers(_start(world, test)))
    with pytest.raises(ValidationError, match="pogingen"):
        _start(world, test)
    with scope(organisation=world.org_a.pk):
        attempt_grant(
            actor=coordinator.user, test=test, membership=world.employee_a, reason="Gesprek gehad"
        )
        assert standing_of(test, world.employee_a).attempts_left == 2
    # Someone who used every attempt and then qualified by another route (recertifying after
    # a practical sign-off, say) gets a new round: the cap never blocks recertification.
    other = medication_test(
        world, item=medication_item(world, "Puncties"), max_attempts=1, wait_hours=0, title="2"
    )
    _submit(world, _start(world, other), wrong_answers(_start(world, other)))
    with scope(organisation=world.org_a.pk):
        assert not standing_of(other, world.employee_a).may_start
        qualification_register(
            actor=coordinator.user,
            membership=world.employee_a,
            item=other.item,
            occurred_on=timezone.localdate(),
            evidence_kind="practical",
        )
        assert standing_of(other, world.employee_a).may_start


def test_second_submit_and_late_submit_are_refused_and_change_nothing(world):
    test = medication_test(world, time_limit_minutes=10)
    attempt = _start(world, test)
    _submit(world, attempt, wrong_answers(attempt))
    with pytest.raises(ValidationError, match="al ingeleverd"):
        _submit(world, attempt, right_answers(attempt))
    with scopes_disabled():
        attempt.refresh_from_db()
        assert attempt.state == "failed"
        assert not CompetenceRecord.objects.exists()
        late = Attempt.objects.create(
            organisation=world.org_a,
            test=test,
            membership=world.colleague_a,
            started_at=timezone.now() - datetime.timedelta(minutes=20),
            deadline=timezone.now() - datetime.timedelta(minutes=10),
            pass_percent=75,
            question_count=0,
        )
    with pytest.raises(ValidationError, match="De tijd was om"):
        _submit(world, late, {})
    with scopes_disabled():
        late.refresh_from_db()
    assert late.state == "open" and late.submitted_at is None
    # The next start closes the overdue attempt as a fail.
    _start(world, test, world.colleague_a)
    with scopes_disabled():
        late.refresh_from_db()
    assert late.state == "expired"


def test_page_has_no_right_answers_before_submission(world, client):
    test = medication_test(world)
    sign_in(client, world.employee_a.user)
    response = client.post(_url("test", test_id=test.pk))
    attempt_url = response["Location"]
    page = client.get(attempt_url).content.decode()
    assert "Rekenvraag 1" in page and "Keuzevraag 1" in page
    assert "Uitleg bij rekenvraag" not in page
    assert "2,5" not in page and "2.5" not in page and "Goed B" in page
    with scopes_disabled():
        attempt = Attempt.objects.get()
        numeric = attempt.answers.filter(kind="numeric").first().position
    # A wrong-typed number: 400 with the message at the question, and what was typed kept.
    given = {f"q{p}": v for p, v in right_answers(attempt).items()}
    typed = {**given, f"q{numeric}": ["twee komma vijf"]}
    response = client.post(attempt_url, typed)
    assert response.status_code == 400
    assert "Vul een getal in" in response.content.decode()
    assert 'value="twee komma vijf"' in response.content.decode()
    response = client.post(attempt_url, given)
    assert response.status_code == 302
    result = client.get(attempt_url).content.decode()
    assert "Geslaagd" in result and "Uitleg bij rekenvraag" in result
    # Another member cannot open it.
    sign_in(client, world.colleague_a.user)
    assert client.get(attempt_url).status_code == 404


def test_item_analysis_share_correct_and_discrimination(world):
    test = medication_test(world, numeric=2, choice=1, wait_hours=0)
    people = [world.employee_a, world.colleague_a, world.manager_a, world.admin_a]
    with scopes_disabled():
        choice = Question.objects.get(pool__test=test, kind="single")
    for index, person in enumerate(people):
        attempt = _start(world, test, person)
        given = right_answers(attempt) if index < 2 else wrong_answers(attempt)
        _submit(world, attempt, given)
    with scope(organisation=world.org_a.pk):
        rows = {r.question_id: r for r in item_analysis(test)}
    assert rows[choice.pk].share_correct == 0.5
    assert rows[choice.pk].answered == 4
    assert rows[choice.pk].discrimination == 1.0


def test_results_page_is_for_authors_and_grants_a_new_round(world, client, coordinator):
    test = medication_test(world, max_attempts=1)
    _submit(world, _start(world, test), wrong_answers(_start(world, test)))
    sign_in(client, world.employee_a.user)
    assert client.get(_url("results", test_id=test.pk)).status_code == 403
    sign_in(client, coordinator.user, mfa=True)
    page = client.get(_url("results", test_id=test.pk))
    assert "Eva Medewerker" in page.content.decode()
    response = client.post(
        _url("results", test_id=test.pk), {"membership": world.employee_a.pk, "reason": ""}
    )
    assert response.status_code == 400
    response = client.post(
        _url("results", test_id=test.pk),
        {"membership": world.employee_a.pk, "reason": "Na gesprek"},
    )
    assert response.status_code == 302
    with scope(organisation=world.org_a.pk):
        assert standing_of(test, world.employee_a).may_start


def test_author_writes_a_numeric_question(world, client, coordinator):
    test = medication_test(world)
    sign_in(client, coordinator.user, mfa=True)
    with scopes_disabled():
        pool = test.pools.first()
    data = {"pool": pool.pk, "kind": "numeric", "text": "Hoeveel ml?", "unit": "ml"}
    response = client.post(_url("question_create", test_id=test.pk), data)
    assert response.status_code == 400
    assert 'value="ml"' in response.content.decode()
    response = client.post(
        _url("question_create", test_id=test.pk),
        {**data, "answer_value": "1,5", "tolerance": "0,1", "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()
    with scopes_disabled():
        question = Question.objects.get(text="Hoeveel ml?")
    assert float(question.answer_value) == 1.5
