"""Taking a knowledge test: start (draw and snapshot), submit (score on the server), and
what follows a fail."""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.competences.models import EvidenceKind
from zorgwijs.competences.services import qualification_register
from zorgwijs.competences.signals import announce
from zorgwijs.organisations.capabilities import members_with_capability_over
from zorgwijs.organisations.models import Membership

from ..models import Attempt, AttemptAnswer, AttemptGrant, AttemptState, KnowledgeTest, Question
from ..scoring import is_correct, parse_number
from ..selectors import FAILED_STATES, accepts_theory, is_overdue, standing_of
from ..signals import attempt_failed, module_proven

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

_rng = random.SystemRandom()


def _draw(test: KnowledgeTest) -> list[Question]:
    """Per pool, ``draw_count`` of its active questions at random; only ids are read for the
    whole bank, the drawn questions in one query."""
    chosen: list[int] = []
    for pool in test.pools.all():
        ids = list(Question.objects.filter(pool=pool, is_active=True).values_list("pk", flat=True))
        chosen += _rng.sample(ids, min(pool.draw_count, len(ids)))
    questions = {q.pk: q for q in Question.objects.filter(pk__in=chosen)}
    drawn = [questions[pk] for pk in chosen]
    _rng.shuffle(drawn)
    return drawn


@transaction.atomic
def attempt_start(
    *, test: KnowledgeTest, membership: Membership, context: AuditContext | None = None
) -> Attempt:
    """Start an attempt, or return the one that is still open (a second start resumes)."""
    attempts_close_overdue(test=test, membership=membership)
    standing = standing_of(test, membership)
    if standing.open_attempt is not None:
        return standing.open_attempt
    if not standing.may_start:
        raise ValidationError(standing.reason, code="conflict")
    drawn = _draw(test)
    if not drawn:
        raise ValidationError(_("Deze toets heeft nog geen vragen."))
    now = timezone.now()
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                organisation_id=test.organisation_id,
                test=test,
                membership=membership,
                started_at=now,
                deadline=now + datetime.timedelta(minutes=test.time_limit_minutes)
                if test.time_limit_minutes
                else None,
                pass_percent=test.pass_percent,
                question_count=len(drawn),
            )
    except IntegrityError:  # a start in another tab won the race: resume that one
        return Attempt.objects.get(test=test, membership=membership, state=AttemptState.OPEN)
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(
            attempt=attempt,
            question=q,
            position=position,
            kind=q.kind,
            text=q.text,
            options=q.options,
            correct=q.correct,
            answer_value=q.answer_value,
            tolerance=q.tolerance,
            unit=q.unit,
            explanation=q.explanation,
        )
        for position, q in enumerate(drawn, start=1)
    )
    audit(
        "assessments.attempt.started",
        kind="change",
        actor=membership.user,
        organisation=membership.organisation,
        subject=membership.user,
        obj=attempt,
        context=context,
        data={"test": test.title, "questions": len(drawn)},
    )
    return attempt


def _check_answers(answers: list[AttemptAnswer], given: dict[int, list[str]]) -> None:
    errors: dict[str, str] = {}
    for answer in answers:
        values = [v for v in given.get(answer.position, []) if v.strip()]
        field = f"q{answer.position}"
        if answer.kind == "numeric":
            if len(values) > 1:
                errors[field] = _("Geef één getal.")
            elif values and parse_number(values[0], answer.unit) is None:
                errors[field] = _("Vul een getal in, zoals 2,5") + (
                    f" ({answer.unit})" if answer.unit else ""
                )
        else:
            keys = {o["key"] for o in answer.options}
            if set(values) - keys:
                errors[field] = _("Kies een van de antwoorden.")
            elif answer.kind != "multiple" and len(values) > 1:
                errors[field] = _("Kies één antwoord.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def attempt_submit(
    *, attempt: Attempt, given: dict[int, list[str]], context: AuditContext | None = None
) -> Attempt:
    """Score ``given`` (per question position: option keys, or one typed number) and close the
    attempt. Refused, with nothing changed: a second submit, a submit after the time limit,
    an answer that is no option or no number."""
    # Lock the attempt only: a module's test has no item, and PostgreSQL locks no outer join.
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("test__item")
        .get(pk=attempt.pk)
    )
    now = timezone.now()
    if attempt.state != AttemptState.OPEN:
        raise ValidationError(
            _("Deze poging is al ingeleverd op %(when)s; je kunt hem niet nog eens inleveren.")
            % {"when": timezone.localtime(attempt.submitted_at or now).strftime("%d-%m-%Y %H:%M")},
            code="conflict",
        )
    if is_overdue(attempt, now):
        raise ValidationError(
            _(
                "De tijd was om om %(when)s. Antwoorden na de tijdslimiet tellen niet; de "
                "poging geldt als niet gehaald."
            )
            % {"when": timezone.localtime(attempt.deadline).strftime("%H:%M")},
            code="conflict",
        )
    answers = list(attempt.answers.all())
    _check_answers(answers, given)
    for answer in answers:
        answer.given = [v.strip() for v in given.get(answer.position, []) if v.strip()]
        answer.is_correct = is_correct(answer, answer.given)
    AttemptAnswer.objects.bulk_update(answers, ["given", "is_correct"])
    attempt.correct_count = sum(bool(a.is_correct) for a in answers)
    attempt.submitted_at = now
    passed = attempt.correct_count * 100 >= attempt.pass_percent * attempt.question_count
    attempt.state = AttemptState.PASSED if passed else AttemptState.FAILED
    membership = attempt.membership
    test = attempt.test
    if passed and test.item is not None and accepts_theory(test.item):
        attempt.record = qualification_register(
            actor=membership.user,
            membership=membership,
            item=test.item,
            occurred_on=timezone.localdate(),
            evidence_kind=EvidenceKind.THEORY_TEST,
            note=_("Kennistoets %(title)s: %(correct)s van %(count)s goed")
            % {
                "title": test.title,
                "correct": attempt.correct_count,
                "count": attempt.question_count,
            },
            source="test",
            external_ref=f"attempt-{attempt.pk}",
            context=context,
        )
    attempt.save(update_fields=["correct_count", "submitted_at", "state", "record"])
    if passed and test.module:
        # In this transaction: the module's route steps are done with the pass, or neither.
        module_proven.send(
            sender=Attempt,
            membership=membership,
            module=test.module,
            on=timezone.localdate(),
            actor=membership.user,
            via="test",
            includes_test=True,
            reference=f"attempt-{attempt.pk}",
        )
    audit(
        f"assessments.attempt.{attempt.state}",
        kind="change",
        actor=membership.user,
        organisation=membership.organisation,
        subject=membership.user,
        obj=attempt,
        context=context,
        data={"test": test.title, "correct": attempt.correct_count, "of": attempt.question_count},
    )
    if not passed:
        _after_fail(attempt)
    return attempt


