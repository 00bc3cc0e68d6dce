"""What authors (coordinators) save: tests, pools, questions, checklists and xAPI activities.

The forms check the input; these save it with its audit entry in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record

from ..forms import ChecklistForm, PoolForm, QuestionForm, TestForm, XapiActivityForm
from ..models import Checklist, Criterion, KnowledgeTest, Question, QuestionPool, XapiActivity

Authored = KnowledgeTest | QuestionPool | Question | Checklist | XapiActivity


def _audit_change(action: str, obj: Authored, data: dict[str, Any], context: AuditContext) -> None:
    organisation = obj.organisation
    record(action, kind="change", context=context, organisation=organisation, obj=obj, data=data)


@transaction.atomic
def knowledge_test_save(form: TestForm, *, context: AuditContext) -> KnowledgeTest:
    created = form.instance.pk is None
    test = form.save()
    action = "assessments.test.created" if created else "assessments.test.changed"
    _audit_change(action, test, {"title": test.title}, context)
    return test


@transaction.atomic
def pool_create(form: PoolForm, *, test: KnowledgeTest, context: AuditContext) -> QuestionPool:
    pool = form.save(commit=False)
    pool.organisation, pool.test = test.organisation, test
    if QuestionPool.objects.filter(test=test, name=pool.name).exists():
        raise ValidationError({"name": _("Deze toets heeft al een pool met deze naam.")})
    pool.save()
    _audit_change(
        "assessments.pool.created", pool, {"test": test.title, "name": pool.name}, context
    )
    return pool


@transaction.atomic
def question_save(form: QuestionForm, *, test: KnowledgeTest, context: AuditContext) -> Question:
    created = form.instance.pk is None
    question = form.save()
    action = "assessments.question.created" if created else "assessments.question.changed"
    _audit_change(action, question, {"test": test.title}, context)
    return question


@transaction.atomic
def checklist_save(
    form: ChecklistForm, *, criteria_lines: list[tuple[str, bool]], context: AuditContext
) -> Checklist:
    """Save the checklist and replace its criteria (signed assessments keep their snapshot)."""
    checklist = form.save()
    checklist.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(
            organisation=checklist.organisation,
            checklist=checklist,
            position=i,
            text=text,
            critical=critical,
        )
        for i, (text, critical) in enumerate(criteria_lines, start=1)
    )
    _audit_change("assessments.checklist.saved", checklist, {"title": checklist.title}, context)
    return checklist


@transaction.atomic
def xapi_activity_create(form: XapiActivityForm, *, context: AuditContext) -> XapiActivity:
    activity = form.save()
    _audit_change("assessments.xapi_activity.created", activity, {"iri": activity.iri}, context)
    return activity
