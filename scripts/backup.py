"""Back up and restore Zorgwijs: the database and the uploaded files (MEDIA_ROOT).

Run from the repository root with the environment of the application (DATABASE_URL,
ZORGWIJS_VAR_DIR, SECRET_KEY, …: the script reads the same settings the app servers do):

    .venv/bin/python scripts/backup.py backup DIRECTORY
    .venv/bin/python scripts/backup.py restore DIRECTORY/zorgwijs-<time> [--replace]
    .venv/bin/python scripts/backup.py drill [--demo] [--add-upload] [--keep]

``backup`` writes one folder ``zorgwijs-<UTC time>/`` in DIRECTORY: the database
(PostgreSQL: ``pg_dump`` custom format; SQLite: a copy made with SQLite's online backup API),
``media.tar`` with every uploaded file, and ``manifest.json`` with the row count of every table
(taken in the same snapshot as the dump) and the SHA-256 of every file. ``restore`` puts both back
into an empty database and an empty MEDIA_ROOT (``--replace`` wipes them first), then checks the
result against the manifest and that the audit log's append-only triggers are in place; it
exits non-zero on any difference. Stop the app servers and task workers around a restore.

``drill`` proves the pair works on the configured installation: it counts every table and hashes
every file, backs up, wipes the database and MEDIA_ROOT, restores, and fails on any difference.
``--demo`` runs it on a fresh demo database in a temporary directory (SQLite unless
DATABASE_URL is set); ``--add-upload`` first attaches a PDF to a demo project, so there is an
uploaded file to restore. See docs/deploy.md, "Backup and restore".
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
FORMAT = 1


class BackupError(SystemExit):
    """A backup, restore or drill that must not be trusted: exit code 1 with the reason."""

    def __init__(self, message: str) -> None:
        super().__init__(f"backup: {message}")


def say(message: str) -> None:
    print(f"== backup: {message}", flush=True)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgwijs.settings")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()


# --- the database ------------------------------------------------------------------------------


class Database:
    """The configured database, reached with the vendor's own tools (not through the ORM, so a
    wiped schema or a restore under it never confuses a cached connection)."""

    def __init__(self) -> None:
        from django.conf import settings
        from django.db import connections

        connections.close_all()
        self.settings = settings.DATABASES["default"]
        engine = self.settings["ENGINE"]
        if engine.endswith("sqlite3"):
            self.vendor = "sqlite"
        elif "postgresql" in engine:
            self.vendor = "postgresql"
        else:
            raise BackupError(f"no backup for database engine {engine}")

    # connections ---------------------------------------------------------------------------

    @property
    def sqlite_path(self) -> Path:
        return Path(self.settings["NAME"])

    def pg_env(self) -> dict[str, str]:
        """libpq's variables, so that no password shows in a process list."""
        env = dict(os.environ)
        for key, name in (
            ("NAME", "PGDATABASE"),
            ("USER", "PGUSER"),
            ("PASSWORD", "PGPASSWORD"),
            ("HOST", "PGHOST"),
            ("PORT", "PGPORT"),
        ):
            if self.settings.get(key):
                env[name] = str(self.settings[key])
        if self.settings.get("OPTIONS", {}).get("sslmode"):
            env["PGSSLMODE"] = self.settings["OPTIONS"]["sslmode"]
        return env

    @contextmanager
    def connect(self) -> Iterator:
        if self.vendor == "sqlite":
            connection = sqlite3.connect(self.sqlite_path, isolation_level=None)
        else:
            import psycopg

            env = self.pg_env()
            connection = psycopg.connect(
                dbname=env.get("PGDATABASE"),
                user=env.get("PGUSER"),
                password=env.get("PGPASSWORD"),
                host=env.get("PGHOST"),
                port=env.get("PGPORT"),
                sslmode=env.get("PGSSLMODE"),
                autocommit=True,
            )
        try:
            yield connection
        finally:
            connection.close()

    # what is in it -------------------------------------------------------------------------

    def tables(self, connection) -> list[str]:
        if self.vendor == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        return [row[0] for row in connection.execute(sql).fetchall()]

    def counts(self, connection) -> dict[str, int]:
        return {
            # Names come from the catalogue, not from input.
            table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in self.tables(connection)
        }

    def live_counts(self) -> dict[str, int]:
        if self.vendor == "sqlite" and not self.sqlite_path.exists():
            return {}
        with self.connect() as connection:
            return self.counts(connection)

    # backup, wipe, restore -----------------------------------------------------------------

    def dump(self, target: Path) -> dict[str, int]:
        """Write the dump to ``target``; return the row counts of exactly what it holds."""
        if self.vendor == "sqlite":
            with self.connect() as source, closing(sqlite3.connect(target)) as copy:
                source.backup(copy)  # the online backup API: consistent while others write
                return self.counts(copy)
        # Count inside the snapshot pg_dump dumps, so the manifest describes the dump exactly
        # even while the application writes.
        with self.connect() as connection:
            connection.autocommit = False
            connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
            counts = self.counts(connection)
            run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                env=self.pg_env(),
            )
            connection.rollback()
        return counts

    def wipe(self) -> None:
        """Remove every table (and the audit trigger function): an empty database."""
        if self.vendor == "sqlite":
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.sqlite_path}{suffix}").unlink(missing_ok=True)
            return
        with self.connect() as connection, connection.transaction():
            for table in self.tables(connection):
                connection.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
            for (name,) in connection.execute(
                "SELECT p.oid::regprocedure::text FROM pg_proc p "
                "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()"
            ).fetchall():
                connection.execute(f"DROP FUNCTION IF EXISTS {name} CASCADE")

    def restore(self, source: Path) -> None:
        if self.vendor == "sqlite":
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(source)) as dump, self.connect() as target:
                dump.backup(target)
            return
        env = self.pg_env()
        run(
            [
                "pg_restore",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={env['PGDATABASE']}",
                str(source),
            ],
            env=env,
        )

    def audit_log_is_append_only(self) -> list[str]:
        """Try to change and remove an audit entry (and, on PostgreSQL, truncate the table)
        in a transaction that is rolled back; return what was NOT refused."""
        statements = [
            "UPDATE audit_auditentry SET action = action "
            "WHERE id = (SELECT MAX(id) FROM audit_auditentry)",
            "DELETE FROM audit_auditentry WHERE id = (SELECT MAX(id) FROM audit_auditentry)",
        ]
        if self.vendor == "postgresql":
            statements.append("TRUNCATE audit_auditentry")
        accepted = []
        with self.connect() as connection:
            if connection.execute("SELECT COUNT(*) FROM audit_auditentry").fetchone()[0] == 0:
                return ["the audit log is empty: nothing to try the triggers on"]
            for statement in statements:
                connection.execute("BEGIN")
                try:
                    connection.execute(statement)
                    accepted.append(statement)
                except Exception as error:  # noqa: BLE001 - refusal is what we want
                    if "append-only" not in str(error):
                        accepted.append(f"{statement}: failed for another reason: {error}")
                finally:
                    connection.execute("ROLLBACK")
        return accepted


