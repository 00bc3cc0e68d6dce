"""Writes on blueprints: create, outline (processes and outcomes), publish, new version, share
in a network and adopt from one. A published version never changes: routes point at it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.competences.models import CompetenceItem
from zorgwijs.organisations.models import Network, Organisation

from ..models import Blueprint, BlueprintState, Outcome, WorkProcess
from ..search_index import blueprint_index

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

OUTCOME_FIELDS = (
    "code",
    "title",
    "indicators",
    "proof",
    "level",
    "learn_by",
    "learn_hours",
    "assess_hours",
    "position",
)


def _audit(
    action: str,
    *,
    actor: User,
    organisation: Organisation | None,
    blueprint: Blueprint,
    context: AuditContext | None = None,
    **data: Any,
) -> None:
    audit(
        f"learning.blueprint.{action}",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=blueprint,
        context=context,
        data={"name": blueprint.name, "version": blueprint.version, **data},
    )


def _editable(blueprint: Blueprint) -> None:
    if not blueprint.is_editable:
        raise ValidationError(
            _("Deze versie is vastgesteld en verandert niet meer. Maak een nieuwe versie.")
        )


@transaction.atomic
def blueprint_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    target_role: str,
    description: str = "",
    context: AuditContext | None = None,
) -> Blueprint:
    blueprint = Blueprint(
        organisation=organisation, name=name, target_role=target_role, description=description
    )
    blueprint.full_clean()
    blueprint.save()
    _audit("created", actor=actor, organisation=organisation, blueprint=blueprint, context=context)
    return blueprint


@transaction.atomic
def process_add(
    *, actor: User, blueprint: Blueprint, code: str, name: str, context: AuditContext | None = None
) -> WorkProcess:
    _editable(blueprint)
    if blueprint.processes.filter(code__iexact=code).exists():
        raise ValidationError({"code": _("Deze blauwdruk heeft al een werkproces met deze code.")})
    position = (blueprint.processes.aggregate(m=Max("position"))["m"] or 0) + 1
    process = WorkProcess.objects.create(
        blueprint=blueprint, code=code.strip(), name=name.strip(), position=position
    )
    _audit(
        "process_added",
        actor=actor,
        organisation=blueprint.organisation,
        blueprint=blueprint,
        context=context,
        process=process.code,
    )
    return process


@transaction.atomic
def outcome_add(
    *,
    actor: User,
    blueprint: Blueprint,
    process: WorkProcess,
    data: dict,
    item: CompetenceItem | None = None,
    prerequisites: list[Outcome] | tuple = (),
    context: AuditContext | None = None,
) -> Outcome:
    """Add an outcome to a draft blueprint. Its item must be the blueprint owner's own (or, for a
    network blueprint, a template of that network); its prerequisites outcomes of this
    blueprint."""
    _editable(blueprint)
    if process.blueprint_id != blueprint.pk:
        raise ValidationError({"process": _("Dit werkproces hoort niet bij deze blauwdruk.")})
    if blueprint.outcomes.filter(code__iexact=data["code"]).exists():
        raise ValidationError(
            {"code": _("Deze blauwdruk heeft al een leeruitkomst met deze code.")}
        )
    if item is not None and (
        item.organisation_id != blueprint.organisation_id or item.network_id != blueprint.network_id
    ):
        raise ValidationError({"item": _("Kies een bekwaamheid uit de eigen catalogus.")})
    if any(p.blueprint_id != blueprint.pk for p in prerequisites):
        raise ValidationError(
            {"prerequisites": _("Een voorwaarde moet een leeruitkomst van deze blauwdruk zijn.")}
        )
    if "position" not in data:
        data = {**data, "position": (process.outcomes.aggregate(m=Max("position"))["m"] or 0) + 1}
    outcome = Outcome(
        blueprint=blueprint,
        process=process,
        item=item,
        **{k: v for k, v in data.items() if k in OUTCOME_FIELDS},
    )
    outcome.full_clean(exclude=["prerequisites"])
    outcome.save()
    outcome.prerequisites.set(prerequisites)
    _audit(
        "outcome_added",
        actor=actor,
        organisation=blueprint.organisation,
        blueprint=blueprint,
        context=context,
        outcome=outcome.code,
    )
    return outcome


def _tightening_errors(blueprint: Blueprint) -> list[str]:
    """An adopted blueprint keeps every outcome of its template, at least at its level."""
    template = blueprint.adopted_from
    if template is None:
        return []
    own = {o.code: o.level for o in blueprint.outcomes.all()}
    errors = []
    for outcome in template.outcomes.all():
        if outcome.code not in own:
            errors.append(
                _("Leeruitkomst %(code)s van de gedeelde blauwdruk ontbreekt.")
                % {"code": outcome.code}
            )
        elif own[outcome.code] < outcome.level:
            errors.append(
                _("Leeruitkomst %(code)s mag niet lager dan niveau %(level)s.")
                % {"code": outcome.code, "level": outcome.level}
            )
    return errors


@transaction.atomic
def blueprint_publish(
    *, actor: User, blueprint: Blueprint, context: AuditContext | None = None
) -> Blueprint:
    """Fix a draft as the current version; the previous published version is retired (routes
    on it keep it)."""
    blueprint = Blueprint.objects.select_for_update().get(pk=blueprint.pk)
    _editable(blueprint)
    if not blueprint.outcomes.exists():
        raise ValidationError(_("Voeg eerst leeruitkomsten toe."))
    errors = _tightening_errors(blueprint)
    if errors:
        raise ValidationError(errors)
    Blueprint.objects.filter(lineage=blueprint.lineage, state=BlueprintState.PUBLISHED).update(
        state=BlueprintState.RETIRED
    )
    blueprint.state = BlueprintState.PUBLISHED
    blueprint.published_at = timezone.now()
    blueprint.save(update_fields=["state", "published_at"])
    blueprint_index(blueprint)
    _audit(
        "published",
        actor=actor,
        organisation=blueprint.organisation,
        blueprint=blueprint,
        context=context,
    )
    return blueprint


def _copy_outline(source: Blueprint, target: Blueprint, item_map: Mapping[int, int | None]) -> None:
    processes = {}
    for process in source.processes.all():
        processes[process.pk] = WorkProcess.objects.create(
            blueprint=target, code=process.code, name=process.name, position=process.position
        )
    outcomes = {}
    sources = list(source.outcomes.prefetch_related("prerequisites"))
    for outcome in sources:
        outcomes[outcome.pk] = Outcome.objects.create(
            blueprint=target,
            process=processes[outcome.process_id],
            item_id=item_map.get(outcome.item_id) if outcome.item_id else None,
            **{name: getattr(outcome, name) for name in OUTCOME_FIELDS},
        )
    for outcome in sources:
        outcomes[outcome.pk].prerequisites.set(
            [outcomes[p.pk] for p in outcome.prerequisites.all()]
        )


@transaction.atomic
def blueprint_new_version(
    *, actor: User, blueprint: Blueprint, context: AuditContext | None = None
) -> Blueprint:
    """A draft copy of a published version, numbered one higher."""
    if blueprint.state == BlueprintState.DRAFT:
        raise ValidationError(_("Dit is al een concept; pas het zelf aan."))
    if Blueprint.objects.filter(lineage=blueprint.lineage, state=BlueprintState.DRAFT).exists():
        raise ValidationError(_("Er is al een conceptversie van deze blauwdruk."))
    latest = Blueprint.objects.filter(lineage=blueprint.lineage).aggregate(m=Max("version"))["m"]
    draft = Blueprint.objects.create(
        organisation=blueprint.organisation,
        network=blueprint.network,
        adopted_from=blueprint.adopted_from,
        lineage=blueprint.lineage,
        version=(latest or 0) + 1,
        name=blueprint.name,
        target_role=blueprint.target_role,
        description=blueprint.description,
    )
    _copy_outline(
        blueprint, draft, {o.item_id: o.item_id for o in blueprint.outcomes.all() if o.item_id}
    )
    _audit(
        "versioned",
        actor=actor,
        organisation=blueprint.organisation,
        blueprint=draft,
        context=context,
    )
    return draft


@transaction.atomic
def blueprint_share(
    *,
    actor: User,
    organisation: Organisation,
    blueprint: Blueprint,
    network: Network,
    context: AuditContext | None = None,
) -> Blueprint:
    """Offer a published blueprint to a network as a template (its items become the network's
    templates they were adopted from; an item not shared in the network is left off)."""
    if blueprint.organisation_id != organisation.pk:
        raise Http404
    if blueprint.state != BlueprintState.PUBLISHED:
        raise ValidationError(_("Deel alleen een vastgestelde versie."))
    if not network.memberships.filter(organisation=organisation).exists():
        raise ValidationError({"network": _("Je organisatie is geen lid van dit netwerk.")})
    if Blueprint.objects.filter(network=network, name__iexact=blueprint.name).exists():
        raise ValidationError({"network": _("Dit netwerk heeft al een blauwdruk met deze naam.")})
    template = Blueprint.objects.create(
        network=network,
        name=blueprint.name,
        target_role=blueprint.target_role,
        description=blueprint.description,
        state=BlueprintState.PUBLISHED,
        published_at=timezone.now(),
    )
    items = CompetenceItem.objects.filter(
        pk__in=blueprint.outcomes.values("item_id"), adopted_from__network=network
    ).values_list("pk", "adopted_from_id")
    _copy_outline(blueprint, template, dict(items))
    blueprint_index(template)
    _audit(
        "shared",
        actor=actor,
        organisation=organisation,
        blueprint=template,
        context=context,
        network=network.name,
    )
    return template


@transaction.atomic
def blueprint_adopt(
    *,
    actor: User,
    organisation: Organisation,
    template: Blueprint,
    context: AuditContext | None = None,
) -> Blueprint:
    """Copy a network blueprint into the organisation as a draft tied to it; outcomes keep the
    organisation's own adoption of each shared item."""
    network = template.network
    if network is None or not network.memberships.filter(organisation=organisation).exists():
        raise Http404
    if Blueprint.objects.filter(organisation=organisation, adopted_from=template).exists():
        raise ValidationError(_("Je organisatie heeft deze blauwdruk al overgenomen."))
    adopted = Blueprint.objects.create(
        organisation=organisation,
        adopted_from=template,
        name=template.name,
        target_role=template.target_role,
        description=template.description,
    )
    own_items = dict(
        CompetenceItem.objects.filter(
            organisation=organisation, adopted_from__in=template.outcomes.values("item_id")
        ).values_list("adopted_from_id", "pk")
    )
    _copy_outline(template, adopted, own_items)
    _audit(
        "adopted",
        actor=actor,
        organisation=organisation,
        blueprint=adopted,
        context=context,
        network=network.name,
    )
    return adopted
