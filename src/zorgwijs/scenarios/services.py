"""Writes of scenarios: each service owns its transaction, its version and its audit entry.

The lifecycle: draft → tested (at least one run) → in review (two reviewers of other
organisations) → published (a reviewed version) → comments. Refusals are field-level
``ValidationError``s; nothing is stored then.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.lib.attachments import accept_upload, printable_name, printable_title
from zorgwijs.lib.concurrency import check_version
from zorgwijs.organisations.access import organisation_ids_of
from zorgwijs.organisations.models import Organisation, Visibility
from zorgwijs.organisations.visibility import viewer_for

from .models import (
    SECTION_NAMES,
    ReviewAssignment,
    ReviewCriterion,
    Scenario,
    ScenarioComment,
    ScenarioMaterial,
    ScenarioReview,
    ScenarioRun,
    ScenarioStatus,
    ScenarioVersion,
)
from .search_index import scenario_index
from .trainers import run_counts_as_training

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

EDITABLE_FIELDS = ("title", *SECTION_NAMES, "crm_skills", "duration_minutes", "visibility")
REVIEWERS_NEEDED = 2


def snapshot(scenario: Scenario) -> dict[str, Any]:
    data = {name: getattr(scenario, name) for name in EDITABLE_FIELDS}
    data["concepts"] = (
        sorted(scenario.concepts.values_list("pref_nl", flat=True)) if scenario.pk else []
    )
    data["competence_items"] = (
        sorted(scenario.competence_items.values_list("name", flat=True)) if scenario.pk else []
    )
    return data


def _check(scenario: Scenario) -> None:
    errors: dict[str, str] = {}
    if not (scenario.title or "").strip():
        errors["title"] = _("Geef het scenario een titel.")
    if not (scenario.summary or "").strip():
        errors["summary"] = _("Vat het scenario in een paar zinnen samen.")
    if errors:
        raise ValidationError(errors)


def _new_version(scenario: Scenario, actor: User | None, note: str = "") -> ScenarioVersion:
    scenario.version_number += 1
    scenario.save(update_fields=["version_number", "updated_at"])
    return ScenarioVersion.objects.create(
        scenario=scenario,
        number=scenario.version_number,
        data=snapshot(scenario),
        author=actor,
        note=note[:200],
    )


def _audit(
    action: str,
    scenario: Scenario,
    actor: User | None,
    *,
    context: AuditContext | None,
    **data: Any,
) -> None:
    record(
        f"scenarios.{action}",
        kind="change",
        actor=actor,
        organisation=scenario.organisation,
        obj=scenario,
        context=context,
        data={"title": scenario.title, **data},
    )


@transaction.atomic
def scenario_create(
    *,
    actor: User | None,
    organisation: Organisation,
    data: dict[str, Any],
    context: AuditContext | None = None,
) -> Scenario:
    scenario = Scenario(organisation=organisation, created_by=actor)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(scenario, name, data[name])
    _check(scenario)
    scenario.save()
    if "concepts" in data:
        scenario.concepts.set(data["concepts"])
    if "competence_items" in data:
        scenario.competence_items.set(data["competence_items"])
    _new_version(scenario, actor, _("Aangemaakt"))
    scenario_index(scenario)
    _audit("scenario.created", scenario, actor, context=context)
    return scenario


@transaction.atomic
def scenario_update(
    *,
    actor: User,
    scenario: Scenario,
    data: dict[str, Any],
    note: str = "",
    base_version: str | None = None,
    context: AuditContext | None = None,
) -> Scenario:
    """Every save that changes something is a new version. With ``base_version`` (the form's
    token) only if nobody saved since, else ``EditConflict`` and nothing is stored."""
    locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
    before = snapshot(locked)
    check_version(base_version, before)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    _check(locked)
    if "concepts" in data:
        locked.concepts.set(data["concepts"])
    if "competence_items" in data:
        locked.competence_items.set(data["competence_items"])
    changed = sorted(k for k, v in snapshot(locked).items() if before.get(k) != v)
    if changed:
        locked.save()
        _new_version(locked, actor, note)
        scenario_index(locked)
        _audit("scenario.updated", locked, actor, context=context, changed=changed)
    scenario.refresh_from_db()
    return scenario


@transaction.atomic
def scenario_fork(
    *,
    actor: User,
    source: Scenario,
    organisation: Organisation,
    context: AuditContext | None = None,
) -> Scenario:
    """A copy of ``source``'s newest version for ``organisation`` to adapt: a draft, visible
    to that organisation only, that keeps the version it came from."""
    if organisation.pk not in organisation_ids_of(actor):
        raise ValidationError(
            {"organisation": _("Je kunt alleen voor je eigen organisatie kopiëren.")}
        )
    origin = source.versions.get(number=source.version_number)
    data = dict(origin.data)
    data["visibility"] = Visibility.ORGANISATION
    fork = Scenario(organisation=organisation, created_by=actor, forked_from=origin)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(fork, name, data[name])
    fork.save()
    fork.concepts.set(source.concepts.all())
    # The original organisation's own items stay there; shared (network) items travel along.
    fork.competence_items.set(source.competence_items.filter(network__isnull=False))
    _new_version(
        fork,
        actor,
        _("Afgesplitst van %(title)s, versie %(n)s") % {"title": source.title, "n": origin.number},
    )
    scenario_index(fork)
    _audit("scenario.forked", fork, actor, context=context, source=source.pk, version=origin.number)
    return fork


@transaction.atomic
def run_record(
    *,
    actor: User,
    scenario: Scenario,
    organisation: Organisation,
    held_on: datetime.date,
    group_size: int,
    what_worked: str = "",
    what_changed: str = "",
    participant_evaluation: str = "",
    context: AuditContext | None = None,
) -> ScenarioRun:
    """ "We ran this": a trainer records a training held with the scenario's newest version.
    The first run makes a draft "tested"."""
    errors: dict[str, str] = {}
    if organisation.pk not in organisation_ids_of(actor):
        errors["organisation"] = _("Kies een organisatie waar je werkt.")
    if held_on > timezone.localdate():
        errors["held_on"] = _("Een training die nog moet komen, kun je nog niet vastleggen.")
    if group_size < 1:
        errors["group_size"] = _("Een groep heeft ten minste één deelnemer.")
    if errors:
        raise ValidationError(errors)
    locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
    run = ScenarioRun.objects.create(
        scenario=locked,
        version=locked.versions.get(number=locked.version_number),
        organisation=organisation,
        trainer=actor,
        held_on=held_on,
        group_size=group_size,
        what_worked=what_worked,
        what_changed=what_changed,
        participant_evaluation=participant_evaluation,
    )
    # A run is a training given: it counts towards the trainer standard's recency rule.
    run_counts_as_training(run=run, actor=actor, context=context)
    if locked.status == ScenarioStatus.DRAFT:
        locked.status = ScenarioStatus.TESTED
        locked.save(update_fields=["status", "updated_at"])
        scenario_index(locked)
    record(
        "scenarios.run.recorded",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=locked,
        context=context,
        data={"held_on": held_on.isoformat(), "group_size": group_size},
    )
    scenario.refresh_from_db()
    return run


def _reviewer_organisation(reviewer: User, scenario: Scenario) -> Organisation | None:
    """The reviewer's organisation for this review: one that is not the author's. None when
    the reviewer works (also) at the owning organisation: then they are no outside reviewer."""
    own = organisation_ids_of(reviewer)
    if not own or scenario.organisation_id in own:
        return None
    return Organisation.objects.get(pk=sorted(own)[0])


def _check_reviewer(reviewer: User | None, scenario: Scenario, field: str) -> Organisation:
    if reviewer is None:
        raise ValidationError({field: _("Er is geen account met dit e-mailadres.")})
    authors = set(scenario.versions.exclude(author=None).values_list("author_id", flat=True))
    if reviewer.pk in authors or reviewer.pk == scenario.created_by_id:
        raise ValidationError({field: _("Een auteur kan het eigen scenario niet beoordelen.")})
    organisation = _reviewer_organisation(reviewer, scenario)
    if organisation is None:
        raise ValidationError(
            {field: _("Kies een reviewer van een andere organisatie dan die van de auteurs.")}
        )
    if not Scenario.objects.visible_to(viewer_for(reviewer)).filter(pk=scenario.pk).exists():
        raise ValidationError(
            {
                field: _(
                    "Deze reviewer kan het scenario niet lezen. Deel het met het netwerk of "
                    "maak het openbaar."
                )
            }
        )
    return organisation


@transaction.atomic
def review_request(
    *,
    actor: User,
    scenario: Scenario,
    reviewers: list[User | None],
    context: AuditContext | None = None,
) -> list[ReviewAssignment]:
    """Put the newest version in review with two reviewers of other organisations. Only a
    tested scenario (at least one run) goes into review."""
    locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if not locked.runs.exists():
        raise ValidationError(
            _("Leg eerst vast dat het scenario is uitgevoerd: een review vraagt om een test.")
        )
    if locked.status == ScenarioStatus.IN_REVIEW:
        raise ValidationError(_("Dit scenario is al in review."))
    fields = [f"reviewer_{i + 1}" for i in range(len(reviewers))]
    if len(reviewers) != REVIEWERS_NEEDED:
        raise ValidationError(_("Vraag twee reviewers."))
    organisations = [_check_reviewer(r, locked, f) for r, f in zip(reviewers, fields, strict=True)]
    first, second = reviewers
    assert first is not None and second is not None  # _check_reviewer refused None
    if first.pk == second.pk:
        raise ValidationError({"reviewer_2": _("Vraag twee verschillende reviewers.")})
    version = locked.versions.get(number=locked.version_number)
    assignments = [
        ReviewAssignment.objects.create(
            scenario=locked, version=version, reviewer=r, organisation=o, assigned_by=actor
        )
        for r, o in zip((first, second), organisations, strict=True)
    ]
    locked.status = ScenarioStatus.IN_REVIEW
    locked.save(update_fields=["status", "updated_at"])
    scenario_index(locked)
    _audit(
        "review.requested",
        locked,
        actor,
        context=context,
        version=version.number,
        reviewers=[r.pk for r in (first, second)],
    )
    scenario.refresh_from_db()
    return assignments


@transaction.atomic
def review_submit(
    *,
    actor: User,
    assignment: ReviewAssignment,
    scores: dict[str, int],
    remarks: str,
    recommends_publication: bool,
    context: AuditContext | None = None,
) -> ScenarioReview:
    scenario = Scenario.objects.select_for_update().get(pk=assignment.scenario_id)
    if assignment.reviewer_id != actor.pk:
        raise ValidationError(_("Deze review is aan iemand anders gevraagd."))
    if scenario.status != ScenarioStatus.IN_REVIEW:
        raise ValidationError(_("Dit scenario is niet (meer) in review."))
    if ScenarioReview.objects.filter(assignment=assignment).exists():
        raise ValidationError(_("Je hebt deze versie al beoordeeld."))
    # The reviewer's own organisation may have changed since the request: check again.
    _check_reviewer(actor, scenario, "remarks")
    missing = [c for c in ReviewCriterion.values if c not in scores]
    if missing:
        raise ValidationError({f"score_{missing[0]}": _("Geef een score van 1 tot 5.")})
    if any(not 1 <= scores[c] <= 5 for c in ReviewCriterion.values):
        raise ValidationError(_("Een score ligt tussen 1 en 5."))
    if not remarks.strip():
        raise ValidationError({"remarks": _("Schrijf de auteurs wat ze kunnen verbeteren.")})
    review = ScenarioReview.objects.create(
        assignment=assignment,
        scenario=scenario,
        version=assignment.version,
        reviewer=actor,
        organisation=assignment.organisation,
        scores={c: scores[c] for c in ReviewCriterion.values},
        remarks=remarks.strip(),
        recommends_publication=recommends_publication,
    )
    record(
        "scenarios.review.submitted",
        kind="change",
        actor=actor,
        organisation=assignment.organisation,
        obj=scenario,
        context=context,
        data={"version": assignment.version.number},
    )
    return review


@transaction.atomic
def scenario_publish(
    *, actor: User, scenario: Scenario, context: AuditContext | None = None
) -> ScenarioVersion:
    """Publish the version under review once it ran and two different reviewers, each of an
    organisation other than the author's, reviewed it."""
    locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if locked.status != ScenarioStatus.IN_REVIEW:
        raise ValidationError(_("Alleen een scenario in review kan worden gepubliceerd."))
    if not locked.runs.exists():
        raise ValidationError(_("Een scenario wordt pas gepubliceerd als het is uitgevoerd."))
    last = locked.assignments.select_related("version").order_by("-version__number").first()
    assert last is not None  # in review means assignments exist
    version = last.version
    reviews = ScenarioReview.objects.filter(scenario=locked, version=version).exclude(
        organisation_id=locked.organisation_id
    )
    if reviews.values("reviewer_id").distinct().count() < REVIEWERS_NEEDED:
        raise ValidationError(
            _("Er zijn twee reviews nodig van reviewers van andere organisaties.")
        )
    locked.status = ScenarioStatus.PUBLISHED
    locked.published_version = version
    locked.save(update_fields=["status", "published_version", "updated_at"])
    scenario_index(locked)
    _audit("scenario.published", locked, actor, context=context, version=version.number)
    scenario.refresh_from_db()
    return version


