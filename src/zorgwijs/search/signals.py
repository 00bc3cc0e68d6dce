"""Signals other apps listen to, so search does not need to know about them."""

from django.dispatch import Signal

# Sent with ``text`` (what was typed) when a search found nothing. Receivers must keep nothing
# about who searched; the needs app counts the cleaned words per day (docs/needs.md).
search_found_nothing = Signal()