def run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed:\n{result.stdout}{result.stderr}")


# --- the uploaded files -------------------------------------------------------------------------


def media_root() -> Path:
    from django.conf import settings

    return Path(settings.MEDIA_ROOT)


def file_checksums(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def wipe_media(root: Path) -> None:
    if root.exists():
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


# --- the commands -------------------------------------------------------------------------------


def backup(directory: Path) -> Path:
    database = Database()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = directory / f"zorgwijs-{stamp}"
    folder.mkdir(parents=True)
    started = time.monotonic()
    counts = database.dump(folder / DUMP[database.vendor])
    root = media_root()
    files = {}
    with tarfile.open(folder / MEDIA_TAR, "w") as archive:
        for name in file_checksums(root):
            path = root / name
            files[name] = sha256(path)
            archive.add(path, arcname=name, recursive=False)
    manifest = {
        "format": FORMAT,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "vendor": database.vendor,
        "database": DUMP[database.vendor],
        "tables": counts,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    say(
        f"{folder}: {len(counts)} tables, {sum(counts.values())} rows, {len(files)} files "
        f"in {time.monotonic() - started:.1f} s"
    )
    return folder


def restore(folder: Path, *, replace: bool) -> float:
    manifest = json.loads((folder / MANIFEST).read_text())
    database = Database()
    if manifest.get("format") != FORMAT or manifest["vendor"] != database.vendor:
        raise BackupError(
            f"{folder} is a {manifest['vendor']} backup; the configured database is "
            f"{database.vendor}"
        )
    root = media_root()
    occupied = [
        what
        for what, full in (
            ("the database has tables", database.live_counts()),
            (f"{root} has files", file_checksums(root)),
        )
        if full
    ]
    if occupied and not replace:
        raise BackupError(
            f"not restoring over live data ({'; '.join(occupied)}): pass --replace to wipe it"
        )
    started = time.monotonic()
    if occupied:
        database.wipe()
        wipe_media(root)
    database.restore(folder / manifest["database"])
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_TAR) as archive:
        archive.extractall(root, filter="data")
    seconds = time.monotonic() - started
    differences = compare(
        {"tables": manifest["tables"], "files": manifest["files"]},
        {"tables": database.live_counts(), "files": file_checksums(root)},
    )
    differences += [f"audit log accepted {s}" for s in database.audit_log_is_append_only()]
    if differences:
        raise BackupError("the restore differs from the backup:\n  " + "\n  ".join(differences))
    say(
        f"restored {folder.name}: {len(manifest['tables'])} tables, "
        f"{sum(manifest['tables'].values())} rows, {len(manifest['files'])} files in "
        f"{seconds:.1f} s; row counts and checksums match, the audit log is append-only"
    )
    return seconds


def compare(before: dict, after: dict) -> list[str]:
    differences = []
    for kind, unit in (("tables", "rows"), ("files", "sha256")):
        for name in sorted(set(before[kind]) | set(after[kind])):
            old, new = before[kind].get(name), after[kind].get(name)
            if old != new:
                differences.append(f"{kind[:-1]} {name}: {unit} {old} before, {new} after")
    return differences


def drill(*, keep: bool) -> None:
    """Count, back up, wipe, restore, count again: any difference fails."""
    database = Database()
    root = media_root()
    before = {"tables": database.live_counts(), "files": file_checksums(root)}
    if not before["tables"] or not before["files"]:
        raise BackupError("nothing to drill on: the database or MEDIA_ROOT is empty")
    workdir = Path(tempfile.mkdtemp(prefix="zorgwijs-backup-drill-"))
    try:
        started = time.monotonic()
        folder = backup(workdir)
        backup_seconds = time.monotonic() - started
        database.wipe()
        wipe_media(root)
        wiped = {"tables": database.live_counts(), "files": file_checksums(root)}
        if wiped["tables"] or wiped["files"]:
            raise BackupError(f"the wipe left {wiped}")
        restore_seconds = restore(folder, replace=False)
        after = {"tables": database.live_counts(), "files": file_checksums(root)}
        differences = compare(before, after)
        if differences:
            raise BackupError("after the drill:\n  " + "\n  ".join(differences))
        size = sum(path.stat().st_size for path in folder.iterdir())
        say(
            f"drill passed on {database.vendor}: {len(after['tables'])} tables, "
            f"{sum(after['tables'].values())} rows and {len(after['files'])} files identical; "
            f"backup {backup_seconds:.1f} s, restore {restore_seconds:.1f} s, "
            f"{size / 1e6:.1f} MB"
        )
    finally:
        if keep:
            print(f"backup: drill backup kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def load_demo(var_dir: Path) -> None:
    """A demo installation of its own, made with the documented commands."""
    from django.core.management import call_command

    del var_dir  # the settings already point at it
    if Database().live_counts():
        raise BackupError("--demo needs an empty database (unset DATABASE_URL for SQLite)")
    call_command("migrate", "--noinput", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("zorgwijs_demo", "--quiet-logins", verbosity=0)


def add_upload() -> None:
    """Attach a small PDF to a demo project through the attachment service, as a user's
    upload does, so the drill has an uploaded file (and its audit entry) to restore."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_scopes import scopes_disabled

    from zorgwijs.projects.attachments import attachment_add
    from zorgwijs.projects.models import Project

    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    with scopes_disabled():
        project = Project.objects.select_related("created_by").order_by("pk").first()
        if project is None:
            raise BackupError("--add-upload needs the demo projects")
        attachment_add(
            actor=project.created_by,
            project=project,
            upload=SimpleUploadedFile("backup-drill.pdf", pdf, "application/pdf"),
            title="Backup drill",
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    to = commands.add_parser("backup", help="back up the database and MEDIA_ROOT")
    to.add_argument("directory", type=Path)
    back = commands.add_parser("restore", help="restore a backup and check it")
    back.add_argument("folder", type=Path)
    back.add_argument("--replace", action="store_true", help="wipe the live data first")
    practice = commands.add_parser("drill", help="back up, wipe, restore and compare")
    practice.add_argument("--demo", action="store_true", help="on a fresh demo database")
    practice.add_argument("--add-upload", action="store_true", help="attach a demo file first")
    practice.add_argument("--keep", action="store_true", help="keep the drill's backup")
    options = parser.parse_args()

    demo_dir = None
    if options.command == "drill" and options.demo:
        demo_dir = Path(tempfile.mkdtemp(prefix="zorgwijs-backup-demo-"))
        os.environ["ZORGWIJS_VAR_DIR"] = str(demo_dir)
        os.environ.setdefault("DEBUG", "1")  # the demo, as `make demo-db` runs it
    setup_django()
    try:
        if options.command == "backup":
            backup(options.directory)
        elif options.command == "restore":
            restore(options.folder, replace=options.replace)
        else:
            if demo_dir is not None:
                say(f"demo database in {demo_dir}")
                load_demo(demo_dir)
            if options.add_upload or demo_dir is not None:
                add_upload()
            drill(keep=options.keep)
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
