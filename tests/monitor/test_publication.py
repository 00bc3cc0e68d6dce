"""Publication is the daily task's work: reading the monitor (page, exports, API) writes nothing,
and the command (or the queued task) publishes a quarter once its window has closed."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.monitor.conftest import Q1, row, submit
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.monitor.models import Release
from zorgwijs.monitor.tasks import monitor_publish, releases_publish_all

pytestmark = pytest.mark.django_db


def _state() -> dict:
    """Every table's row count, and every monitor row in full (an update shows too)."""
    state: dict = {}
    with scopes_disabled():
        for model in apps.get_models():
            if model is AuditEntry or model._meta.db_table == "django_session":
                continue  # audited reads are recorded on purpose; the session is the browser's
            state[model._meta.label] = model._default_manager.count()
            if model._meta.app_label == "monitor":
                state[model._meta.label + ":rows"] = sorted(
                    map(repr, model._default_manager.values_list())
                )
    return state


def _quarter_submitted_in_window(world) -> None:
    with time_machine.travel(datetime.date(2024, 4, 20)):
        for org in world.orgs[:4]:
            submit(org, [row(headcount=200)], actor=world.adviser.user)


def test_reading_the_monitor_writes_nothing_even_when_a_quarter_is_due(monitor_world):
    _quarter_submitted_in_window(monitor_world)
    assert not Release.objects.exists()  # Q1 is due now, but nobody has published it yet
    client = sign_in(Client(), monitor_world.adviser.user)
    kwargs = {"org_slug": monitor_world.orgs[0].slug, "network_slug": monitor_world.network.slug}
    urls = [
        reverse("monitor:network", kwargs=kwargs),
        reverse("monitor:network", kwargs=kwargs) + "?indicator=outflow",
        reverse("monitor:rules", kwargs=kwargs),
        reverse("monitor:export_csv", kwargs=kwargs),
        reverse("monitor:export_xlsx", kwargs=kwargs),
        reverse("monitor:annual_report", kwargs={**kwargs, "year": 2024}),
        reverse("monitor:index", kwargs={"org_slug": monitor_world.orgs[0].slug}),
        f"/api/v1/organisations/{kwargs['org_slug']}/monitor/networks/"
        f"{kwargs['network_slug']}/aggregates",
    ]
    before = _state()
    for address in urls:
        response = client.get(address)
        assert response.status_code == 200, address
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        assert _state() == before, address
    assert not Release.objects.exists()


def test_the_daily_command_publishes_what_is_due_once(monitor_world):
    _quarter_submitted_in_window(monitor_world)
    with time_machine.travel(datetime.date(2024, 4, 30)):
        out = io.StringIO()
        call_command("zorgwijs_monitor_publish", stdout=out)
        assert "0" in out.getvalue()
        assert not Release.objects.exists()  # the window of Q1 is still open
    out = io.StringIO()
    call_command("zorgwijs_monitor_publish", stdout=out)
    assert out.getvalue().strip().endswith("1")
    release = Release.objects.get(network=monitor_world.network, quarter=Q1)
    cells = {tuple(c[:4]): c[4] for c in release.cells}
    assert cells[("headcount", "total", "", "")] == 800
    assert releases_publish_all() == 0  # a second run changes nothing
    assert Release.objects.get(pk=release.pk).released_at == release.released_at


def test_the_task_worker_can_run_it(monitor_world, settings):
    _quarter_submitted_in_window(monitor_world)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert monitor_publish.enqueue().return_value == 1
    assert Release.objects.filter(network=monitor_world.network, quarter=Q1).exists()


def test_the_command_queues_the_task(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = io.StringIO()
    call_command("zorgwijs_monitor_publish", "--enqueue", stdout=out)
    assert "In de wachtrij" in out.getvalue()
    assert DBTaskResult.objects.filter(task_path="zorgwijs.monitor.tasks.monitor_publish").exists()
