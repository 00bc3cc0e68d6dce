"""Reads: where a person stands with a test, results for authors, the item analysis."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record, record_many
from zorgwijs.competences.models import (
    CompetenceRecord,
    EvidenceKind,
    PassportLine,
    RecordKind,
)
from zorgwijs.organisations.access import OrgAccess
from zorgwijs.organisations.models import Membership

from .models import (
    Attempt,
    AttemptAnswer,
    AttemptGrant,
    AttemptState,
    Checklist,
    KnowledgeTest,
    PracticalAssessment,
    Question,
)

if TYPE_CHECKING:
    from zorgwijs.competences.models import CompetenceItem

# A submit this long after the deadline still counts: the time the page took to send.
SUBMIT_GRACE = datetime.timedelta(seconds=30)
FAILED_STATES = (AttemptState.FAILED, AttemptState.EXPIRED)


def accepts_theory(item: CompetenceItem) -> bool:
    return not item.evidence_kinds or EvidenceKind.THEORY_TEST in item.evidence_kinds


def is_overdue(attempt: Attempt, now: datetime.datetime) -> bool:
    return (
        attempt.state == AttemptState.OPEN
        and attempt.deadline is not None
        and now > attempt.deadline + SUBMIT_GRACE
    )


@dataclass(frozen=True)
class Standing:
    """Where ``membership`` stands with ``test`` at ``now``: may they start an attempt, and
    if not, why (``reason``, a sentence for the page and the API)."""

    open_attempt: Attempt | None
    round_started: datetime.datetime | None
    fails_in_round: int
    attempts_left: int | None
    wait_until: datetime.datetime | None
    reason: str

    @property
    def may_start(self) -> bool:
        return not self.reason


def round_start(test: KnowledgeTest, membership: Membership) -> datetime.datetime | None:
    """A round of attempts begins at the last pass, the last grant of a coordinator, the last
    qualification in the item by any route, or the day the item's recertification window
    opened (``expiring_from``): recertification always opens a new round, whatever the cap
    did before."""
    passed = Attempt.objects.filter(
        test=test, membership=membership, state=AttemptState.PASSED
    ).aggregate(at=Max("submitted_at"))["at"]
    granted = AttemptGrant.objects.filter(test=test, membership=membership).aggregate(
        at=Max("granted_at")
    )["at"]
    qualified: datetime.datetime | None = None
    recertify: datetime.datetime | None = None
    if test.item_id is not None:  # a module's test has no passport line to recertify
        qualified = CompetenceRecord.objects.filter(
            organisation_id=membership.organisation_id,
            person_id=membership.user_id,
            item_id=test.item_id,
            kind=RecordKind.QUALIFICATION,
        ).aggregate(at=Max("entered_at"))["at"]
        window = (
            PassportLine.objects.filter(membership=membership, item_id=test.item_id)
            .values_list("expiring_from", flat=True)
            .first()
        )
        if window is not None and window <= timezone.localdate():
            recertify = timezone.make_aware(datetime.datetime.combine(window, datetime.time.min))
    moments = [m for m in (passed, granted, qualified, recertify) if m is not None]
    return max(moments) if moments else None


def standing_of(
    test: KnowledgeTest, membership: Membership, now: datetime.datetime | None = None
) -> Standing:
    now = now or timezone.now()
    start = round_start(test, membership)
    attempts = list(
        Attempt.objects.filter(test=test, membership=membership)
        .filter(Q(submitted_at__isnull=True) | Q(submitted_at__gt=start) if start else Q())
        .only("state", "deadline", "submitted_at", "started_at")
    )
    open_attempt = next(
        (a for a in attempts if a.state == AttemptState.OPEN and not is_overdue(a, now)), None
    )
    # An attempt left open past its deadline counts as failed at its deadline.
    failed_at = [
        a.submitted_at if a.state in FAILED_STATES else a.deadline
        for a in attempts
        if a.state in FAILED_STATES or is_overdue(a, now)
    ]
    fails = len(failed_at)
    left = None if test.max_attempts is None else max(test.max_attempts - fails, 0)
    wait_until = None
    if failed_at and test.wait_hours:
        wait_until = max(t for t in failed_at if t) + datetime.timedelta(hours=test.wait_hours)
        if wait_until <= now:
            wait_until = None
    reason = ""
    if open_attempt is None:
        if not test.is_active:
            reason = _("Deze toets is gesloten.")
        elif left == 0:
            reason = _(
                "Je hebt alle %(count)s pogingen van deze ronde gebruikt. De "
                "opleidingsfunctionaris kan een nieuwe ronde openen."
            ) % {"count": test.max_attempts}
        elif wait_until is not None:
            reason = _("Na een onvoldoende wacht je even: je kunt weer beginnen op %(when)s.") % {
                "when": timezone.localtime(wait_until).strftime("%d-%m-%Y %H:%M")
            }
    return Standing(open_attempt, start, fails, left, wait_until, reason)


def tests_for_taking(access: OrgAccess) -> QuerySet[KnowledgeTest]:
    return (
        KnowledgeTest.objects.filter(organisation=access.organisation, is_active=True)
        .select_related("item")
        .order_by("title")
    )


def get_test(access: OrgAccess, test_id: int, *, authoring: bool = False) -> KnowledgeTest:
    """A test of the caller's organisation; a closed one only for its authors (404)."""
    tests = KnowledgeTest.objects.filter(organisation=access.organisation)
    if not (authoring and access.can("assessments.author")):
        tests = tests.filter(is_active=True)
    test = tests.select_related("item").filter(pk=test_id).first()
    if test is None:
        raise Http404
    return test


