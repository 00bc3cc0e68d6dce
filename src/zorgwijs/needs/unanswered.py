"""Searches that found nothing, counted as knowledge needs without anything about who searched.

What is kept: the query with e-mail addresses, web addresses and anything holding a digit
(phone numbers, dates, patient or employee numbers, postcodes) removed, then normalised like
search does (folded, lower case, words only), and a count per day. No user, no address, no time.
The overview only shows queries searched at least ``MIN_SEARCHES`` times, so a one-off query
that could say something about one person never appears.
"""

from __future__ import annotations

import datetime
import re

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from zorgwijs.search.query import normalised

from .models import UnansweredSearch

MIN_SEARCHES = 2
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


def unanswered_search_count(sender=None, *, text: str = "", **kwargs) -> None:
    """Receiver of ``search.signals.search_found_nothing``: add one to today's count."""
    query = cleaned_query(text)
    if not query:
        return
    day = timezone.localdate()
    rows = UnansweredSearch.objects.filter(query=query, day=day)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            UnansweredSearch.objects.create(query=query, day=day)
    except IntegrityError:  # a concurrent search counted it first
        rows.update(count=F("count") + 1)


def top_unanswered_searches(*, limit: int = 10, today: datetime.date | None = None) -> list[dict]:
    """The most frequent queries that found nothing in the last ``WINDOW_DAYS`` days, each
    searched at least ``MIN_SEARCHES`` times: ``[{"query": …, "count": …}]``."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=WINDOW_DAYS)
    rows = (
        UnansweredSearch.objects.filter(day__gt=since)
        .values("query")
        .annotate(total=Sum("count"))
        .filter(total__gte=MIN_SEARCHES)
        .order_by("-total", "query")
    )
    result = []
    for row in rows[: limit * 2]:
        # Cleaned again on the way out: rows written before a cleaning rule existed stay hidden.
        if cleaned_query(row["query"]) == row["query"]:
            result.append({"query": row["query"], "count": row["total"]})
    return result[:limit]
