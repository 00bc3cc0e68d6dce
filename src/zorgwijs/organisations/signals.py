"""Signals other apps listen to. Organisations sit below the other apps and may not import
them; they announce changes instead."""

from django.dispatch import Signal

# Sent after a transaction-owning service changed people's function, departments or dates.
# Arguments: organisation, membership_ids (list[int]).
memberships_changed = Signal()