def get_own_attempt(access: OrgAccess, attempt_id: int) -> Attempt:
    """The caller's own attempt; anyone else's is 404."""
    attempt = (
        Attempt.objects.filter(membership=access.membership, pk=attempt_id)
        .select_related("test__item")
        .first()
    )
    if attempt is None:
        raise Http404
    return attempt


def get_attempt_for_viewer(access: OrgAccess, attempt_id: int) -> Attempt:
    """The caller's own attempt, or for an author any attempt of the organisation (to read a
    result); 404 for anyone else."""
    attempts = Attempt.objects.filter(organisation=access.organisation, pk=attempt_id)
    if not access.can("assessments.author"):
        attempts = attempts.filter(membership=access.membership)
    attempt = attempts.select_related("test__item", "membership__user").first()
    if attempt is None:
        raise Http404
    return attempt


def attempt_open(access: OrgAccess, attempt_id: int, *, context: AuditContext) -> Attempt:
    """An attempt to show: the caller's own, or another's that an author reads (recorded)."""
    attempt = get_attempt_for_viewer(access, attempt_id)
    if attempt.membership_id != access.membership.pk:
        record(
            "assessments.attempt.viewed",
            kind="view",
            context=context,
            organisation=access.organisation,
            subject=attempt.membership.user,
            obj=attempt,
        )
    return attempt


def my_attempts(access: OrgAccess, test: KnowledgeTest) -> list[Attempt]:
    return list(Attempt.objects.filter(test=test, membership=access.membership)[:50])


def attempt_results(test: KnowledgeTest) -> QuerySet[Attempt]:
    return (
        Attempt.objects.filter(test=test)
        .exclude(state=AttemptState.OPEN)
        .select_related("membership__user")
        .order_by("-submitted_at")
    )


def attempt_results_read(test: KnowledgeTest, *, context: AuditContext) -> list[Attempt]:
    """The latest 300 submitted attempts for the results page, everyone in them recorded."""
    attempts = list(attempt_results(test)[:300])
    record_many(
        "assessments.results.viewed",
        kind="view",
        context=context,
        organisation=test.organisation,
        subjects={a.membership.user for a in attempts},
    )
    return attempts


@dataclass(frozen=True)
class QuestionAnalysis:
    question_id: int | None
    text: str
    answered: int
    share_correct: float | None
    discrimination: float | None


