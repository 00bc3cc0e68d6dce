"""Run the commands of docs/deploy.md as an operator does: from the repository root, with the
production settings module and only environment variables to configure it."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
# What the test run itself brings (tests/settings.py) must not leak into a "deployed" process.
TEST_ONLY = (
    "SECRET_KEY",
    "CREDENTIALS_SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment of a production process: DEBUG=0, a generated SECRET_KEY, its own
    var/ and static root in ``tmp_path``. ``overrides`` set (or, as ``""``, drop) variables."""
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ZORGWIJS_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("DATABASE_URL", None)  # a database of its own: SQLite in tmp_path
    for name, value in overrides.items():
        if value:
            env[name] = value
        else:
            env.pop(name, None)
    return env


def manage(env: dict[str, str], *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