@transaction.atomic
def attempts_close_overdue(*, test: KnowledgeTest, membership: Membership) -> int:
    """Close the person's attempts that ran past their time limit unsubmitted: they count as
    failed, with what follows a fail."""
    now = timezone.now()
    closed = 0
    for attempt in Attempt.objects.select_for_update().filter(
        test=test, membership=membership, state=AttemptState.OPEN, deadline__isnull=False
    ):
        if not is_overdue(attempt, now):
            continue
        attempt.state, attempt.submitted_at = AttemptState.EXPIRED, attempt.deadline
        attempt.save(update_fields=["state", "submitted_at"])
        audit(
            "assessments.attempt.expired",
            kind="change",
            actor=None,
            organisation=membership.organisation,
            subject=membership.user,
            obj=attempt,
            data={"test": test.title},
        )
        _after_fail(attempt)
        closed += 1
    return closed


def _after_fail(attempt: Attempt) -> None:
    """What the test says follows a fail: an interview after N fails in the round, the
    coordinators and the person's managers told, and the remedial-module hook."""
    test, membership = attempt.test, attempt.membership
    standing = standing_of(test, membership)
    fails = standing.fails_in_round
    if test.interview_after_fails and fails >= test.interview_after_fails:
        attempt.interview_needed = True
        attempt.save(update_fields=["interview_needed"])
    if test.notify_on_fail:
        # In-app (and by e-mail as each chose) through the notifications app: once per
        # recipient and attempt, never the person themselves.
        announce(
            kind="attempt.interview" if attempt.interview_needed else "attempt.failed",
            obj=attempt,
            actor=membership.user,
            recipient_ids=[user.pk for user in _fail_recipients(membership)],
        )
    transaction.on_commit(
        lambda: attempt_failed.send(
            sender=Attempt,
            attempt=attempt,
            remedial_module=test.remedial_module,
            fails_in_round=fails,
        )
    )


def _fail_recipients(membership: Membership) -> list:
    """The organisation's coordinators and the managers of the person's department (or one
    above it), active, never the person themselves."""
    recipients = (
        members_with_capability_over("assessments.hear_fails", membership.primary_department)
        .filter(organisation_id=membership.organisation_id, user__is_active=True)
        .active()
        .exclude(user_id=membership.user_id)
        .select_related("user")
        .order_by("pk")
    )
    return [m.user for m in recipients]


@transaction.atomic
def attempt_grant(
    *,
    actor: User,
    test: KnowledgeTest,
    membership: Membership,
    reason: str,
    context: AuditContext | None = None,
) -> AttemptGrant:
    """Open a new round of attempts for ``membership`` (after an interview, say)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden.")})
    if membership.organisation_id != test.organisation_id:
        raise ValidationError(_("Deze persoon hoort niet bij deze organisatie."))
    grant = AttemptGrant.objects.create(
        organisation_id=test.organisation_id,
        test=test,
        membership=membership,
        granted_by=actor,
        reason=reason.strip(),
    )
    audit(
        "assessments.attempts.granted",
        kind="change",
        actor=actor,
        organisation=membership.organisation,
        subject=membership.user,
        obj=grant,
        context=context,
        data={"test": test.title, "reason": grant.reason},
    )
    return grant


__all__ = ["FAILED_STATES"]
