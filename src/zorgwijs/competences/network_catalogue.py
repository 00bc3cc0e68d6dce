"""Catalogue items and requirement profiles shared in a network: organisations in a region
agree on one definition.

A coordinator shares an item of their organisation with a network it belongs to; the network
then holds a template (an item owned by the network) and the original item is tied to it. Other
member organisations adopt the template into their own catalogue and may tighten it (shorter
validity, more evidence), never loosen it (``CompetenceItem._tightening_errors``).

A requirement profile (a function profile such as "werkbegeleider") is shared the same way, on
top of the items: sharing a profile shares its items that the network does not hold yet, and
the network's profile lists the network's items. Adopting a profile adopts its items (or uses
the ones adopted before) and ties the organisation's new profile to the template; the
organisation may add items and make a recommended item required, never drop a template item
or make it optional (``profile_tightening_errors``); validity and evidence stay the items'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.organisations.models import Network, Organisation

from .models import CompetenceItem, ProfileItem, RequirementLevel, RequirementProfile

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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


# -- Sharing and adopting, one rule for items and profiles ----------------------------------


@dataclass(frozen=True)
class _Shareable:
    """What differs between sharing an item and sharing a profile: the templates' rows, the
    audit name and the refusals' wording. The rules themselves are ``_share_check`` and
    ``_adopt_check``."""

    noun: str  # "item" or "profile" in the audit actions ("competences.item.shared")
    templates: Callable[[], QuerySet[Any]]  # the rows networks hold as templates
    own: Callable[[], QuerySet[Any]]  # organisations' rows (adoptions among them)
    adopted_already: StrOrPromise  # this row came from a network: not shared again
    name_taken: StrOrPromise  # the network holds a template of that name
    adopted_twice: StrOrPromise  # the organisation adopted this template before


ITEM = _Shareable(
    "item",
    lambda: CompetenceItem.objects.filter(network__isnull=False),
    lambda: CompetenceItem.objects.all(),
    gettext_lazy(
        "Deze bekwaamheid is al overgenomen uit een netwerk en kan niet opnieuw worden gedeeld."
    ),
    gettext_lazy("Dit netwerk heeft al een gedeelde bekwaamheid met deze naam: neem die over."),
    gettext_lazy("Je organisatie heeft deze bekwaamheid al overgenomen."),
)
PROFILE = _Shareable(
    "profile",
    lambda: RequirementProfile.network_templates.all(),
    lambda: RequirementProfile.objects.all(),
    gettext_lazy(
        "Dit profiel is al overgenomen uit een netwerk en kan niet opnieuw worden gedeeld."
    ),
    gettext_lazy("Dit netwerk heeft al een functieprofiel met deze naam: neem dat over."),
    gettext_lazy("Je organisatie heeft dit functieprofiel al overgenomen."),
)


def _share_check(kind: _Shareable, obj, organisation: Organisation, network: Network) -> None:
    """May ``organisation`` offer its ``obj`` to ``network``? 404 for someone else's row; a
    refusal at the form's network field otherwise."""
    if obj.organisation_id != organisation.pk:
        raise Http404
    if not networks_of(organisation).filter(pk=network.pk).exists():
        raise ValidationError({"network": _("Je organisatie is geen lid van dit netwerk.")})
    if obj.adopted_from_id is not None:
        raise ValidationError({"network": kind.adopted_already})
    if kind.templates().filter(network=network, name__iexact=obj.name).exists():
        raise ValidationError({"network": kind.name_taken})


def _adopt_check(kind: _Shareable, template, organisation: Organisation) -> Network:
    """May ``organisation`` adopt ``template``? Its network (404 outside the organisation's
    networks); refused when the organisation adopted it before."""
    network = template.network
    if network is None or not networks_of(organisation).filter(pk=network.pk).exists():
        raise Http404
    if kind.own().filter(organisation=organisation, adopted_from=template).exists():
        raise ValidationError(kind.adopted_twice)
    return network


def _audit(
    kind: _Shareable,
    verb: str,
    *,
    actor,
    organisation,
    obj,
    network,
    context: AuditContext | None = None,
    **data,
):
    audit(
        f"competences.{kind.noun}.{verb}",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=obj,
        context=context,
        data={"name": obj.name, "network": network.name, **data},
    )


