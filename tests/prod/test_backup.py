"""scripts/backup.py as an operator runs it (docs/deploy.md, "Backup and restore"): a production
environment on SQLite in a temporary directory, the backup and restore commands as written.
PostgreSQL is drilled by `make prod-check` against its own stack (pg_dump / pg_restore)."""

from __future__ import annotations

import fcntl
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.prod.deployed import REPO, VENV_BIN, manage, production_env

# One audit entry and one uploaded file, made the way the application makes them.
SEED = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from zorgwijs.audit.services import record
record("backup.test", kind="view")
default_storage.save("projecten/verslag.pdf", ContentFile(b"%PDF-1.4 verslag"))
"""


# Generous limits: they only stop a command that hangs. Migrating a new SQLite database costs
# ~30 s of CPU; while CI's two test workers, their browsers and the live servers share two
# cores it took more than 300 s on the PostgreSQL run and failed there.
MIGRATE_TIMEOUT = 1200
SCRIPT_TIMEOUT = 600


def backup_script(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "python"), "scripts/backup.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT,
    )


@pytest.fixture
def installation(tmp_path_factory) -> tuple[dict[str, str], Path]:
    """A migrated production installation with an audit entry and an uploaded file, of this
    test's own: a copy of one made once for the whole run (``_made_once``)."""
    template, secret_key = _made_once(tmp_path_factory)
    tmp = tmp_path_factory.mktemp("installation")
    shutil.copytree(template, tmp / "var")
    return production_env(tmp, SECRET_KEY=secret_key), tmp


def _made_once(tmp_path_factory) -> tuple[Path, str]:
    """Migrating a new database costs ~40 s of CPU: the test workers share one installation
    (their base temporary folders have one parent), made by the first that needs it while
    the others wait on the lock, and copy it. Made with the documented commands."""
    shared = tmp_path_factory.getbasetemp().parent / "backup-installation"
    shared.mkdir(exist_ok=True)
    done, template = shared / "made.json", shared / "var"
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            env = production_env(shared)
            template.mkdir()
            for command in (("migrate", "--noinput"), ("shell", "-c", SEED)):
                result = manage(env, *command, timeout=MIGRATE_TIMEOUT)
                assert result.returncode == 0, result.stderr
            done.write_text(json.dumps({"SECRET_KEY": env["SECRET_KEY"]}))
    return template, json.loads(done.read_text())["SECRET_KEY"]


def test_the_documented_drill_passes(installation):
    """`scripts/backup.py drill` as an operator runs it on a live installation: back up,
    wipe, restore and compare (PostgreSQL: `make prod-check`)."""
    env, tmp = installation
    drilled = backup_script(env, "drill")
    assert drilled.returncode == 0, drilled.stderr
    assert "drill passed on sqlite" in drilled.stdout
    assert (tmp / "var" / "media" / "projecten" / "verslag.pdf").read_bytes() == (
        b"%PDF-1.4 verslag"
    )


def test_backup_then_restore_over_a_wiped_installation(installation, tmp_path):
    env, tmp = installation
    made = backup_script(env, "backup", str(tmp_path))
    assert made.returncode == 0, made.stderr
    (folder,) = tmp_path.iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["audit_auditentry"] == 1
    assert list(manifest["files"]) == ["projecten/verslag.pdf"]

    refused = backup_script(env, "restore", str(folder))
    assert refused.returncode != 0 and "pass --replace" in refused.stderr, "never over live data"

    (tmp / "var" / "media" / "projecten" / "verslag.pdf").write_bytes(b"overwritten")
    restored = backup_script(env, "restore", str(folder), "--replace")
    assert restored.returncode == 0, restored.stderr
    assert "the audit log is append-only" in restored.stdout
    media = tmp / "var" / "media" / "projecten" / "verslag.pdf"
    assert media.read_bytes() == b"%PDF-1.4 verslag"


def test_a_restore_that_differs_from_its_manifest_fails(installation, tmp_path):
    env, _ = installation
    assert backup_script(env, "backup", str(tmp_path)).returncode == 0
    (folder,) = tmp_path.iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["projecten/verslag.pdf"] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(manifest))
    result = backup_script(env, "restore", str(folder), "--replace")
    assert result.returncode != 0
    assert "file projecten/verslag.pdf: sha256" in result.stderr


def test_a_restore_without_the_audit_triggers_fails(installation, tmp_path):
    """The restore checks that the audit log still refuses UPDATE and DELETE afterwards."""
    env, _ = installation
    assert backup_script(env, "backup", str(tmp_path)).returncode == 0
    (folder,) = tmp_path.iterdir()
    with sqlite3.connect(folder / "database.sqlite3") as dump:
        dump.execute("DROP TRIGGER audit_no_update")
    result = backup_script(env, "restore", str(folder), "--replace")
    assert result.returncode != 0
    assert "audit log accepted UPDATE audit_auditentry" in result.stderr
