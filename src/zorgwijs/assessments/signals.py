"""Hooks for other apps. ``attempt_failed`` is sent after the transaction of a failed attempt
commits, with the test's ``remedial_module``: a learning route adds that module to the
person's route; this app does not know routes.

``module_proven`` is sent inside the transaction of a passed test or an accepted xAPI
statement for a learning module, so the route steps it completes are saved (or refused)
with it: the learning app completes the person's open steps for that module."""

from django.dispatch import Signal

# kwargs: attempt (Attempt), remedial_module (str), fails_in_round (int)
attempt_failed = Signal()

# kwargs: membership (Membership), module (str), on (date), actor (User | None),
# via ("test" or "xapi"), includes_test (bool: a knowledge test, so it also proves the
# module's knowledge-test step), reference (str, for the audit entry)
module_proven = Signal()