@transaction.atomic
def item_share(
    *,
    actor,
    organisation: Organisation,
    item: CompetenceItem,
    network: Network,
    context: AuditContext | None = None,
) -> CompetenceItem:
    """Offer ``item`` to ``network`` as a template; the item becomes its first adoption."""
    _share_check(ITEM, item, organisation, network)
    template = _copy(item, network=network)
    template.full_clean()
    template.save()
    item.adopted_from = template
    item.save(update_fields=["adopted_from"])
    _audit(
        ITEM,
        "shared",
        actor=actor,
        organisation=organisation,
        obj=template,
        network=network,
        context=context,
    )
    return template


@transaction.atomic
def item_adopt(
    *,
    actor,
    organisation: Organisation,
    template: CompetenceItem,
    context: AuditContext | None = None,
) -> CompetenceItem:
    """Copy a network template into the organisation's catalogue, tied to the template."""
    network = _adopt_check(ITEM, template, organisation)
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
    _audit(
        ITEM,
        "adopted",
        actor=actor,
        organisation=organisation,
        obj=item,
        network=network,
        context=context,
    )
    return item


# -- Requirement profiles -------------------------------------------------------------------

LEVEL_RANK = {RequirementLevel.RECOMMENDED: 1, RequirementLevel.REQUIRED: 2}


@dataclass(frozen=True)
class SharedProfile:
    template: RequirementProfile
    lines: list[ProfileItem]  # the template's items with their levels
    adopted_as: RequirementProfile | None  # this organisation's profile tied to the template


def network_profiles(network: Network):
    """The function profiles a network shares, with their items (for the network's pages)."""
    return (
        RequirementProfile.network_templates.filter(network=network, is_active=True)
        .prefetch_related(_template_lines())
        .order_by("name")
    )


def network_profile_template(network: Network, template_id: int) -> RequirementProfile | None:
    """One of the network's function profiles, of any version, with its items."""
    return (
        RequirementProfile.network_templates.filter(network=network, pk=template_id)
        .prefetch_related(_template_lines())
        .first()
    )


def _template_lines():
    from django.db.models import Prefetch

    return Prefetch(
        "profile_items",
        queryset=ProfileItem.objects.select_related("item").order_by("item__kind", "item__name"),
        to_attr="lines",
    )


def shared_profiles_for(organisation: Organisation) -> list[SharedProfile]:
    """The profile templates of the organisation's networks, each with its adoption here — of
    this version or an earlier one (then ``adopted_as.adopted_from`` is not the template)."""
    templates = list(
        RequirementProfile.network_templates.filter(
            network__memberships__organisation=organisation, is_active=True
        )
        .select_related("network")
        .prefetch_related(_template_lines())
        .order_by("network__name", "name")
    )
    newest = newest_versions(
        RequirementProfile.network_templates.filter(network__memberships__organisation=organisation)
    )
    own: dict[int, RequirementProfile] = {}
    for profile in RequirementProfile.objects.filter(
        organisation=organisation, adopted_from__network__memberships__organisation=organisation
    ).select_related("adopted_from"):
        adopted_from = profile.adopted_from_id
        assert adopted_from is not None  # the filter above
        own[newest.get(adopted_from, adopted_from)] = profile
    return [SharedProfile(t, t.lines, own.get(t.pk)) for t in templates]  # type: ignore[attr-defined]


def newest_versions(templates) -> dict[int, int]:
    """{template id: the id of its newest version} over ``templates`` (one query)."""
    following = dict(
        templates.filter(previous_version__isnull=False).values_list("previous_version_id", "pk")
    )
    newest: dict[int, int] = {}
    for pk in following:
        last = pk
        while last in following:
            last = following[last]
        newest[pk] = last
    return newest


def get_profile_template(organisation: Organisation, template_id: int) -> RequirementProfile:
    """A profile template of one of the organisation's networks, or 404."""
    template = RequirementProfile.network_templates.filter(
        pk=template_id, network__memberships__organisation=organisation
    ).first()
    if template is None:
        raise Http404
    return template


def _adopted_items(organisation: Organisation, template: RequirementProfile) -> dict[int, int]:
    """{template item id: this organisation's item adopted from it}."""
    template_items = ProfileItem.objects.filter(profile=template).values_list("item_id", flat=True)
    return dict(
        CompetenceItem.objects.filter(
            organisation=organisation, adopted_from__in=list(template_items)
        ).values_list("adopted_from_id", "pk")
    )


