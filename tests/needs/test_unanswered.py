"""Searches that find nothing are counted per cleaned query per day, with nothing that says who
searched, and only published once several distinct people searched them on distinct days."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client

from tests.signin import sign_in
from zorgwijs.needs.models import UnansweredSearch
from zorgwijs.needs.unanswered import (
    MIN_DAYS,
    MIN_PEOPLE,
    cleaned_query,
    searcher_of,
    top_unanswered_searches,
)
from zorgwijs.organisations.visibility import ANONYMOUS
from zorgwijs.search.selectors import search

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
    user = world.employee_a.user
    sign_in(Client(), user).get("/zoeken/", {"q": "Robotica in de keuken"})
    Client(REMOTE_ADDR="192.0.2.7").get("/api/v1/search", {"q": "robotica IN de keuken 42"})
    Client(REMOTE_ADDR="192.0.2.7").get("/api/v1/search", {"q": "robotica in de keuken"})
    Client().get("/zoeken/", {"q": "mail piet@example.org"})
    rows = list(UnansweredSearch.objects.values("query", "day", "searcher", "count"))
    today = rows[0]["day"]
    by_query: dict[str, list[tuple]] = {}
    for row in rows:
        assert row["day"] == today
        by_query.setdefault(row["query"], []).append((row["searcher"], row["count"]))
    assert sorted(by_query) == ["mail", "robotica in de keuken"]
    # Two people: the signed-in employee once, the anonymous address twice.
    assert sorted(count for _, count in by_query["robotica in de keuken"]) == [1, 2]
    # The table has no column that could hold a person, an address or a time of day; the
    # searcher is a keyed hash that holds neither the user id nor the address, and differs per
    # query for the same person, so one person's searches cannot be linked together.
    columns = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), UnansweredSearch._meta.db_table
        )
    }
    assert columns == {"id", "query", "day", "searcher", "count"}
    for searcher, _ in by_query["robotica in de keuken"]:
        assert str(user.pk) != searcher and "192.0.2.7" not in searcher
        assert len(searcher) == 32
    Client(REMOTE_ADDR="192.0.2.7").get("/zoeken/", {"q": "mail"})
    searchers = set(UnansweredSearch.objects.values_list("searcher", flat=True))
    assert len(searchers) == 4


def test_searches_that_find_something_or_only_filter_are_not_counted(world):
    search(viewer=ANONYMOUS, text="", filters={"type": ["project"]})
    search(viewer=ANONYMOUS, text="   ")
    assert not UnansweredSearch.objects.exists()


def test_overview_shows_only_queries_of_several_people_on_several_days():
    today = datetime.date(2026, 11, 22)

    def searched(query, days_ago, person, count=1):
        UnansweredSearch.objects.create(
            query=query,
            day=today - datetime.timedelta(days_ago),
            searcher=searcher_of(query, person),
            count=count,
        )

    for n in range(3):  # three people on three days
        searched("nachtdienst", n, f"p{n}", count=5 if n == 0 else 1)
    searched("nachtdienst", 1, "p0", count=5)  # p0 again on another day: still one person
    searched("eenmalig iets", 0, "p0", count=50)  # one person, very often
    searched("eenmalig iets", 1, "p0", count=50)
    for n in range(5):  # many people, but all on one day
        searched("een dag", 0, f"p{n}")
    for n in range(3):  # three people, but long ago
        searched("oud", 200 + n, f"p{n}")
    for n in range(3):  # written before a cleaning rule existed: never shown
        searched("bsn 123456789", n, f"p{n}")
    assert top_unanswered_searches(today=today) == [{"query": "nachtdienst", "count": 3}]


def _kenniskaart_and_overview() -> str:
    page = Client().get("/kennisbehoeften/kenniskaart/").content.decode()
    overview = Client().get("/api/v1/needs/overview").content.decode()
    return page + overview


def test_one_visitor_repeating_a_search_does_not_publish_it(world):
    """The probe: a signed-out visitor searches the same text again and again (also on other
    days, with a fresh session each time) and it must never reach the public Kenniskaart."""
    start = datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC)
    for day in range(MIN_DAYS + 2):
        with time_machine.travel(start + datetime.timedelta(days=day), tick=False):
            for _ in range(MIN_PEOPLE + 2):
                Client().get("/zoeken/", {"q": "mevrouw pietje pukkelmans qxzvw"})
                Client().get("/api/v1/search", {"q": "mevrouw pietje pukkelmans qxzvw"})
        with time_machine.travel(start + datetime.timedelta(days=day, minutes=1), tick=False):
            assert "pukkelmans" not in _kenniskaart_and_overview()
    # One signed-in person searching from several addresses is still one person.
    user = world.employee_a.user
    for day in range(MIN_DAYS + 1):
        with time_machine.travel(start + datetime.timedelta(days=day), tick=False):
            for n in range(MIN_PEOPLE + 1):
                client = sign_in(Client(REMOTE_ADDR=f"198.51.100.{n + 1}"), user)
                client.get("/zoeken/", {"q": "zorgrobot kwispeltest"})
    with time_machine.travel(start + datetime.timedelta(days=MIN_DAYS + 1), tick=False):
        assert "kwispeltest" not in _kenniskaart_and_overview()


def test_distinct_people_on_distinct_days_publish_a_search(world):
    start = datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC)
    people = max(MIN_PEOPLE, MIN_DAYS)
    for n in range(people - 1):
        with time_machine.travel(start + datetime.timedelta(days=n), tick=False):
            Client(REMOTE_ADDR=f"203.0.113.{n + 1}").get("/zoeken/", {"q": "tiltillift onderhoud"})
    with time_machine.travel(start + datetime.timedelta(days=people - 1), tick=False):
        assert "tiltillift" not in _kenniskaart_and_overview()  # one person short
        Client(REMOTE_ADDR="203.0.113.200").get("/api/v1/search", {"q": "tiltillift onderhoud"})
        Client().get("/zoeken/", {"q": "zeldzaamwoord"})
        page = Client().get("/kennisbehoeften/kenniskaart/").content.decode()
        overview = Client().get("/api/v1/needs/overview").json()
    assert "tiltillift onderhoud" in page and "zeldzaamwoord" not in page
    assert {"query": "tiltillift onderhoud", "count": people} in overview["unanswered_searches"]
