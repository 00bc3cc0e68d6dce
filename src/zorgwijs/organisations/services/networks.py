"""Networks of organisations, managed by the platform admin."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgwijs.accounts.models import User

from ..models import Network, NetworkMembership, Organisation
from ..selectors.admin import organisation_admin_users
from ._common import audit


@transaction.atomic
def network_create(
    *, actor: User, name: str, slug: str, kind: str, region: str = "", description: str = ""
) -> Network:
    network = Network(name=name, slug=slug, kind=kind, region=region, description=description)
    network.full_clean()
    network.save()
    audit(
        "organisations.network.created",
        actor=actor,
        organisation=None,
        obj=network,
        data={"name": name},
    )
    return network


@transaction.atomic
def network_member_add(
    *, actor: User, network: Network, organisation: Organisation
) -> NetworkMembership:
    if NetworkMembership.objects.filter(network=network, organisation=organisation).exists():
        raise ValidationError({"organisation": _("Deze organisatie is al lid van dit netwerk.")})
    membership = NetworkMembership.objects.create(network=network, organisation=organisation)
    audit(
        "organisations.network.member_added",
        actor=actor,
        organisation=organisation,
        obj=membership,
        data={"network": network.pk},
    )
    return membership


@transaction.atomic
def network_member_remove(*, actor: User, membership: NetworkMembership) -> None:
    audit(
        "organisations.network.member_removed",
        actor=actor,
        organisation=membership.organisation,
        obj=membership,
        data={"network": membership.network_id},
    )
    membership.delete()


@transaction.atomic
def network_contact_set(
    *, actor: User, membership: NetworkMembership, contact: User | None
) -> NetworkMembership:
    if (
        contact is not None
        and not organisation_admin_users(organisation_ids=[membership.organisation_id])
        .filter(pk=contact.pk)
        .exists()
    ):
        raise ValidationError({"contact_person": _("Kies een beheerder van deze organisatie.")})
    membership.contact_person = contact
    membership.save(update_fields=["contact_person"])
    audit(
        "organisations.network.contact_set",
        actor=actor,
        organisation=membership.organisation,
        subject=contact,
        obj=membership,
        data={"network": membership.network_id},
    )
    return membership
