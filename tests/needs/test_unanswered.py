"""Searches that find nothing are counted per cleaned query per day, with nothing about who
searched, and only shown once searched more than once."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client

from tests.isolation.urlwalk import sign_in
from zorgwijs.needs.models import UnansweredSearch
from zorgwijs.needs.unanswered import cleaned_query, top_unanswered_searches
from zorgwijs.search.selectors import search
from zorgwijs.search.viewer import ANONYMOUS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Robotica  in de KEUKEN", "robotica in de keuken"),
        ("dossier jan.jansen@ziekenhuis.nl valincident", "dossier valincident"),
        ("patiënt 1234567 kamer 12b", "patient kamer"),
        ("bel 06-12345678 over decubitus", "bel over decubitus"),
        ("zie https://intranet.local/p?id=5 protocol", "zie protocol"),
        ("12-03-2026", ""),
    ],
)
def test_query_is_cleaned_of_anything_personal(typed, kept):
    assert cleaned_query(typed) == kept


def test_search_page_and_api_count_per_query_per_day_without_who(world):
    sign_in(Client(), world.employee_a.user).get("/zoeken/", {"q": "Robotica in de keuken"})
    Client().get("/api/v1/search", {"q": "robotica IN de keuken 42"})
    Client().get("/zoeken/", {"q": "mail piet@example.org"})
    rows = list(UnansweredSearch.objects.values("query", "day", "count"))
    today = rows[0]["day"]
    assert sorted(rows, key=lambda r: r["query"]) == [
        {"query": "mail", "day": today, "count": 1},
        {"query": "robotica in de keuken", "day": today, "count": 2},
    ]
    # The table has no column that could hold a person, an address or a time of day.
    columns = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), UnansweredSearch._meta.db_table
        )
    }
    assert columns == {"id", "query", "day", "count"}


def test_searches_that_find_something_or_only_filter_are_not_counted(world):
    search(viewer=ANONYMOUS, text="", filters={"type": ["project"]})
    search(viewer=ANONYMOUS, text="   ")
    assert not UnansweredSearch.objects.exists()


def test_overview_shows_only_repeated_queries_of_the_last_90_days():
    today = datetime.date(2026, 11, 22)
    UnansweredSearch.objects.create(query="eenmalig iets", day=today, count=1)
    UnansweredSearch.objects.create(query="nachtdienst", day=today, count=1)
    UnansweredSearch.objects.create(query="nachtdienst", day=today - datetime.timedelta(1), count=2)
    UnansweredSearch.objects.create(query="oud", day=today - datetime.timedelta(200), count=9)
    # Written before a cleaning rule existed: never shown.
    UnansweredSearch.objects.create(query="bsn 123456789", day=today, count=5)
    assert top_unanswered_searches(today=today) == [{"query": "nachtdienst", "count": 3}]


def test_kenniskaart_lists_repeated_unanswered_searches(world):
    for _ in range(2):
        Client().get("/zoeken/", {"q": "tiltillift onderhoud"})
    Client().get("/zoeken/", {"q": "zeldzaamwoord"})
    body = Client().get("/kennisbehoeften/kenniskaart/").content.decode()
    assert "tiltillift onderhoud" in body and "zeldzaamwoord" not in body
