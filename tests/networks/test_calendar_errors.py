"""A file that is no calendar is refused with what is wrong in words of the interface: which
line cannot be read, never the library's English message with the file's bytes in it."""

from __future__ import annotations

import pytest
from django.utils import translation

from zorgwijs.networks.calendar import CalendarError, parse_calendar


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"BEGIN:VCALENDAR\r\nthis is broken\r\n", "regel 2 is geen agendaregel"),
        (b"niets", "regel 1 is geen agendaregel"),
        (b"\xff\xfe\x00garbage", "geen tekst in UTF-8"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n", "passende END:-regel"),
    ],
)
def test_a_malformed_file_says_what_is_wrong(data, expected):
    with translation.override("nl"), pytest.raises(CalendarError) as refused:
        parse_calendar(data)
    message = str(refused.value)
    assert message.startswith("Dit is geen geldig iCalendar-bestand (.ics):")
    assert expected in message
    assert "\x00" not in message and "Content line" not in message


def test_the_message_is_english_for_english_readers():
    with translation.override("en"), pytest.raises(CalendarError) as refused:
        parse_calendar(b"BEGIN:VCALENDAR\r\nthis is broken\r\n")
    assert "line 2 is not a calendar line" in str(refused.value)
