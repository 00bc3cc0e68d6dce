"""Writes on routes: propose from a gap or a template, edit, approve, sign off and complete
steps, notes per step, save as a template. Each owns its transaction and audit entry.

A step that proves a passport item is done by the passport's own evidence (``passport_evidence``,
called when a qualification record is saved): an assessor's sign-off, an import, or a test
result registered through ``qualification_register``. Nobody marks it done by hand, so nothing is
registered twice.
"""

from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.competences.assessors import may_assess, refusal
from zorgwijs.competences.models import CompetenceRecord, EvidenceKind, RecordKind
from zorgwijs.competences.services import qualification_register
from zorgwijs.competences.signals import announce
from zorgwijs.lib.uploads import EVIDENCE_TYPES, validate_upload
from zorgwijs.organisations.access import OrgAccess
from zorgwijs.organisations.capabilities import members_with_capability_over
from zorgwijs.organisations.models import Membership

from ..gap import PersonGap, analyse, blueprint_outcomes
from ..models import (
    MODULE_KINDS,
    Blueprint,
    BlueprintState,
    NoteKind,
    Outcome,
    ProofKind,
    Route,
    RouteState,
    RouteStep,
    RouteTemplate,
    StepKind,
    StepNote,
)
from ..proposal import StepDraft, from_template, propose
from ..search_index import template_index

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

PORTFOLIO_MAX_MB = 10


def _audit(
    action: str,
    *,
    actor: User | None,
    route: Route,
    context: AuditContext | None = None,
    obj: models.Model | None = None,
    **data: Any,
) -> None:
    audit(
        f"learning.route.{action}",
        kind="change",
        actor=actor,
        organisation=route.organisation,
        subject=route.membership.user,
        obj=obj or route,
        context=context,
        data={"route": route.name, **data},
    )


def outcome_prerequisites(blueprint: Blueprint) -> dict[int, set[int]]:
    pairs = Outcome.prerequisites.through.objects.filter(
        from_outcome__blueprint=blueprint
    ).values_list("from_outcome_id", "to_outcome_id")
    needs: dict[int, set[int]] = {}
    for outcome_id, needed in pairs:
        needs.setdefault(outcome_id, set()).add(needed)
    return needs


def _create_steps(route: Route, drafts: list[StepDraft]) -> list[RouteStep]:
    steps = RouteStep.objects.bulk_create(
        [
            RouteStep(
                organisation_id=route.organisation_id,
                route=route,
                position=index + 1,
                kind=draft.kind,
                title=draft.title[:200],
                description=draft.description,
                hours=draft.hours,
                item_id=draft.item_id,
                department_id=draft.department_id,
            )
            for index, draft in enumerate(drafts)
        ]
    )
    Outcomes = cast(type[models.Model], RouteStep.outcomes.through)
    Outcomes._default_manager.bulk_create(
        [
            Outcomes(routestep_id=step.pk, outcome_id=outcome_id)
            for step, draft in zip(steps, drafts, strict=True)
            for outcome_id in draft.outcome_ids
        ]
    )
    Before = cast(type[models.Model], RouteStep.prerequisites.through)
    Before._default_manager.bulk_create(
        [
            Before(from_routestep_id=step.pk, to_routestep_id=steps[index].pk)
            for step, draft in zip(steps, drafts, strict=True)
            for index in draft.prerequisites
        ]
    )
    return steps