def item_analysis(test: KnowledgeTest) -> list[QuestionAnalysis]:
    """Per question, over submitted attempts: the share answered right (p-value) and the
    upper-lower discrimination index (share right among the best 27% of attempts minus among
    the weakest 27%). Questions are grouped by their current id; the text shown is the
    question's current one."""
    attempts = list(
        Attempt.objects.filter(test=test, state__in=(AttemptState.PASSED, AttemptState.FAILED))
        .order_by("correct_count", "pk")
        .values_list("pk", "correct_count", "question_count")
    )
    ranked = sorted(attempts, key=lambda a: (a[1] / a[2]) if a[2] else 0)
    group = max(1, round(len(ranked) * 0.27)) if len(ranked) >= 2 else 0
    lower = {a[0] for a in ranked[:group]}
    upper = {a[0] for a in ranked[len(ranked) - group :]} if group else set()
    rows: dict[int | None, dict] = {}
    for question_id, attempt_id, correct in AttemptAnswer.objects.filter(
        attempt__test=test, attempt__state__in=(AttemptState.PASSED, AttemptState.FAILED)
    ).values_list("question_id", "attempt_id", "is_correct"):
        row = rows.setdefault(question_id, {"n": 0, "ok": 0, "up": [0, 0], "low": [0, 0]})
        row["n"] += 1
        row["ok"] += bool(correct)
        if attempt_id in upper:
            row["up"][0] += bool(correct)
            row["up"][1] += 1
        if attempt_id in lower:
            row["low"][0] += bool(correct)
            row["low"][1] += 1
    texts = dict(Question.objects.filter(pk__in=[q for q in rows if q]).values_list("pk", "text"))
    result = []
    for question_key, row in rows.items():
        discrimination = None
        if row["up"][1] and row["low"][1]:
            discrimination = round(row["up"][0] / row["up"][1] - row["low"][0] / row["low"][1], 2)
        result.append(
            QuestionAnalysis(
                question_id=question_key,
                text=texts.get(question_key, "") if question_key else _("(verwijderde vraag)"),
                answered=row["n"],
                share_correct=round(row["ok"] / row["n"], 2) if row["n"] else None,
                discrimination=discrimination,
            )
        )
    return sorted(result, key=lambda r: r.share_correct if r.share_correct is not None else 1)


def bank_counts(test: KnowledgeTest) -> dict[int, int]:
    """Active questions per pool of ``test``."""
    return dict(
        Question.objects.filter(pool__test=test, is_active=True)
        .values("pool_id")
        .annotate(n=Count("pk"))
        .values_list("pool_id", "n")
    )


# Checklists ---------------------------------------------------------------------------------


def active_checklists(access: OrgAccess) -> QuerySet[Checklist]:
    return (
        Checklist.objects.filter(organisation=access.organisation, is_active=True)
        .select_related("item")
        .order_by("title")
    )


def get_checklist(access: OrgAccess, checklist_id: int) -> Checklist:
    checklist = active_checklists(access).filter(pk=checklist_id).first()
    if checklist is None:
        raise Http404
    return checklist


def get_assessment(access: OrgAccess, assessment_id: int) -> PracticalAssessment:
    """A practical assessment for its candidate, its assessor, or an author (coordinator)."""
    found = PracticalAssessment.objects.filter(
        organisation=access.organisation, pk=assessment_id
    ).select_related("checklist__item", "candidate__user", "assessor")
    if not access.can("assessments.author"):
        found = found.filter(Q(candidate=access.membership) | Q(assessor=access.membership.user))
    assessment = found.first()
    if assessment is None:
        raise Http404
    return assessment


def assessment_open(
    access: OrgAccess, assessment_id: int, *, context: AuditContext
) -> PracticalAssessment:
    """An assessment to show: its candidate's own, or read by its assessor or an author
    (recorded)."""
    assessment = get_assessment(access, assessment_id)
    if assessment.candidate_id != access.membership.pk:
        record(
            "assessments.practical.viewed",
            kind="view",
            context=context,
            organisation=access.organisation,
            subject=assessment.candidate.user,
            obj=assessment,
        )
    return assessment


def to_sign(access: OrgAccess) -> QuerySet[PracticalAssessment]:
    """Assessments waiting for the caller's signature as candidate."""
    return PracticalAssessment.objects.filter(
        candidate=access.membership, candidate_signed_at__isnull=True
    ).select_related("checklist", "assessor")


def assessed_by(access: OrgAccess) -> QuerySet[PracticalAssessment]:
    return PracticalAssessment.objects.filter(
        organisation=access.organisation, assessor=access.membership.user
    ).select_related("checklist", "candidate__user")[:50]


def candidates(access: OrgAccess) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=access.organisation)
        .active()
        .exclude(pk=access.membership.pk)
        .select_related("user")
        .order_by("user__full_name")
    )