def template_levels(profile: RequirementProfile) -> dict[int, str]:
    """{own item id: the level the template asks} for an adopted profile, else empty."""
    template = profile.adopted_from
    if template is None or profile.organisation is None:
        return {}
    own_of = _adopted_items(profile.organisation, template)
    return {
        own_of[item_id]: level
        for item_id, level in ProfileItem.objects.filter(profile=template).values_list(
            "item_id", "level"
        )
        if item_id in own_of
    }


def profile_tightening_errors(profile: RequirementProfile, items: dict[int, str]) -> dict[str, str]:
    """What an adopted profile's items ({item id: level}) loosen of its template, keyed by the
    profile form's item fields (``item_<id>``); empty for a profile of the organisation's own."""
    template = profile.adopted_from
    if template is None or profile.organisation is None:
        return {}
    own_of = _adopted_items(profile.organisation, template)
    errors: dict[str, str] = {}
    for line in ProfileItem.objects.filter(profile=template).select_related("item"):
        own_id = own_of.get(line.item_id)
        level = items.get(own_id) if own_id else None
        if level is None:
            errors[f"item_{own_id}" if own_id else "__all__"] = _(
                "Hoort bij de gedeelde afspraak van %(network)s: je mag het niet weglaten."
            ) % {"network": template.network}
        elif LEVEL_RANK[RequirementLevel(level)] < LEVEL_RANK[RequirementLevel(line.level)]:
            errors[f"item_{own_id}"] = _(
                "De gedeelde afspraak maakt dit verplicht: je mag het niet versoepelen."
            )
    return errors


@transaction.atomic
def profile_share(
    *,
    actor,
    organisation: Organisation,
    profile: RequirementProfile,
    network: Network,
    context: AuditContext | None = None,
) -> RequirementProfile:
    """Offer ``profile`` to ``network`` as a function profile; its items that the network does
    not hold yet are shared with it (``item_share``), and the profile becomes the template's
    first adoption."""
    _share_check(PROFILE, profile, organisation, network)
    lines = list(ProfileItem.objects.filter(profile=profile).select_related("item__adopted_from"))
    if not lines:
        raise ValidationError({"network": _("Een profiel zonder bekwaamheden kun je niet delen.")})
    template = RequirementProfile(
        network=network, name=profile.name, description=profile.description
    )
    template.full_clean()
    template.save()
    for line in lines:
        ProfileItem.objects.create(
            profile=template,
            item=_network_item(actor, organisation, line.item, network, context=context),
            level=line.level,
        )
    profile.adopted_from = template
    profile.save(update_fields=["adopted_from"])
    _audit(
        PROFILE,
        "shared",
        actor=actor,
        organisation=organisation,
        obj=template,
        network=network,
        context=context,
        items=len(lines),
    )
    return template


def _network_item(
    actor,
    organisation,
    item: CompetenceItem,
    network: Network,
    *,
    context: AuditContext | None = None,
):
    """The network's template of ``item``: the one it was adopted from, or a new share."""
    if item.adopted_from_id is not None:
        template = item.adopted_from
        assert template is not None
        if template.network_id != network.pk:
            raise ValidationError(
                {
                    "network": _(
                        "%(item)s is overgenomen uit een ander netwerk; deel het profiel daar."
                    )
                    % {"item": item.name}
                }
            )
        return template
    try:
        return item_share(
            actor=actor, organisation=organisation, item=item, network=network, context=context
        )
    except ValidationError as error:
        raise ValidationError(
            {"network": [f"{item.name}: {message}" for message in error.messages]}
        ) from error