@transaction.atomic
def route_propose(
    *,
    actor: User,
    membership: Membership,
    blueprint: Blueprint,
    start_date: datetime.date,
    mentor: Membership | None = None,
    template: RouteTemplate | None = None,
    hours_per_week: int = 8,
    context: AuditContext | None = None,
) -> Route:
    """A draft route for ``membership`` on ``blueprint``: the steps its gap needs, or the steps
    of ``template`` that are not yet covered. The coordinator edits and approves it."""
    if blueprint.state != BlueprintState.PUBLISHED or blueprint.organisation_id != (
        membership.organisation_id
    ):
        raise ValidationError(
            {"blueprint": _("Kies een vastgestelde blauwdruk van je organisatie.")}
        )
    if template is not None and template.blueprint_id != blueprint.pk:
        raise ValidationError({"template": _("Dit sjabloon hoort bij een andere blauwdruk.")})
    if mentor is not None and (
        mentor.organisation_id != membership.organisation_id or mentor.pk == membership.pk
    ):
        raise ValidationError({"mentor": _("Kies een collega als werkbegeleider.")})
    if Route.objects.filter(
        membership=membership,
        blueprint__lineage=blueprint.lineage,
        state__in=[RouteState.DRAFT, RouteState.ACTIVE],
    ).exists():
        raise ValidationError(
            {"blueprint": _("Deze medewerker heeft al een lopende route voor deze blauwdruk.")}
        )
    outcomes = blueprint_outcomes(blueprint)
    gap: PersonGap = analyse(blueprint, [membership], outcomes=outcomes)[0]
    if template is not None:
        drafts = from_template(template.steps, gap, outcome_by_code={o.code: o for o in outcomes})
    else:
        drafts = propose(
            gap,
            prerequisites=outcome_prerequisites(blueprint),
            department_id=membership.primary_department_id,
        )
    route = Route.objects.create(
        organisation_id=membership.organisation_id,
        membership=membership,
        blueprint=blueprint,
        name=_("%(role)s — %(name)s")
        % {"role": blueprint.target_role, "name": membership.user.full_name},
        start_date=start_date,
        hours_per_week=hours_per_week,
        mentor=mentor,
        created_by=actor,
        template=template,
    )
    _create_steps(route, drafts)
    _audit(
        "proposed",
        actor=actor,
        route=route,
        context=context,
        steps=len(drafts),
        blueprint=str(blueprint),
        counts=gap.counts,
    )
    return route


def _changeable(route: Route) -> None:
    if route.state == RouteState.COMPLETED:
        raise ValidationError(_("Deze route is afgerond en verandert niet meer."))


@transaction.atomic
def step_update(
    *,
    actor: User,
    step: RouteStep,
    hours: int,
    fixed_due_day: int | None,
    fixed_due_reason: str,
    supervisor: Membership | None,
    title: str | None = None,
    context: AuditContext | None = None,
) -> RouteStep:
    route = step.route
    _changeable(route)
    if step.is_done:
        raise ValidationError(_("Deze stap is al afgerond."))
    if hours < 1:
        raise ValidationError({"hours": _("Een stap kost minstens één uur.")})
    if fixed_due_day is not None and not fixed_due_reason.strip():
        raise ValidationError(
            {"fixed_due_reason": _("Zeg waarom deze stap een vaste deadline krijgt.")}
        )
    if supervisor is not None and (
        supervisor.organisation_id != route.organisation_id or supervisor.pk == route.membership_id
    ):
        raise ValidationError({"supervisor": _("Kies een collega als werkbegeleider.")})
    before = {"hours": step.hours, "fixed_due_day": step.fixed_due_day}
    step.hours = hours
    step.fixed_due_day = fixed_due_day
    step.fixed_due_reason = fixed_due_reason.strip() if fixed_due_day is not None else ""
    step.supervisor = supervisor
    if title:
        step.title = title
    step.save()
    _audit(
        "step_changed",
        actor=actor,
        route=route,
        context=context,
        obj=step,
        step=step.title,
        before=before,
        hours=hours,
        fixed_due_day=fixed_due_day,
    )
    return step


