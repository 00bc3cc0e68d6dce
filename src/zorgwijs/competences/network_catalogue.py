"""Catalogue items shared in a network: hospitals in a region agree on one definition.

A coordinator shares an item of their organisation with a network it belongs to; the network
then holds a template (an item owned by the network) and the original item is tied to it. Other
member organisations adopt the template into their own catalogue and may tighten it (shorter
validity, more evidence), never loosen it (``CompetenceItem._tightening_errors``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from zorgwijs.audit.services import record as audit
from zorgwijs.organisations.models import Network, Organisation

from .models import CompetenceItem

# The fields that make up an item's definition; an adoption starts as a copy of them.
DEFINITION_FIELDS = (
    "kind",
    "name",
    "description",
    "risk_profile",
    "manufacturer",
    "model_name",
    "device_code",
    "big_code",
    "validity_months",
    "warning_days",
    "evidence_kinds",
    "recency_count",
    "recency_months",
)


@dataclass(frozen=True)
class SharedItem:
    template: CompetenceItem
    adopted_as: CompetenceItem | None  # this organisation's own item tied to the template


def networks_of(organisation: Organisation):
    return Network.objects.filter(memberships__organisation=organisation).order_by("name")


def shared_items_for(organisation: Organisation) -> list[SharedItem]:
    """The templates of the organisation's networks, each with the organisation's adoption."""
    templates = list(
        CompetenceItem.objects.filter(
            network__memberships__organisation=organisation, is_active=True
        )
        .select_related("network")
        .order_by("network__name", "kind", "name")
    )
    own = {
        item.adopted_from_id: item
        for item in CompetenceItem.objects.filter(
            organisation=organisation, adopted_from__in=templates
        )
    }
    return [SharedItem(template, own.get(template.pk)) for template in templates]


def get_template(organisation: Organisation, template_id: int) -> CompetenceItem:
    """A template of one of the organisation's networks, or 404."""
    template = CompetenceItem.objects.filter(
        pk=template_id, network__memberships__organisation=organisation
    ).first()
    if template is None:
        raise Http404
    return template


def _copy(item: CompetenceItem, **owner) -> CompetenceItem:
    return CompetenceItem(**{name: getattr(item, name) for name in DEFINITION_FIELDS}, **owner)


@transaction.atomic
def item_share(
    *, actor, organisation: Organisation, item: CompetenceItem, network: Network, request=None
) -> CompetenceItem:
    """Offer ``item`` to ``network`` as a template; the item becomes its first adoption."""
    if item.organisation_id != organisation.pk:
        raise Http404
    if not networks_of(organisation).filter(pk=network.pk).exists():
        raise ValidationError({"network": _("Je organisatie is geen lid van dit netwerk.")})
    if item.adopted_from_id is not None:
        raise ValidationError(
            {
                "network": _(
                    "Deze bekwaamheid is al overgenomen uit een netwerk en kan niet opnieuw "
                    "worden gedeeld."
                )
            }
        )
    if CompetenceItem.objects.filter(network=network, name__iexact=item.name).exists():
        raise ValidationError(
            {
                "network": _(
                    "Dit netwerk heeft al een gedeelde bekwaamheid met deze naam: neem die over."
                )
            }
        )
    template = _copy(item, network=network)
    template.full_clean()
    template.save()
    item.adopted_from = template
    item.save(update_fields=["adopted_from"])
    audit(
        "competences.item.shared",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=template,
        request=request,
        data={"name": item.name, "network": network.name},
    )
    return template


@transaction.atomic
def item_adopt(
    *, actor, organisation: Organisation, template: CompetenceItem, request=None
) -> CompetenceItem:
    """Copy a network template into the organisation's catalogue, tied to the template."""
    network = template.network
    if network is None or not networks_of(organisation).filter(pk=network.pk).exists():
        raise Http404
    if CompetenceItem.objects.filter(organisation=organisation, adopted_from=template).exists():
        raise ValidationError(_("Je organisatie heeft deze bekwaamheid al overgenomen."))
    if CompetenceItem.objects.filter(
        organisation=organisation, name__iexact=template.name
    ).exists():
        raise ValidationError(
            _(
                "Er staat al een bekwaamheid met deze naam in je catalogus. Geef die eerst een "
                "andere naam."
            )
        )
    item = _copy(template, organisation=organisation, adopted_from=template)
    item.full_clean()
    item.save()
    audit(
        "competences.item.adopted",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=item,
        request=request,
        data={"name": item.name, "network": network.name},
    )
    return item
