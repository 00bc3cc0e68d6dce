"""One date format, on the Amsterdam calendar, whatever the server's clock zone."""

from __future__ import annotations

import datetime

from django.template import Context, Template
from django.utils import translation

from zorgwijs.lib.dates import calendar_day, format_date, format_datetime

UTC = datetime.UTC


def test_a_moment_just_before_midnight_utc_is_the_next_day_in_amsterdam():
    # 22:30 UTC on 8 May 2028 is 00:30 on 9 May in Amsterdam (summer time).
    moment = datetime.datetime(2028, 5, 8, 22, 30, tzinfo=UTC)
    assert calendar_day(moment) == datetime.date(2028, 5, 9)
    with translation.override("nl"):
        assert format_date(moment) == "9 mei 2028"
        assert format_datetime(moment) == "9 mei 2028, 00:30"
    with translation.override("en"):
        assert format_date(moment) == "9 May 2028"


def test_a_calendar_day_is_shown_as_it_is_in_one_spelling():
    day = datetime.date(2028, 5, 8)
    with translation.override("nl"):
        rendered = Template("{% load zorgwijs %}{{ d|nl_date }}|{{ m|nl_date }}").render(
            Context({"d": day, "m": datetime.datetime(2028, 5, 8, 21, 59, tzinfo=UTC)})
        )
    assert rendered == "8 mei 2028|8 mei 2028"  # 23:59 in Amsterdam is still the 8th


def test_nothing_is_shown_for_no_date():
    assert format_date(None) == "" and format_datetime(None) == ""


def test_an_iso_date_text_reads_as_a_day_and_other_text_as_it_is():
    """A task's e-mail context carries dates as ISO text; the e-mail shows them as a person
    reads them, in the recipient's language."""
    with translation.override("nl"):
        assert format_date("2028-05-09") == "9 mei 2028"
    with translation.override("en"):
        assert format_date("2028-05-09") == "9 May 2028"
    assert format_date("onbeperkt") == "onbeperkt"


def test_the_review_reminder_mail_shows_a_human_date():
    from django.template.loader import render_to_string

    with translation.override("nl"):
        text = render_to_string(
            "email/knowledge/review_due.txt",
            {"page": "Infuus", "space": "IC", "due": "2028-05-09", "user": None},
        )
    assert "9 mei 2028" in text and "2028-05-09" not in text


# Pages show dates through nl_date / nl_datetime; Django's "j M Y" would read "8 Mei 2028"
# (a capitalised abbreviation) where the passport says "9 mei 2028".


def test_no_page_formats_a_day_with_django_s_date_filter():
    import pathlib
    import re

    import zorgwijs

    root = pathlib.Path(zorgwijs.__file__).parent
    human = re.compile(r"\|date:[\"']j (F|M)")
    found = [str(p.relative_to(root)) for p in root.rglob("*.html") if human.search(p.read_text())]
    assert found == []