@transaction.atomic
def route_approve(*, actor: User, route: Route, context: AuditContext | None = None) -> Route:
    route = Route.objects.select_for_update(of=("self",)).get(pk=route.pk)
    if route.state != RouteState.DRAFT:
        raise ValidationError(_("Deze route is al goedgekeurd."))
    steps = list(route.steps.prefetch_related("outcomes"))
    if not steps:
        raise ValidationError(_("Een route zonder stappen kan niet van start."))
    unguided = [
        s.title
        for s in steps
        if s.kind == StepKind.INTERNSHIP and not (s.supervisor_id or route.mentor_id)
    ]
    if unguided:
        raise ValidationError(
            _("Kies een werkbegeleider voor de route of voor: %(steps)s.")
            % {"steps": ", ".join(unguided)}
        )
    route.state = RouteState.ACTIVE
    route.approved_by, route.approved_at = actor, timezone.now()
    route.save(update_fields=["state", "approved_by", "approved_at"])
    # Evidence already in the passport since the start counts from the first day.
    for step in steps:
        if step.item_id and not step.is_done:
            record = _matching_record(route, step)
            if record is not None:
                _done(
                    step, via="passport", on=record.occurred_on, by=record.assessor, record=record
                )
    _audit("approved", actor=actor, route=route, context=context)
    _complete_if_finished(route)
    return route


# What a blueprint outcome on a practical step names as its proof, as passport evidence: a
# practical assessment or an internship sign-off is practical evidence; accepted prior learning
# is what the blueprint itself allows. A knowledge test never completes a practical step.
_PRACTICAL_PROOFS: dict[str, str] = {
    ProofKind.PRACTICAL: EvidenceKind.PRACTICAL,
    ProofKind.INTERNSHIP: EvidenceKind.PRACTICAL,
    ProofKind.PRIOR_LEARNING: EvidenceKind.PRIOR_LEARNING,
}


def proving_evidence(step: RouteStep) -> frozenset[str] | None:
    """The passport evidence kinds that complete ``step``; None: any qualification of its item.
    A knowledge-test step only by a test result; a practical step only by practical evidence
    (an assessor's sign-off or checklist) or what its outcomes' blueprint names as their proof:
    a passed test does not show someone can do it at the bedside. Reads ``step.outcomes``
    (prefetch it for many steps)."""
    if step.kind == StepKind.KNOWLEDGE_TEST:
        return frozenset({EvidenceKind.THEORY_TEST})
    if step.kind == StepKind.PRACTICAL:
        proofs = {o.proof for o in step.outcomes.all()}
        named = {_PRACTICAL_PROOFS[p] for p in proofs if p in _PRACTICAL_PROOFS}
        return frozenset({EvidenceKind.PRACTICAL, *named})
    return None


def _proves(step: RouteStep, evidence_kind: str) -> bool:
    accepted = proving_evidence(step)
    return accepted is None or evidence_kind in accepted


def _matching_record(route: Route, step: RouteStep) -> CompetenceRecord | None:
    records = CompetenceRecord.objects.filter(
        organisation_id=route.organisation_id,
        person_id=route.membership.user_id,
        item_id=step.item_id,
        kind=RecordKind.QUALIFICATION,
        occurred_on__gte=route.start_date,
        voided_by__isnull=True,
    )
    accepted = proving_evidence(step)
    if accepted is not None:
        records = records.filter(evidence_kind__in=accepted)
    return records.order_by("occurred_on", "id").first()


def _done(
    step: RouteStep,
    *,
    via: str,
    on: datetime.date,
    by: User | None = None,
    record: CompetenceRecord | None = None,
) -> None:
    step.done_on, step.done_via, step.done_by, step.record = on, via, by, record
    step.save(update_fields=["done_on", "done_via", "done_by", "record"])


def _is_guide(membership: Membership, step: RouteStep) -> bool:
    return membership.pk in (step.supervisor_id, step.route.mentor_id)


def _check_open(step: RouteStep) -> None:
    if step.route.state != RouteState.ACTIVE:
        raise ValidationError(_("Deze route is niet actief: eerst goedkeuren."))
    if step.done_on is not None:
        raise ValidationError(
            _("Deze stap is al afgerond op %(date)s.")
            % {"date": formats.date_format(step.done_on, "j F Y")}
        )


