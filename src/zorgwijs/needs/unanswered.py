"""Searches that found nothing, counted as knowledge needs without anything about who searched.

What is kept: the query with e-mail addresses, web addresses and anything holding a digit
(phone numbers, dates, patient or employee numbers, postcodes) removed, then normalised like
search does (folded, lower case, words only), and a count per day and searcher. No user, no
address, no time: the searcher is a keyed hash of the person (``lib.people.person_key``, itself
a keyed hash) together with the query, so it tells people apart within one query but links
nothing across queries.

The overview publishes a query only when at least ``MIN_PEOPLE`` distinct people searched it,
on at least ``MIN_DAYS`` distinct days: counting requests would let one visitor put any text on
the public Kenniskaart by searching it twice, and one burst of searches on one day (people
prompted together, or one person with several addresses) is not yet a need.
"""

from __future__ import annotations

import datetime
import re

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from zorgwijs.search.query import normalised

from .models import UnansweredSearch

MIN_PEOPLE = 3
MIN_DAYS = 2
WINDOW_DAYS = 90
_EMAIL = re.compile(r"\S+@\S+")
_WEB = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WITH_DIGIT = re.compile(r"\S*\d\S*")


def cleaned_query(text: str) -> str:
    """The words of ``text`` that say nothing about a person, normalised; '' if none."""
    text = _EMAIL.sub(" ", text or "")
    text = _WEB.sub(" ", text)
    text = _WITH_DIGIT.sub(" ", text)
    words = [w for w in normalised(text).split() if len(w) > 1]
    return " ".join(words)[:200]


def searcher_of(query: str, asker: str) -> str:
    """The searcher of ``query`` as stored: a keyed hash of the person and the query, so the
    rows of one person cannot be linked across queries; "" when the person is unknown (all
    unknown searches together count as one person)."""
    if not asker:
        return ""
    return salted_hmac("zorgwijs.needs.unanswered", f"{query}\n{asker}").hexdigest()[:32]


def unanswered_search_count(sender=None, *, text: str = "", asker: str = "", **kwargs) -> None:
    """Receiver of ``search.signals.search_found_nothing``: add one to today's count of this
    searcher."""
    query = cleaned_query(text)
    if not query:
        return
    key = {"query": query, "day": timezone.localdate(), "searcher": searcher_of(query, asker)}
    rows = UnansweredSearch.objects.filter(**key)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            UnansweredSearch.objects.create(**key)
    except IntegrityError:  # a concurrent search counted it first
        rows.update(count=F("count") + 1)


def top_unanswered_searches(*, limit: int = 10, today: datetime.date | None = None) -> list[dict]:
    """The queries that found nothing in the last ``WINDOW_DAYS`` days for the most people,
    each searched by at least ``MIN_PEOPLE`` distinct people on at least ``MIN_DAYS`` distinct
    days: ``[{"query": …, "count": <people>}]``."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=WINDOW_DAYS)
    rows = (
        UnansweredSearch.objects.filter(day__gt=since)
        .values("query")
        .annotate(people=Count("searcher", distinct=True), days=Count("day", distinct=True))
        .filter(people__gte=MIN_PEOPLE, days__gte=MIN_DAYS)
        .order_by("-people", "query")
    )
    result = []
    for row in rows[: limit * 2]:
        # Cleaned again on the way out: rows written before a cleaning rule existed stay hidden.
        if cleaned_query(row["query"]) == row["query"]:
            result.append({"query": row["query"], "count": row["people"]})
    return result[:limit]
