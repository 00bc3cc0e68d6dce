"""Signals other apps listen to. Organisations sit below the other apps and may not import
them; they announce changes instead."""

from django.dispatch import Signal

# Sent after a transaction-owning service changed people's function, departments or dates.
# Arguments: organisation, membership_ids (list[int]).
memberships_changed = Signal()


def announce_membership_changes(organisation, membership_ids) -> None:
    """Tell listeners (e.g. competence requirements) which members changed; call inside the
    service's transaction so their follow-up work commits or rolls back with it."""
    ids = sorted(set(membership_ids))
    if ids:
        memberships_changed.send(
            sender=organisation.__class__, organisation=organisation, membership_ids=ids
        )
