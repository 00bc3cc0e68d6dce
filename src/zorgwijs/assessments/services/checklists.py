"""Practical assessments: the assessor submits (and so signs) the filled-in checklist, the
candidate signs it; a passed assessment then registers the qualification in the passport."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.competences.assessors import may_assess, refusal
from zorgwijs.competences.models import EvidenceKind
from zorgwijs.competences.services import BACKDATE_GRACE_DAYS, qualification_register
from zorgwijs.organisations.models import Membership

from ..models import Checklist, ChecklistOutcome, PracticalAssessment

if TYPE_CHECKING:
    from zorgwijs.competences.models import CompetenceItem

MET, NOT_MET = "met", "not_met"


@dataclass(frozen=True)
class Finding:
    criterion_id: int
    result: str  # MET, NOT_MET or "" (not filled in)
    comment: str


def accepts_practical(item: CompetenceItem) -> bool:
    return not item.evidence_kinds or EvidenceKind.PRACTICAL in item.evidence_kinds


def outcome_of(checklist: Checklist, rows: list[dict]) -> tuple[str, int]:
    """Passed when every critical criterion is met and the others reach the pass mark."""
    scored = [r for r in rows if not r["critical"]]
    percent = round(100 * sum(r["result"] == MET for r in scored) / len(scored)) if scored else 100
    critical_ok = all(r["result"] == MET for r in rows if r["critical"])
    passed = critical_ok and percent >= checklist.pass_percent
    return (ChecklistOutcome.PASSED if passed else ChecklistOutcome.FAILED), percent


@transaction.atomic
def assessment_submit(
    *,
    assessor: Membership,
    checklist: Checklist,
    candidate: Membership,
    performed_on: datetime.date,
    findings: list[Finding],
    comment: str = "",
    context: AuditContext | None = None,
) -> PracticalAssessment:
    """The assessor's signed observation. Refused with the reason: an assessor who may not
    assess the item on that date, assessing yourself, a missing finding, a date in the future
    or too long ago."""
    today = timezone.localdate()
    if candidate.pk == assessor.pk:
        raise ValidationError({"candidate": _("Je kunt jezelf niet beoordelen.")})
    if candidate.organisation_id != checklist.organisation_id:
        raise ValidationError({"candidate": _("Deze persoon hoort niet bij deze organisatie.")})
    if performed_on > today:
        raise ValidationError({"performed_on": _("Een datum in de toekomst kan niet.")})
    if (today - performed_on).days > BACKDATE_GRACE_DAYS:
        raise ValidationError(
            {
                "performed_on": _(
                    "Leg een praktijktoets binnen %(days)s dagen vast; vraag anders de "
                    "opleidingsfunctionaris om een registratie met reden."
                )
                % {"days": BACKDATE_GRACE_DAYS}
            }
        )
    if not may_assess(membership=assessor, item=checklist.item, on=performed_on):
        raise ValidationError(
            refusal(name=assessor.user.full_name, item=checklist.item, on=performed_on),
            code="assessor",
        )
    by_id = {f.criterion_id: f for f in findings}
    rows, errors = [], {}
    for criterion in checklist.criteria.all():
        finding = by_id.get(criterion.pk)
        result = finding.result if finding else ""
        if result not in (MET, NOT_MET):
            errors[f"c{criterion.pk}"] = _("Kies voldaan of niet voldaan.")
        rows.append(
            {
                "criterion_id": criterion.pk,
                "text": criterion.text,
                "critical": criterion.critical,
                "result": result,
                "comment": (finding.comment if finding else "").strip()[:1000],
            }
        )
    if not rows:
        raise ValidationError(_("Deze checklist heeft nog geen criteria."))
    if errors:
        raise ValidationError(errors)
    outcome, percent = outcome_of(checklist, rows)
    assessment = PracticalAssessment.objects.create(
        organisation_id=checklist.organisation_id,
        checklist=checklist,
        candidate=candidate,
        assessor=assessor.user,
        performed_on=performed_on,
        criteria=rows,
        score_percent=percent,
        outcome=outcome,
        comment=comment.strip(),
        assessor_signed_at=timezone.now(),
    )
    audit(
        "assessments.practical.assessed",
        kind="change",
        actor=assessor.user,
        organisation=assessor.organisation,
        subject=candidate.user,
        obj=assessment,
        context=context,
        data={"checklist": checklist.title, "outcome": outcome, "score": percent},
    )
    return assessment


@transaction.atomic
def assessment_sign(
    *, candidate: Membership, assessment: PracticalAssessment, context: AuditContext | None = None
) -> PracticalAssessment:
    """The candidate signs that they saw the outcome; a pass becomes the qualification."""
    assessment = PracticalAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.candidate_id != candidate.pk:
        raise ValidationError(_("Alleen de beoordeelde medewerker kan dit ondertekenen."))
    if assessment.candidate_signed_at is not None:
        raise ValidationError(_("Je hebt deze beoordeling al ondertekend."), code="conflict")
    assessment.candidate_signed_at = timezone.now()
    item = assessment.checklist.item
    if assessment.outcome == ChecklistOutcome.PASSED and accepts_practical(item):
        assessment.record = qualification_register(
            actor=candidate.user,
            membership=candidate,
            item=item,
            occurred_on=assessment.performed_on,
            evidence_kind=EvidenceKind.PRACTICAL,
            assessor=assessment.assessor,
            note=_("Praktijktoets %(title)s: %(score)s%%")
            % {
                "title": assessment.checklist.title,
                "score": assessment.score_percent,
            },
            source="checklist",
            backdate_reason=_("Datum van de praktijktoets, afgetekend op %(date)s")
            % {"date": timezone.localtime(assessment.assessor_signed_at).strftime("%d-%m-%Y")},
            external_ref=f"assessment-{assessment.pk}",
            context=context,
        )
    assessment.save(update_fields=["candidate_signed_at", "record"])
    audit(
        "assessments.practical.signed",
        kind="change",
        actor=candidate.user,
        organisation=candidate.organisation,
        subject=candidate.user,
        obj=assessment,
        context=context,
        data={"checklist": assessment.checklist.title, "outcome": assessment.outcome},
    )
    return assessment