@transaction.atomic
def step_sign_off(
    *, access: OrgAccess, step: RouteStep, comment: str = "", context: AuditContext | None = None
) -> RouteStep:
    """The werkbegeleider signs off a step. A practical assessment of a passport item is
    registered as the qualification through the passport's own service (the signer must be
    allowed to assess it); other steps are signed off in the route."""
    step = (
        RouteStep.objects.select_for_update(of=("self",))
        .select_related("route__membership__user", "item")
        .get(pk=step.pk)
    )
    route = step.route
    actor = access.membership.user
    _check_open(step)
    if access.membership.pk == route.membership_id:
        raise ValidationError(_("Je kunt je eigen stap niet aftekenen."))
    if not _is_guide(access.membership, step):
        raise ValidationError(
            _("Alleen de werkbegeleider van %(name)s kan deze stap aftekenen.")
            % {"name": route.membership.user.full_name}
        )
    today = timezone.localdate()
    if step.item_id:
        if step.kind != StepKind.PRACTICAL:
            raise ValidationError(
                _("Deze stap is klaar zodra het bewijs in het paspoort staat (toets of import).")
            )
        item = step.item
        assert item is not None
        if not may_assess(membership=access.membership, item=item, on=today):
            raise ValidationError(refusal(name=actor.full_name, item=item, on=today))
        record = qualification_register(
            actor=actor,
            membership=route.membership,
            item=item,
            occurred_on=today,
            evidence_kind=EvidenceKind.PRACTICAL,
            assessor=actor,
            note=comment,
            source="learning",
            context=context,
        )
        step.refresh_from_db()
        _done(step, via="assessor", on=today, by=actor, record=record)
    else:
        _done(step, via="sign_off", on=today, by=actor)
    if comment.strip():
        StepNote.objects.create(
            organisation_id=step.organisation_id,
            step=step,
            author=actor,
            kind=NoteKind.FEEDBACK,
            text=comment.strip(),
        )
    _audit("step_signed_off", actor=actor, route=route, context=context, obj=step, step=step.title)
    _complete_if_finished(route)
    return step


@transaction.atomic
def step_mark_done(
    *, actor: User, step: RouteStep, context: AuditContext | None = None
) -> RouteStep:
    """The coordinator records a module or test without a passport item as done (its result
    came in elsewhere, e.g. attendance of a classroom day)."""
    step = (
        RouteStep.objects.select_for_update(of=("self",))
        .select_related("route__membership__user")
        .get(pk=step.pk)
    )
    _check_open(step)
    if step.item_id:
        raise ValidationError(
            _("Deze stap is klaar zodra het bewijs in het paspoort staat; registreer het daar.")
        )
    if step.kind in (StepKind.INTERNSHIP, StepKind.PRACTICAL):
        raise ValidationError(_("Deze stap tekent de werkbegeleider af."))
    _done(step, via="coordinator", on=timezone.localdate(), by=actor)
    _audit("step_done", actor=actor, route=step.route, context=context, obj=step, step=step.title)
    _complete_if_finished(step.route)
    return step


def passport_evidence(record: CompetenceRecord) -> int:
    """A new qualification in the passport completes the open steps it proves: steps of the
    person's active routes on the same item, where the evidence dates from the route's start or
    later. Runs in the record's transaction. Returns the number of steps completed."""
    if record.kind != RecordKind.QUALIFICATION:
        return 0
    steps = list(
        RouteStep.objects.filter(
            organisation_id=record.organisation_id,
            route__membership__user_id=record.person_id,
            route__state=RouteState.ACTIVE,
            route__start_date__lte=record.occurred_on,
            item_id=record.item_id,
            done_on__isnull=True,
        )
        .select_related("route__membership__user", "route__organisation")
        .prefetch_related("outcomes")
    )
    steps = [step for step in steps if _proves(step, record.evidence_kind)]
    for step in steps:
        _done(step, via="passport", on=record.occurred_on, by=record.assessor, record=record)
        _audit(
            "step_done",
            actor=record.registered_by,
            route=step.route,
            obj=step,
            step=step.title,
            via="passport",
            record=record.pk,
        )
    for route in {step.route_id: step.route for step in steps}.values():
        _complete_if_finished(route)
    return len(steps)


