"""Who maintains which vocabulary: a network's editors, and platform admins the platform's.

A network's editors are the people who hold ``vocabulary.edit`` (editors and administrators)
in an organisation that is a member of that network.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_scopes import scopes_disabled

from zorgwijs.organisations.capabilities import capabilities_for
from zorgwijs.organisations.models import Network, NetworkMembership, RoleAssignment

from .models import Concept

CAPABILITY = "vocabulary.edit"


def editable_network_ids(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    with scopes_disabled():
        roles: dict[int, set[str]] = {}
        for organisation_id, role in RoleAssignment.objects.filter(
            membership__user=user, membership__in=_active(user)
        ).values_list("membership__organisation_id", "role"):
            roles.setdefault(organisation_id, set()).add(role)
    organisations = [o for o, r in roles.items() if CAPABILITY in capabilities_for(r)]
    return set(
        NetworkMembership.objects.filter(organisation_id__in=organisations).values_list(
            "network_id", flat=True
        )
    )


def _active(user):
    from zorgwijs.organisations.models import Membership

    return Membership.objects.active().filter(user=user).values("id")


def editable_networks(user):
    return Network.objects.filter(pk__in=editable_network_ids(user)).order_by("name")


def may_edit(user, network_id: int | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if network_id is None:
        return bool(getattr(user, "is_platform_admin", False))
    return network_id in editable_network_ids(user)


def get_concept(concept_id: int) -> Concept:
    """Every concept is public; 404 only for one that does not exist."""
    concept = Concept.objects.select_related("network").filter(pk=concept_id).first()
    if concept is None:
        raise Http404
    return concept


def get_concept_for_editor(user, concept_id: int) -> Concept:
    concept = get_concept(concept_id)
    if not may_edit(user, concept.network_id):
        raise PermissionDenied
    return concept
