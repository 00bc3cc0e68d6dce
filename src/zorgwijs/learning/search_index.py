"""How blueprints and route templates appear in search: the ``learning`` kind.

A published blueprint of an organisation is found by its members; a network's blueprint by the
members of the network; a route template by its organisation, or by the organisations it
shares a network with when it is shared there. Routes themselves (a person's) are never indexed.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zorgwijs.organisations.models import NetworkMembership, Visibility
from zorgwijs.search.registry import IndexEntry, SourceKind, register_kind
from zorgwijs.search.services import document_delete, document_upsert

from .models import Blueprint, BlueprintState, RouteTemplate

KIND = "learning"
# Blueprint and template ids share one kind; templates are offset so they never collide.
TEMPLATE_OFFSET = 1_000_000_000


def _owners(blueprint: Blueprint) -> list[int]:
    if blueprint.organisation_id:
        return [blueprint.organisation_id]
    if blueprint.network_id is None:
        return []
    return list(
        NetworkMembership.objects.filter(network_id=blueprint.network_id).values_list(
            "organisation_id", flat=True
        )
    )


def blueprint_entry(blueprint: Blueprint) -> IndexEntry:
    outcomes = list(blueprint.outcomes.values_list("code", "title"))
    return IndexEntry(
        kind=KIND,
        object_id=blueprint.pk,
        title=f"{blueprint.name} (v{blueprint.version})",
        url=reverse("learning_shared:blueprint", kwargs={"blueprint_id": blueprint.pk}),
        visibility=Visibility.ORGANISATION,
        summary=blueprint.description or blueprint.target_role,
        body="\n".join(f"{code} {title}" for code, title in outcomes),
        organisation_ids=_owners(blueprint),
        meta={"kind": str(_("Blauwdruk")), "role": blueprint.target_role},
    )


def template_entry(template: RouteTemplate) -> IndexEntry:
    return IndexEntry(
        kind=KIND,
        object_id=TEMPLATE_OFFSET + template.pk,
        title=template.name,
        url=reverse("learning_shared:template", kwargs={"route_template_id": template.pk}),
        visibility=template.visibility,
        summary=template.description,
        body="\n".join(step.get("title", "") for step in template.steps),
        organisation_ids=[template.organisation_id],
        meta={"kind": str(_("Leerroute-sjabloon"))},
    )


def blueprint_index(blueprint: Blueprint) -> None:
    if blueprint.state == BlueprintState.PUBLISHED:
        document_upsert(blueprint_entry(blueprint))
    for retired in Blueprint.objects.filter(
        lineage=blueprint.lineage, state=BlueprintState.RETIRED
    ).values_list("pk", flat=True):
        document_delete(kind=KIND, object_id=retired)


def template_index(template: RouteTemplate) -> None:
    document_upsert(template_entry(template))


def _all_entries() -> Iterator[IndexEntry]:
    for blueprint in Blueprint.objects.filter(state=BlueprintState.PUBLISHED):
        yield blueprint_entry(blueprint)
    for template in RouteTemplate.objects.all():
        yield template_entry(template)


def register() -> None:
    register_kind(SourceKind(KIND, _("Leerroutes"), _all_entries))
