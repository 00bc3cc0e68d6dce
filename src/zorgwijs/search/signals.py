"""Signals other apps listen to, so search does not need to know about them."""

from django.dispatch import Signal

# Sent with ``text`` (what was typed) and ``asker`` (``lib.people.person_key`` of who searched,
# "" when unknown) when a search found nothing. Receivers must keep nothing that identifies who
# searched; the needs app counts the cleaned words per day and distinct people (docs/needs.md).
search_found_nothing = Signal()
