"""Hooks for other apps. ``attempt_failed`` is sent after the transaction of a failed attempt
commits, with the test's ``remedial_module``: a learning route adds that module to the
person's route; this app does not know routes."""

from django.dispatch import Signal

# kwargs: attempt (Attempt), remedial_module (str), fails_in_round (int)
attempt_failed = Signal()