@transaction.atomic
def comment_post(
    *, actor: User, scenario: Scenario, text: str, context: AuditContext | None = None
) -> ScenarioComment:
    if scenario.status != ScenarioStatus.PUBLISHED:
        raise ValidationError(_("Reageren kan zodra het scenario is gepubliceerd."))
    if not text.strip():
        raise ValidationError({"text": _("Schrijf je reactie.")})
    comment = ScenarioComment.objects.create(scenario=scenario, author=actor, text=text.strip())
    record(
        "scenarios.comment.posted",
        kind="change",
        actor=actor,
        obj=scenario,
        context=context,
        data={"scenario": scenario.pk},
    )
    return comment


MATERIAL_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".pptx", ".odt", ".odp")
MATERIAL_MAX_MB = 20


@transaction.atomic
def material_add(
    *,
    actor: User,
    scenario: Scenario,
    upload: UploadedFile,
    title: str = "",
    context: AuditContext | None = None,
) -> ScenarioMaterial:
    """Check the file (type by extension and content, size, an Office file's container) and
    keep it with the scenario."""
    accept_upload(upload, extensions=MATERIAL_TYPES, max_mb=MATERIAL_MAX_MB)
    shown = printable_title(title) or printable_name(upload).rsplit(".", 1)[0]
    material = ScenarioMaterial(scenario=scenario)
    material.take(upload, title=shown or _("Materiaal"), uploaded_by=actor)
    material.save()
    _audit("material.added", scenario, actor, context=context, material=material.title)
    return material
