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
