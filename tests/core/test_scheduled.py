"""The one runner of scheduled work (core/scheduled.py) and the jobs the apps register."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zorgwijs.core import scheduled
from zorgwijs.core.scheduled import ScheduledJob, scheduled_jobs


def test_each_app_registers_its_jobs_under_the_command_names_cron_uses():
    assert {job.name for job in scheduled_jobs("daily")} == {
        "zorgwijs_daily",
        "zorgwijs_knowledge_daily",
        "zorgwijs_monitor_publish",
    }
    assert [job.name for job in scheduled_jobs("evening")] == ["zorgwijs_notifications_daily"]
    assert [job.name for job in scheduled_jobs("hourly")] == ["zorgwijs_networks_publish"]


def _broken(on):
    raise RuntimeError("disk full")


def test_a_failing_job_does_not_stop_the_others_and_fails_the_run(monkeypatch, capsys):
    jobs = [
        ScheduledJob("broken", "hourly", "", run=_broken),
        ScheduledJob("fine", "hourly", "", run=lambda on: "done"),
        ScheduledJob("morning", "daily", "", run=lambda on: "not now"),
    ]
    monkeypatch.setattr(scheduled, "_JOBS", {job.name: job for job in jobs})
    with pytest.raises(CommandError, match="broken"):
        call_command("zorgwijs_scheduled", "hourly")
    out = capsys.readouterr().out
    assert "fine: done" in out and "not now" not in out