def passport_evidence_voided(void: CompetenceRecord) -> int:
    """A correction voided a qualification: the steps it completed are no longer proven. Each
    is linked to other valid evidence of the item since its route's start if there is some,
    else it opens again (``reopened_by`` says why on the route pages), and a completed route
    is active again. Runs in the correction's transaction. Returns the steps reopened."""
    if void.kind != RecordKind.VOID or void.voids_id is None:
        return 0
    steps = list(
        RouteStep.objects.filter(organisation_id=void.organisation_id, record_id=void.voids_id)
        .select_related("route__membership__user", "route__organisation")
        .prefetch_related("outcomes")
        .order_by("pk")
    )
    reopened = 0
    for step in steps:
        route = step.route
        other = _matching_record(route, step)
        if other is not None:
            _done(step, via="passport", on=other.occurred_on, by=other.assessor, record=other)
            _audit(
                "step_evidence_replaced",
                actor=void.registered_by,
                route=route,
                obj=step,
                step=step.title,
                voided=void.voids_id,
                record=other.pk,
            )
            continue
        step.done_on, step.done_via, step.done_by, step.record = None, "", None, None
        step.reopened_by = void
        step.save(update_fields=["done_on", "done_via", "done_by", "record", "reopened_by"])
        reopened += 1
        _audit(
            "step_reopened",
            actor=void.registered_by,
            route=route,
            obj=step,
            step=step.title,
            voided=void.voids_id,
            reason=void.reason,
        )
        if route.state == RouteState.COMPLETED:
            route.state, route.completed_at = RouteState.ACTIVE, None
            route.save(update_fields=["state", "completed_at"])
            _audit("reopened", actor=void.registered_by, route=route, step=step.title)
    return reopened


def module_step_ids(*, membership_id: int, module: str, includes_test: bool) -> list[int]:
    """The open steps of the person's active routes that are the learning module ``module``:
    module steps (e-learning or classroom, no passport item) of that name, and with
    ``includes_test`` the knowledge-test steps without an item that test it (of that name,
    or coming right after such a module step)."""
    module = " ".join(module.split())
    if not module:
        return []
    named = models.Q(kind__in=MODULE_KINDS, title__iexact=module)
    if includes_test:
        named |= models.Q(kind=StepKind.KNOWLEDGE_TEST) & (
            models.Q(title__iexact=module)
            | models.Q(prerequisites__kind__in=MODULE_KINDS, prerequisites__title__iexact=module)
        )
    return sorted(
        set(
            RouteStep.objects.filter(
                named,
                route__membership_id=membership_id,
                route__state=RouteState.ACTIVE,
                item__isnull=True,
                done_on__isnull=True,
            ).values_list("pk", flat=True)
        )
    )


def module_evidence(
    *,
    membership_id: int,
    module: str,
    on: datetime.date,
    actor: User | None,
    via: str,
    includes_test: bool,
    reference: str,
) -> int:
    """A passed knowledge test of a learning module (``via="test"``) or an accepted xAPI
    result for it (``via="xapi"``) completes the person's open steps for that module (see
    ``module_step_ids``), in routes that had started by ``on``. Runs in the transaction of the
    attempt or statement; a step already done stays as it was. Returns the steps completed."""
    ids = module_step_ids(membership_id=membership_id, module=module, includes_test=includes_test)
    steps = list(
        RouteStep.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, done_on__isnull=True, route__start_date__lte=on)
        .select_related("route__membership__user", "route__organisation")
        .order_by("pk")
    )
    for step in steps:
        _done(step, via=via, on=on, by=actor)
        _audit(
            "step_done",
            actor=actor,
            route=step.route,
            obj=step,
            step=step.title,
            via=via,
            module=module,
            reference=reference,
        )
    for route in {step.route_id: step.route for step in steps}.values():
        _complete_if_finished(route)
    return len(steps)


