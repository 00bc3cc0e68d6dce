"""A qualification saved in the passport completes the route steps it proves.

Listening to the record's own save (the passport's service writes every record through it)
keeps the competences app unaware of routes, and catches every source: an assessor's
sign-off, the qualification import, a test result. A correction that voids such evidence
reopens the step. A failed knowledge test (``assessments.signals.attempt_failed``) adds the
test's remedial module to the route; a passed test or an xAPI result for a learning module
(``assessments.signals.module_proven``) completes the route's steps for that module.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver
from django_scopes import scope

from zorgwijs.assessments.signals import attempt_failed, module_proven
from zorgwijs.competences.models import CompetenceRecord, RecordKind


@receiver(post_save, sender=CompetenceRecord, dispatch_uid="learning.passport_evidence")
def _record_saved(sender, instance: CompetenceRecord, created: bool, **kwargs) -> None:
    if not created:
        return
    from .services.routes import passport_evidence, passport_evidence_voided

    if instance.kind == RecordKind.VOID:
        passport_evidence_voided(instance)
    else:
        passport_evidence(instance)


@receiver(attempt_failed, dispatch_uid="learning.remedial_module")
def _attempt_failed(sender, *, attempt, remedial_module: str, **kwargs) -> None:
    """A failed knowledge test adds its remedial module to the person's active route (the
    assessments app tells the coordinator and managers and flags the interview itself)."""
    if not remedial_module.strip():
        return
    from .services.routes import remedial_step_add

    test = attempt.test
    with scope(organisation=attempt.organisation_id):
        remedial_step_add(
            membership_id=attempt.membership_id,
            item_id=test.item_id,
            test_id=test.pk,
            test_title=test.title,
            module=remedial_module,
            tested_module=test.module,
        )


@receiver(module_proven, dispatch_uid="learning.module_proven")
def _module_proven(sender, *, membership, module: str, **kwargs) -> None:
    from .services.routes import module_evidence

    with scope(organisation=membership.organisation_id):
        module_evidence(
            membership_id=membership.pk,
            module=module,
            on=kwargs["on"],
            actor=kwargs.get("actor"),
            via=kwargs["via"],
            includes_test=kwargs["includes_test"],
            reference=kwargs.get("reference", ""),
        )
