"""Networks of organisations, created by the platform admin. Their member organisations are
added, given a contact person and ended by ``zorgwijs.networks.services.network`` (the
coordinators' services, which the platform's pages call too): one piece of code keeps the
former members' history and the audit entries."""

from __future__ import annotations

from django.db import transaction

from zorgwijs.accounts.models import User

from ..models import Network
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
