"""The database restarts under a running app server: the next request is answered.

A PostgreSQL restart (or failover, or an idle connection cut by a firewall) ends every
connection the app servers keep (``CONN_MAX_AGE``). Before, each gunicorn worker answered its
next request on its dead connection with a 500 and only then threw it away; now Django checks a
kept connection before the first query of a request (``CONN_HEALTH_CHECKS``) and opens a new one.

Over real HTTP against gunicorn with the production settings, as docs/deploy.md starts it, on
this test's database (the test client and the live test server both close connections after
each request, so neither keeps one to lose). On PostgreSQL the restart is reproduced the way it
reaches the app: every other backend of the database is terminated. SQLite has no server whose
restart could cut a connection; there the same requests are simply answered.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.core.test_email_tasks import MANAGE, _worker_database_url
from tests.smtp import free_port

pytestmark = pytest.mark.django_db(transaction=True)


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - live server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _cut_the_app_servers_connections() -> int:
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def app_server(tmp_path):
    """gunicorn, one worker, production settings, on this test's database."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _worker_database_url(tmp_path),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "ZORGWIJS_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(gunicorn), "zorgwijs.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=MANAGE.parent,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if _get(f"{url}/healthz") == 200:
                break
        except OSError:
            time.sleep(0.2)
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_the_first_request_after_a_database_restart_is_answered(app_server):
    assert _get(f"{app_server}/healthz") == 200  # the worker now keeps its connection
    cut = _cut_the_app_servers_connections()
    if connection.vendor == "postgresql":
        assert cut >= 1, "the app server kept no connection to cut"
    # /healthz runs a query (no static files here: no collectstatic manifest in a test)
    assert [_get(f"{app_server}/healthz") for _ in range(3)] == [200, 200, 200]
