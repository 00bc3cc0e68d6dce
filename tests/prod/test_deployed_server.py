"""docs/deploy.md, run as written: `collectstatic` with the manifest storage of the production
settings, then `.venv/bin/gunicorn zorgwijs.wsgi --workers 4 --bind …` from the repository root,
and pages (with their hashed static files) over HTTP."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import requests

from tests.prod.deployed import REPO, VENV_BIN, manage, production_env
from tests.smtp import free_port


def _wait_for(url: str, process: subprocess.Popen, log: Path) -> requests.Response:
    deadline = time.monotonic() + 120  # four workers start Django on a shared, busy machine
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            return requests.get(url, timeout=60)
        except requests.ConnectionError:
            time.sleep(0.3)
    raise AssertionError(f"gunicorn did not answer within 120 s:\n{log.read_text()}")


def test_collectstatic_and_gunicorn_as_documented_serve_pages_with_their_static_files(tmp_path):
    env = production_env(tmp_path)
    collected = manage(env, "collectstatic", "--noinput", "-v", "0")
    assert collected.returncode == 0, collected.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()

    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        command = f"{VENV_BIN}/gunicorn zorgwijs.wsgi --workers 4 --bind 127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 - the documented command, split on spaces
            command.split(), cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/bewijs/controleren/", server, log)
        assert page.status_code == 200, log.read_text()[-3000:]
        static = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
        assert static, "the page links its stylesheets and scripts"
        for path in static:
            assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", path), f"{path} is not hashed"
            response = requests.get(f"http://127.0.0.1:{port}{path}", timeout=60)
            assert response.status_code == 200, path
            assert "immutable" in response.headers["Cache-Control"], path
        chart = next(Path(tmp_path / "static" / "vendor" / "chartjs").glob("chart.umd.min.*.js"))
        maps = re.findall(r"sourceMappingURL=(\S+)", chart.read_text())
        assert maps and (chart.parent / maps[-1]).exists(), "the chart's source map resolves"
    finally:
        # gunicorn gives its workers 30 s (graceful_timeout) to finish; on a loaded CI machine
        # the master took longer than a 30 s wait to exit, which failed a test that had passed.
        server.terminate()
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_loading_the_application_opens_no_database_connection(tmp_path):
    """gunicorn.conf.py preloads the application, views and API included, in the master before
    forking the workers: a connection opened while loading would be shared by every worker."""
    env = production_env(tmp_path, PYTHONPATH="src")
    script = (
        "import sys, zorgwijs.wsgi\n"
        "from django.db import connections\n"
        "print(sum(c.connection is not None for c in connections.all(initialized_only=True)))\n"
        "print('zorgwijs.api.main' in sys.modules)\n"
    )
    loaded = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [f"{VENV_BIN}/python", "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert loaded.returncode == 0, loaded.stderr
    connections_open, api_imported = loaded.stdout.split()
    assert connections_open == "0", "a database connection was open after loading"
    assert api_imported == "True", "the views and API are imported before the workers fork"
