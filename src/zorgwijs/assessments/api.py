"""/api/v1/organisations/{org_slug}/…: knowledge tests (take and result), checklists
(practical assessments) and the xAPI statement intake.

The same selectors and services as the HTML views. Right answers are never part of an open
attempt's answer; scoring happens on the server.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, Path, Router, Schema, Status
from pydantic import ConfigDict

from zorgwijs.api.access import OrgAccess
from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.schemas import MAX_ID, Id, InputSchema, IsoDate, text_field
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.http import ApiRequest

from .models import Attempt, AttemptState, PracticalAssessment
from .selectors import (
    active_checklists,
    attempt_open,
    candidates,
    get_checklist,
    get_own_attempt,
    get_test,
    is_overdue,
    standing_of,
    tests_for_taking,
)
from .services import (
    assessment_sign,
    assessment_submit,
    attempt_start,
    attempt_submit,
    statement_receive,
)
from .services.checklists import Finding

router = Router(tags=["assessments"])

TestId = Path(..., ge=1, le=MAX_ID, description="Id van de kennistoets.")
AttemptId = Path(..., ge=1, le=MAX_ID, description="Id van de poging.")
ChecklistId = Path(..., ge=1, le=MAX_ID, description="Id van de checklist.")
AssessmentId = Path(..., ge=1, le=MAX_ID, description="Id van de praktijkbeoordeling.")


class TestOut(Schema):
    id: int
    title: str
    item_id: int | None = Field(description="Null: the test belongs to a learning module only.")
    item: str
    module: str = Field(description="The learning module whose route steps a pass completes.")
    pass_percent: int
    time_limit_minutes: int | None
    attempts_left: int | None = Field(description="In this round; null: no cap.")
    open_attempt_id: int | None
    may_start: bool
    reason: str = Field(description="Why a new attempt cannot start now (empty when it can).")


class OptionOut(Schema):
    key: str
    text: str


class TestQuestionOut(Schema):
    position: int
    kind: str = Field(description="single, multiple, true_false or numeric.")
    text: str
    options: list[OptionOut]
    unit: str
    given: list[str]
    is_correct: bool | None = Field(description="Only once the attempt is closed.")


class AttemptOut(Schema):
    id: int
    test_id: int
    state: str = Field(description="open, passed, failed or expired.")
    started_at: datetime.datetime
    deadline: datetime.datetime | None
    submitted_at: datetime.datetime | None
    correct_count: int | None = Field(description="Only once the attempt is closed.")
    question_count: int
    pass_percent: int
    passport_record_id: int | None
    questions: list[TestQuestionOut]


class SubmitIn(InputSchema):
    answers: dict[str, list[text_field(40)]] = Field(  # type: ignore[valid-type]
        description="Per question position (as text): the chosen option keys, or one typed "
        "number (decimal comma or point, optionally with the unit)."
    )


class CriterionOut(Schema):
    id: int
    text: str
    critical: bool


class ChecklistOut(Schema):
    id: int
    title: str
    item_id: int
    item: str
    pass_percent: int
    criteria: list[CriterionOut]


class FindingIn(InputSchema):
    criterion_id: Id
    result: str = Field(pattern="^(met|not_met)$", description="met or not_met.")
    comment: text_field(1000) = ""  # type: ignore[valid-type]


class AssessmentIn(InputSchema):
    candidate_membership_id: Id
    performed_on: IsoDate
    findings: list[FindingIn] = Field(max_length=200)
    comment: text_field(4000) = ""  # type: ignore[valid-type]
    signed: bool = Field(description="The assessor signs: must be true.")


class AssessmentOut(Schema):
    id: int
    checklist_id: int
    candidate_membership_id: int
    performed_on: datetime.date
    outcome: str = Field(description="passed or failed.")
    score_percent: int
    assessor_signed_at: datetime.datetime
    candidate_signed_at: datetime.datetime | None
    passport_record_id: int | None


class StatementIn(Schema):
    """An xAPI statement: the fields read here are named; any other statement field
    (context, authority, attachments …) is accepted and kept with the stored statement."""

    model_config = ConfigDict(extra="allow")

    id: Any = Field(None, description="UUID of the statement; required.")
    actor: Any = Field(None, description="Agent with mbox, mbox_sha1sum or account.")
    verb: Any = Field(None, description="{'id': '…/passed'} or {'id': '…/completed'}.")
    object: Any = Field(None, description="The activity: {'id': its IRI}.")
    result: Any = Field(None, description="success, completion and score.")
    timestamp: Any = Field(None, description="ISO 8601 with time zone; default: now.")


class StatementOut(Schema):
    id: str = Field(description="The statement id, as stored.")
    passport_record_id: int | None
    membership_id: int
    item_id: int | None
    module: str = Field(description="The learning module the statement completed, or empty.")


def _test_out(test, membership) -> dict:
    standing = standing_of(test, membership)
    return {
        "id": test.pk,
        "title": test.title,
        "item_id": test.item_id,
        "item": test.item.name if test.item is not None else "",
        "module": test.module,
        "pass_percent": test.pass_percent,
        "time_limit_minutes": test.time_limit_minutes,
        "attempts_left": standing.attempts_left,
        "open_attempt_id": standing.open_attempt.pk if standing.open_attempt else None,
        "may_start": standing.may_start,
        "reason": standing.reason,
    }


def _attempt_out(attempt: Attempt) -> dict:
    closed = attempt.state != AttemptState.OPEN
    return {
        "id": attempt.pk,
        "test_id": attempt.test_id,
        "state": AttemptState.EXPIRED if is_overdue(attempt, timezone.now()) else attempt.state,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
        "correct_count": attempt.correct_count if closed else None,
        "question_count": attempt.question_count,
        "pass_percent": attempt.pass_percent,
        "passport_record_id": attempt.record_id,
        "questions": [
            {
                "position": a.position,
                "kind": a.kind,
                "text": a.text,
                "options": a.options,
                "unit": a.unit,
                "given": a.given,
                "is_correct": a.is_correct if closed else None,
            }
            for a in attempt.answers.all()
        ],
    }


def _assessment_out(a: PracticalAssessment) -> dict:
    return {
        "id": a.pk,
        "checklist_id": a.checklist_id,
        "candidate_membership_id": a.candidate_id,
        "performed_on": a.performed_on,
        "outcome": a.outcome,
        "score_percent": a.score_percent,
        "assessor_signed_at": a.assessor_signed_at,
        "candidate_signed_at": a.candidate_signed_at,
        "passport_record_id": a.record_id,
    }


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/tests",
    "assessments.take",
    response=list[TestOut],
    operation_id="assessments_tests",
    summary="Kennistoetsen",
    description="The open knowledge tests and where the caller stands with each: attempts "
    "left in this round, an open attempt, or why a new one cannot start (waiting after a "
    "fail, all attempts used). Capability `assessments.take` (every member).",
)
def tests_list(request: ApiRequest, access: OrgAccess):
    return [_test_out(t, access.membership) for t in tests_for_taking(access)]


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/tests/{test_id}/attempts",
    "assessments.take",
    response=AttemptOut,
    status=201,
    operation_id="assessments_attempt_start",
    summary="Poging starten",
    description="Start an attempt: questions are drawn at random from the test's pools and "
    "kept with the attempt. An attempt that is still open is returned instead of a new one. "
    "409 while waiting after a fail or when the round's attempts are used. The answer has "
    "no right answers. Capability `assessments.take`.",
)
def attempt_start_post(request: ApiRequest, access: OrgAccess, test_id: int = TestId):
    test = get_test(access, test_id)
    attempt = attempt_start(test=test, membership=access.membership, context=audit_context(request))
    return Status(201, _attempt_out(attempt))


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/attempts/{attempt_id}",
    "assessments.take",
    response=AttemptOut,
    operation_id="assessments_attempt",
    summary="Poging en uitslag",
    description="The caller's own attempt: its questions while open, with the result per "
    "question once closed. Someone else's attempt is 404, except for authors (capability "
    "`assessments.author`), whose reading is recorded in the audit log. Capability "
    "`assessments.take`.",
)
def attempt_get(request: ApiRequest, access: OrgAccess, attempt_id: int = AttemptId):
    return _attempt_out(attempt_open(access, attempt_id, context=audit_context(request)))


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/attempts/{attempt_id}/submit",
    "assessments.take",
    response=AttemptOut,
    operation_id="assessments_attempt_submit",
    summary="Poging inleveren",
    description="Hand in the answers; the server scores them over the drawn questions. A "
    "pass registers theory-test evidence in the passport. 409 for a second submit or a "
    "submit after the time limit (nothing changes); 400 for an answer that is no option or "
    "no number. Capability `assessments.take`.",
)
def attempt_submit_post(
    request: ApiRequest, access: OrgAccess, payload: SubmitIn, attempt_id: int = AttemptId
):
    attempt = get_own_attempt(access, attempt_id)
    given = {int(k): v for k, v in payload.answers.items() if k.isdigit() and len(k) < 4}
    attempt = attempt_submit(attempt=attempt, given=given, context=audit_context(request))
    return _attempt_out(attempt)


@org_endpoint(
    router,
    "GET",
    "/{org_slug}/checklists",
    "assessments.assess",
    response=list[ChecklistOut],
    operation_id="assessments_checklists",
    summary="Checklists",
    description="The checklists in use with their criteria (critical ones must all be met). "
    "Capability `assessments.assess` (assessors, coordinators).",
)
def checklists_list(request: ApiRequest, access: OrgAccess):
    return [
        {
            "id": c.pk,
            "title": c.title,
            "item_id": c.item_id,
            "item": c.item.name,
            "pass_percent": c.pass_percent,
            "criteria": [
                {"id": k.pk, "text": k.text, "critical": k.critical} for k in c.criteria.all()
            ],
        }
        for c in active_checklists(access).prefetch_related("criteria")
    ]


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/checklists/{checklist_id}/assessments",
    "assessments.assess",
    response=AssessmentOut,
    status=201,
    operation_id="assessments_assessment_submit",
    summary="Praktijktoets vastleggen",
    description="The assessor's filled-in, signed checklist for a candidate. 400 when the "
    "assessor may not assess the item on that date (not competent in it and not named "
    "assessor), for oneself, a missing finding, or a date in the future. Send an "
    "`Idempotency-Key` so a resend after a lost connection is stored once. The candidate "
    "then signs. Capability `assessments.assess`.",
)
def assessment_post(
    request: ApiRequest, access: OrgAccess, payload: AssessmentIn, checklist_id: int = ChecklistId
):
    from django.core.exceptions import ValidationError

    checklist = get_checklist(access, checklist_id)
    candidate = candidates(access).filter(pk=payload.candidate_membership_id).first()
    if candidate is None:
        raise ValidationError({"candidate_membership_id": "Deze medewerker bestaat hier niet."})
    if not payload.signed:
        raise ValidationError({"signed": "Onderteken de beoordeling om hem te versturen."})
    assessment = assessment_submit(
        assessor=access.membership,
        checklist=checklist,
        candidate=candidate,
        performed_on=payload.performed_on,
        findings=[Finding(f.criterion_id, f.result, f.comment) for f in payload.findings],
        comment=payload.comment,
        context=audit_context(request),
    )
    return Status(201, _assessment_out(assessment))


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/assessments/{assessment_id}/sign",
    "assessments.take",
    response=AssessmentOut,
    operation_id="assessments_assessment_sign",
    summary="Praktijktoets ondertekenen",
    description="The candidate signs their assessment; a pass then registers the practical "
    "assessment (with its assessor) in the passport. 404 for anyone else's; 409 when already "
    "signed. Capability `assessments.take`.",
)
def assessment_sign_post(request: ApiRequest, access: OrgAccess, assessment_id: int = AssessmentId):
    assessment = PracticalAssessment.objects.filter(
        candidate=access.membership, pk=assessment_id
    ).first()
    if assessment is None:
        raise Http404
    return _assessment_out(
        assessment_sign(
            candidate=access.membership, assessment=assessment, context=audit_context(request)
        )
    )


@org_endpoint(
    router,
    "POST",
    "/{org_slug}/xapi/statements",
    "assessments.xapi",
    response=StatementOut,
    status=201,
    operation_id="assessments_xapi_statement",
    summary="xAPI-statement ontvangen",
    description="Receive one xAPI 1.0.3 statement, as a learning record store would: verb "
    "`http://adlnet.gov/expapi/verbs/passed` or `…/completed` (with `result.score`), for an "
    "activity the organisation mapped to an item, by an actor that names one current member "
    "(`mbox`, `mbox_sha1sum`, or `account.name` = personnel number). The statement `id` is "
    "required. A valid statement registers e-learning evidence in the passport exactly once; "
    "a replayed id is 409; an unknown person or activity, a wrong actor, verb or result is "
    "400, each with the reason. Capability `assessments.xapi` (coordinator, admin).",
)
def xapi_statement_post(request: ApiRequest, access: OrgAccess, payload: StatementIn):
    stored = statement_receive(
        actor=request.auth,
        organisation=access.organisation,
        statement=payload.model_dump(exclude_unset=True),
        context=audit_context(request),
    )
    response = Status(
        201,
        {
            "id": str(stored.statement_id),
            "passport_record_id": stored.record_id,
            "membership_id": stored.membership_id,
            "item_id": stored.activity.item_id,
            "module": stored.activity.module,
        },
    )
    return response


__all__ = ["router", "HttpResponse"]
