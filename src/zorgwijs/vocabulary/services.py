"""Writes of the vocabulary: each save checks the SKOS rules, keeps a revision and an audit
entry, and refreshes the concept in search. Refusals are field-level ``ValidationError``s."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.organisations.models import Network

from .access import may_edit
from .models import Concept, ConceptLabel, ConceptRevision, LabelKind, normalise
from .search_index import concept_index

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

LANGUAGES = ("nl", "en")


@dataclass
class ConceptData:
    """What an editor gives: labels per language and kind, definitions, relations."""

    pref: dict[str, str]
    alt: dict[str, list[str]] = field(default_factory=dict)
    hidden: dict[str, list[str]] = field(default_factory=dict)
    definition_nl: str = ""
    definition_en: str = ""
    source: str = ""
    broader: list[Concept] = field(default_factory=list)
    related: list[Concept] = field(default_factory=list)


def _ancestors(network_id: int | None, start: Iterable[int]) -> set[int]:
    """Every concept above ``start`` (transitively), with the edges of the network read once."""
    edges: dict[int, list[int]] = {}
    through = Concept.broader.through.objects.filter(
        Q(from_concept__network__isnull=True)
        if network_id is None
        else Q(from_concept__network_id=network_id)
    )
    for child, parent in through.values_list("from_concept_id", "to_concept_id"):
        edges.setdefault(child, []).append(parent)
    seen: set[int] = set()
    todo = list(start)
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(edges.get(current, ()))
    return seen


def _in_network(network_id: int | None) -> Q:
    """The rows of one vocabulary: a network's, or the platform's (no network)."""
    return Q(network__isnull=True) if network_id is None else Q(network_id=network_id)


def _check(concept: Concept | None, network_id: int | None, data: ConceptData) -> None:
    errors: dict[str, str] = {}
    if not (data.pref.get("nl") or "").strip():
        errors["pref_nl"] = _("Geef het begrip een Nederlandse voorkeursterm.")
    for language in LANGUAGES:
        text = (data.pref.get(language) or "").strip()
        if not text:
            continue
        taken = ConceptLabel.objects.filter(
            _in_network(network_id),
            language=language,
            kind=LabelKind.PREFERRED,
            normalised=normalise(text),
        )
        if concept is not None:
            taken = taken.exclude(concept=concept)
        other = taken.select_related("concept").first()
        if other is not None:
            errors[f"pref_{language}"] = _(
                "‘%(text)s’ is al de voorkeursterm van een ander begrip in dit "
                "begrippenkader. Kies een andere term of voeg hem daar toe als synoniem."
            ) % {"text": text}
    for related in (*data.broader, *data.related):
        if related.network_id != network_id:
            errors["broader"] = _("Verbind alleen begrippen uit hetzelfde begrippenkader.")
    if concept is not None and data.broader:
        above = _ancestors(network_id, [b.pk for b in data.broader])
        if concept.pk in above:
            errors["broader"] = _(
                "Dit maakt een kring: ‘%(label)s’ zou breder worden dan zichzelf."
            ) % {"label": concept.pref_nl}
    if errors:
        raise ValidationError(errors)


def _labels(concept: Concept, data: ConceptData) -> list[ConceptLabel]:
    rows: list[ConceptLabel] = []
    seen: set[tuple[str, str]] = set()
    kinds = (
        (LabelKind.PREFERRED, {k: [v] for k, v in data.pref.items()}),
        (LabelKind.ALTERNATIVE, data.alt),
        (LabelKind.HIDDEN, data.hidden),
    )
    for kind, per_language in kinds:
        for language in LANGUAGES:
            for text in per_language.get(language, []):
                text = " ".join((text or "").split())[:200]
                key = (language, normalise(text))
                if not text or key in seen:
                    continue
                seen.add(key)
                rows.append(
                    ConceptLabel(
                        concept=concept,
                        network_id=concept.network_id,
                        language=language,
                        kind=kind,
                        text=text,
                        normalised=normalise(text),
                    )
                )
    return rows


def snapshot(concept: Concept) -> dict[str, Any]:
    labels: dict[str, dict[str, list[str]]] = {}
    for label in concept.labels.all():
        labels.setdefault(label.kind, {}).setdefault(label.language, []).append(label.text)
    return {
        "labels": labels,
        "definition_nl": concept.definition_nl,
        "definition_en": concept.definition_en,
        "source": concept.source,
        "broader": sorted(concept.broader.values_list("pref_nl", flat=True)),
        "related": sorted(concept.related.values_list("pref_nl", flat=True)),
    }


def _store(concept: Concept, data: ConceptData, actor: User | None) -> None:
    concept.pref_nl = data.pref["nl"].strip()[:200]
    concept.pref_en = (data.pref.get("en") or "").strip()[:200]
    concept.definition_nl = data.definition_nl
    concept.definition_en = data.definition_en
    concept.source = data.source[:300]
    concept.revision_number += 1
    concept.save()
    concept.labels.all().delete()
    ConceptLabel.objects.bulk_create(_labels(concept, data))
    concept.broader.set(data.broader)
    concept.related.set([r for r in data.related if r.pk != concept.pk])
    ConceptRevision.objects.create(
        concept=concept, number=concept.revision_number, data=snapshot(concept), author=actor
    )
    concept_index(concept)


@transaction.atomic
def concept_create(
    *,
    actor: User | None,
    network: Network | None,
    data: ConceptData,
    context: AuditContext | None = None,
    check_access: bool = True,
) -> Concept:
    network_id = network.pk if network else None
    if check_access and not may_edit(actor, network_id):
        raise ValidationError({"network": _("Je beheert het begrippenkader van dit netwerk niet.")})
    _check(None, network_id, data)
    concept = Concept(network=network)
    _store(concept, data, actor)
    record(
        "vocabulary.concept.created",
        kind="change",
        actor=actor,
        obj=concept,
        context=context,
        data={"label": concept.pref_nl, "network": network_id},
    )
    return concept


@transaction.atomic
def concept_update(
    *,
    actor: User,
    concept: Concept,
    data: ConceptData,
    context: AuditContext | None = None,
) -> Concept:
    locked = Concept.objects.select_for_update().get(pk=concept.pk)
    if not may_edit(actor, locked.network_id):
        raise ValidationError(_("Je beheert het begrippenkader van dit netwerk niet."))
    _check(locked, locked.network_id, data)
    _store(locked, data, actor)
    record(
        "vocabulary.concept.updated",
        kind="change",
        actor=actor,
        obj=locked,
        context=context,
        data={"label": locked.pref_nl},
    )
    concept.refresh_from_db()
    return concept
