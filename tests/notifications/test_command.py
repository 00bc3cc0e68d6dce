"""``manage.py zorgwijs_notifications_daily``: now, or queued for a worker."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def test_daily_command_runs_or_enqueues(world, settings, capsys):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("zorgwijs_notifications_daily")
    assert "Samenvattingen: 0" in capsys.readouterr().out
    call_command("zorgwijs_notifications_daily", "--enqueue")
    assert "In de wachtrij" in capsys.readouterr().out
    assert DBTaskResult.objects.filter(task_path__endswith="notifications_daily").exists()
