"""React to HR changes: requirements follow a person's function and departments at once."""

from __future__ import annotations

from django.dispatch import receiver
from django_scopes import scope

from zorgwijs.organisations.models import Membership
from zorgwijs.organisations.signals import memberships_changed

from .requirements import requirements_refresh


@receiver(memberships_changed)
def refresh_requirements(sender, *, organisation, membership_ids, **kwargs) -> None:
    with scope(organisation=organisation.pk):
        members = Membership.objects.filter(organisation=organisation, pk__in=membership_ids)
        requirements_refresh(organisation=organisation, memberships=members)