@transaction.atomic
def profile_adopt(
    *,
    actor,
    organisation: Organisation,
    template: RequirementProfile,
    context: AuditContext | None = None,
) -> RequirementProfile:
    """Copy a network's function profile into the organisation's profiles, tied to the
    template; its items are adopted too (or the adoptions made before are used). The copy
    applies to no one until the organisation picks its functions or departments."""
    from .services.catalogue import profile_save

    network = _adopt_check(PROFILE, template, organisation)
    own_of = _adopted_items(organisation, template)
    items: dict[int, str] = {}
    for line in ProfileItem.objects.filter(profile=template).select_related("item__network"):
        own_id = own_of.get(line.item_id)
        if own_id is None:
            own_id = item_adopt(
                actor=actor, organisation=organisation, template=line.item, context=context
            ).pk
        items[own_id] = line.level
    profile = RequirementProfile(
        organisation=organisation,
        name=template.name,
        description=template.description,
        adopted_from=template,
    )
    profile_save(
        actor=actor,
        organisation=organisation,
        profile=profile,
        functions=[],
        departments=[],
        items=items,
        context=context,
    )
    _audit(
        PROFILE,
        "adopted",
        actor=actor,
        organisation=organisation,
        obj=profile,
        network=network,
        context=context,
    )
    return profile


# -- A new version of a network's function profile ------------------------------------------


def network_item_templates(network: Network):
    """The items a network's function profiles may ask: the network's shared items."""
    return CompetenceItem.objects.filter(network=network, is_active=True).order_by("kind", "name")


@transaction.atomic
def profile_template_revise(
    *,
    actor,
    network: Network,
    template: RequirementProfile,
    name: str,
    description: str,
    items: dict[int, str],
    context: AuditContext | None = None,
) -> RequirementProfile:
    """Edit a shared function profile as a new version (the caller checked that ``actor``
    coordinates ``network``). The old version stays, inactive, for the organisations that
    adopted it: their tightened copies keep pointing at it and are untouched; the people who
    manage their profiles are told that a newer version exists. ``items``: {network item id:
    level}."""
    from .signals import announce

    if template.network_id != network.pk or template.organisation_id is not None:
        raise Http404
    current = RequirementProfile.network_templates.select_for_update().get(pk=template.pk)
    if not current.is_active:
        raise ValidationError(
            _("Er is intussen een nieuwere versie van dit functieprofiel: bewerk die.")
        )
    name = (name or "").strip()
    allowed = set(network_item_templates(network).values_list("pk", flat=True))
    if not items:
        raise ValidationError({"__all__": _("Een functieprofiel vraagt minstens één bekwaamheid.")})
    if not set(items) <= allowed or not set(items.values()) <= set(RequirementLevel.values):
        raise ValidationError(
            {"__all__": _("Kies alleen gedeelde bekwaamheden van het netwerk, met een niveau.")}
        )
    if (
        RequirementProfile.network_templates.filter(
            network=network, name__iexact=name, is_active=True
        )
        .exclude(pk=current.pk)
        .exists()
    ):
        raise ValidationError({"name": _("Dit netwerk heeft al een functieprofiel met deze naam.")})
    current.is_active = False
    current.save(update_fields=["is_active"])
    revised = RequirementProfile(
        network=network,
        name=name,
        description=(description or "").strip(),
        version=current.version + 1,
        previous_version=current,
    )
    revised.full_clean()
    revised.save()
    ProfileItem.objects.bulk_create(
        ProfileItem(profile=revised, item_id=item_id, level=level)
        for item_id, level in items.items()
    )
    adoptions = _adoptions_of_lineage(revised)
    audit(
        "competences.profile_template.revised",
        kind="change",
        actor=actor,
        obj=revised,
        context=context,
        data={
            "network": network.name,
            "version": revised.version,
            "previous": current.pk,
            "items": len(items),
            "adoptions": len(adoptions),
        },
    )
    for adopted in adoptions:
        announce(
            kind="profile.template_revised",
            obj=adopted,
            actor=actor,
            recipient_ids=_profile_managers(adopted.organisation_id),
        )
    return revised


def _adoptions_of_lineage(template: RequirementProfile) -> list[RequirementProfile]:
    """The organisations' profiles adopted from any earlier version of ``template``."""
    earlier: list[int] = []
    step = template.previous_version
    while step is not None:
        earlier.append(step.pk)
        step = step.previous_version
    with scopes_disabled():
        return list(RequirementProfile.objects.filter(adopted_from_id__in=earlier))


def _profile_managers(organisation_id) -> list[int]:
    """The people who keep the organisation's catalogue and profiles (``competences.manage``)."""
    from zorgwijs.organisations.capabilities import members_with_capability

    with scopes_disabled():
        return list(
            members_with_capability("competences.manage")
            .filter(organisation_id=organisation_id)
            .active()
            .values_list("user_id", flat=True)
        )