REMEDIAL_HOURS = 4


def remedial_key(test_id: int) -> str:
    return f"remedial-test-{test_id}"


@transaction.atomic
def remedial_step_add(
    *,
    membership_id: int,
    item_id: int | None,
    test_id: int,
    test_title: str,
    module: str,
    tested_module: str = "",
) -> list[RouteStep]:
    """What a failed knowledge test's configuration says: its remedial module becomes a step
    of the person's active route(s) that hold an open step on the test's item (the step's
    passport item, or one of its outcomes'), or for a module's test an open step of that
    module (``tested_module``), right before the first such step (a knowledge test first),
    which now waits for it.
    Once per route and test, however often it is failed. Its due date is fixed from today,
    with the reason."""
    module = module.strip()[:200]
    if not module:
        return []
    key = remedial_key(test_id)
    on_item = models.Q(pk__in=[])
    if item_id is not None:
        on_item |= models.Q(item_id=item_id) | models.Q(outcomes__item_id=item_id)
    if tested_module:
        on_item |= models.Q(
            pk__in=module_step_ids(
                membership_id=membership_id, module=tested_module, includes_test=True
            )
        )
    route_ids = set(
        RouteStep.objects.filter(
            on_item,
            route__membership_id=membership_id,
            route__state=RouteState.ACTIVE,
            done_on__isnull=True,
        ).values_list("route_id", flat=True)
    )
    added = []
    today = timezone.localdate()
    for route in Route.objects.select_for_update(of=("self",)).filter(pk__in=route_ids):
        if RouteStep.objects.filter(route=route, source_key=key).exists():
            continue
        target = (
            RouteStep.objects.filter(on_item, route=route, done_on__isnull=True)
            .order_by(
                models.Case(
                    models.When(kind=StepKind.KNOWLEDGE_TEST, then=0),
                    default=1,
                    output_field=models.IntegerField(),
                ),
                "position",
                "id",
            )
            .first()
        )
        if target is None:
            continue
        start_day = max((today - route.start_date).days, 0)
        days = math.ceil(REMEDIAL_HOURS / max(route.hours_per_week, 1) * 7)
        RouteStep.objects.filter(route=route, position__gte=target.position).update(
            position=models.F("position") + 1
        )
        step = RouteStep.objects.create(
            organisation_id=route.organisation_id,
            route=route,
            position=target.position,
            kind=StepKind.ELEARNING,
            title=module,
            description=_("Toegevoegd na een onvoldoende voor de kennistoets “%(test)s”.")
            % {"test": test_title},
            hours=REMEDIAL_HOURS,
            fixed_due_day=start_day + days,
            fixed_due_reason=_(
                "herhaalmodule na de onvoldoende van %(date)s voor “%(test)s”: %(hours)s uur "
                "bij %(pace)s uur per week vanaf die dag"
            )
            % {
                "date": formats.date_format(today, "j F Y"),
                "test": test_title,
                "hours": REMEDIAL_HOURS,
                "pace": route.hours_per_week,
            },
            source_key=key,
        )
        # It starts on the day of the fail (nothing to wait for); the step after it waits for
        # it as well as for what it waited for already.
        target.prerequisites.add(step)
        added.append(step)
        _audit(
            "remedial_added",
            actor=None,
            route=route,
            obj=step,
            step=step.title,
            before=target.title,
            test=test_title,
        )
    return added


def _managers_of(membership: Membership) -> list:
    if membership.line_manager is not None:
        return [membership.line_manager.user]
    department = membership.primary_department
    if department is None:
        return []
    managers = members_with_capability_over("learning.hear_completed", department).filter(
        organisation_id=membership.organisation_id
    )
    return [manager.user for manager in managers.select_related("user")]


