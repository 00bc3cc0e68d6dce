"""The platform's "today" is the configured TIME_ZONE's, whatever zone the machine runs in. A
server image without zoneinfo runs in UTC, where 23:30 is still yesterday for Amsterdam's
00:30; `make lint` (ruff DTZ) refuses ``date.today()`` for that reason."""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Iterator

import pytest
import time_machine
from django.utils import timezone

from tests.scenarios.conftest import make_scenario
from zorgwijs.scenarios.services import run_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def machine_clock_behind() -> Iterator[None]:
    """At 23:30 UTC on 15 June, on a machine whose own zone is twelve hours behind UTC."""
    previous = os.environ.get("TZ")
    os.environ["TZ"] = "Etc/GMT+12"
    time.tzset()
    moment = datetime.datetime(2026, 6, 15, 23, 30, tzinfo=datetime.UTC)
    try:
        with time_machine.travel(moment, tick=False):
            yield
    finally:
        if previous is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = previous
        time.tzset()


def test_a_training_held_today_in_amsterdam_is_not_refused_as_future(world, machine_clock_behind):
    today = timezone.localdate()
    assert today == datetime.date(2026, 6, 16)
    assert datetime.date.today() < today, "the machine's own date is behind"  # noqa: DTZ011
    run = run_record(
        actor=world.employee_a.user,
        scenario=make_scenario(world),
        organisation=world.org_a,
        held_on=today,
        group_size=6,
    )
    assert run.held_on == today