def _complete_if_finished(route: Route) -> bool:
    """All steps done: the route is completed and the manager hears the person is ready. HR
    data stays as it is: changing a function is the manager's decision."""
    # Read the route afresh under a lock: the passport's receiver may have completed it a
    # moment ago within this same transaction, through another instance.
    route = (
        Route.objects.select_for_update(of=("self",))
        .select_related("membership__user", "organisation", "blueprint")
        .get(pk=route.pk)
    )
    if route.state != RouteState.ACTIVE or route.steps.filter(done_on__isnull=True).exists():
        return False
    route.state = RouteState.COMPLETED
    route.completed_at = timezone.now()
    route.save(update_fields=["state", "completed_at"])
    managers = _managers_of(route.membership)
    # In-app (and by e-mail as each manager chose) through the notifications app, once per
    # manager and route.
    announce(
        kind="route.completed",
        obj=route,
        actor=None,
        recipient_ids=[manager.pk for manager in managers],
    )
    audit(
        "learning.route.completed",
        kind="change",
        actor=None,
        organisation=route.organisation,
        subject=route.membership.user,
        obj=route,
        data={"route": route.name, "managers_told": len(managers)},
    )
    return True


@transaction.atomic
def note_add(
    *,
    actor: User,
    step: RouteStep,
    kind: str,
    text: str,
    upload: UploadedFile | None = None,
    context: AuditContext | None = None,
) -> StepNote:
    """A reflection (with an optional portfolio file) by the learner, or feedback by the
    step's werkbegeleider."""
    route = step.route
    if kind == NoteKind.REFLECTION and route.membership.user_id != actor.pk:
        raise ValidationError(_("Alleen de lerende schrijft een reflectie."))
    if kind == NoteKind.FEEDBACK and actor.pk not in _guide_user_ids(step):
        raise ValidationError(_("Alleen de werkbegeleider geeft hier feedback."))
    if not text.strip():
        raise ValidationError({"text": _("Schrijf een paar zinnen.")})
    if upload is not None:
        try:
            validate_upload(upload, extensions=EVIDENCE_TYPES, max_mb=PORTFOLIO_MAX_MB)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
    note = StepNote.objects.create(
        organisation_id=step.organisation_id,
        step=step,
        author=actor,
        kind=kind,
        text=text.strip(),
        file=upload or "",
    )
    _audit(f"note_{kind}", actor=actor, route=route, context=context, obj=note, step=step.title)
    return note


def _guide_user_ids(step: RouteStep) -> set[int]:
    ids = Membership.objects.filter(pk__in=[step.supervisor_id, step.route.mentor_id]).values_list(
        "user_id", flat=True
    )
    return set(ids)


@transaction.atomic
def route_save_template(
    *,
    actor: User,
    route: Route,
    name: str,
    visibility: str,
    description: str = "",
    context: AuditContext | None = None,
) -> RouteTemplate:
    """ "Het gebaande pad": a completed route's steps as a template for the next person."""
    if route.state != RouteState.COMPLETED:
        raise ValidationError(_("Bewaar een route als sjabloon als ze is afgerond."))
    if not name.strip():
        raise ValidationError({"name": _("Geef het sjabloon een naam.")})
    steps = list(route.steps.prefetch_related("outcomes", "prerequisites"))
    position = {step.pk: index for index, step in enumerate(steps)}
    template = RouteTemplate(
        organisation_id=route.organisation_id,
        blueprint=route.blueprint,
        name=name.strip(),
        description=description,
        visibility=visibility,
        created_by=actor,
        steps=[
            {
                "kind": step.kind,
                "title": step.title,
                "description": step.description,
                "hours": step.hours,
                "outcomes": [o.code for o in step.outcomes.all()],
                "item": step.item_id,
                "department": step.department_id,
                "prerequisites": sorted(position[p.pk] for p in step.prerequisites.all()),
            }
            for step in steps
        ],
    )
    template.full_clean()
    template.save()
    template_index(template)
    _audit(
        "template_saved",
        actor=actor,
        route=route,
        context=context,
        obj=template,
        template=template.name,
    )
    return template
