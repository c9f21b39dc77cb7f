"""Backups: a consistent database dump plus every private file, with a manifest to verify them.
Files are copied after the dump, so a row in the dump never points at a file not yet stored
(the RPO is "the start of the backup")."""

import datetime as dt
import hashlib
import json
import logging
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    seconds: float
    rows: dict[str, int]
    files: int


# libpq's environment variable → the connection setting it takes (no password in argv).
LIBPQ_ENV = {"PGDATABASE": "NAME", "PGUSER": "USER", "PGHOST": "HOST", "PGPORT": "PORT"}


def _run_pg(name: str, *args: str) -> None:
    """Run the newest installed client (it can dump any server version up to its own)."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
    )
    binary = str(versions[-1]) if versions else shutil.which(name) or name
    db = settings.DATABASES["default"]
    env = {
        var: str(db[key])
        for var, key in {**LIBPQ_ENV, "PGPASSWORD": "PASSWORD"}.items()
        if db.get(key)
    }
    # Fixed binary, arguments from settings, no shell.
    subprocess.run([binary, *args], env={**env, "PATH": "/usr/bin:/bin"}, check=True)  # noqa: S603


def file_roots() -> list[Path]:
    """Every local folder a configured storage writes to (default and any private alias)."""
    roots = [Path(settings.MEDIA_ROOT)]
    for config in settings.STORAGES.values():
        location = config.get("OPTIONS", {}).get("location")
        if location and "FileSystemStorage" in config.get("BACKEND", ""):
            roots.append(Path(location))
    unique: list[Path] = []
    for root in roots:
        if not any(root == other or root.is_relative_to(other) for other in unique):
            unique = [u for u in unique if not u.is_relative_to(root)] + [root]
    return unique


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _checksum(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def backup_create(*, destination: Path) -> BackupResult:
    """Write `<destination>/<UTC timestamp>/` with the dump, the files and a manifest."""
    started = time.monotonic()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = destination / stamp
    (folder / FILES).mkdir(parents=True)
    # The row counts and pg_dump share one exported snapshot: counted apart, a write in between
    # made the manifest disagree with the dump and the restore refuse it.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        rows = row_counts()
        _run_pg(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            f"--snapshot={snapshot}",
            "--file",
            str(folder / DUMP),
        )
    files: dict[str, str] = {}
    for index, root in enumerate(file_roots()):
        if not root.exists():
            continue
        target = folder / FILES / str(index)
        shutil.copytree(root, target, dirs_exist_ok=True)
        for path in sorted(p for p in target.rglob("*") if p.is_file()):
            files[f"{index}/{path.relative_to(target)}"] = _checksum(path)
    manifest = {
        "created_at": stamp,
        "database": settings.DATABASES["default"]["NAME"],
        "file_roots": [str(root) for root in file_roots()],
        "rows": rows,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return BackupResult(folder, time.monotonic() - started, rows, len(files))


def backup_restore(*, source: Path) -> BackupResult:
    """Restore the dump into the (empty or replaceable) configured database and put the files
    back into the configured storage folders; then verify row counts and checksums."""
    started = time.monotonic()
    manifest = json.loads((source / MANIFEST).read_text())
    connection.close()
    _run_pg(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        settings.DATABASES["default"]["NAME"],
        str(source / DUMP),
    )
    for index, root in enumerate(file_roots()):
        backed_up = source / FILES / str(index)
        if backed_up.exists():
            root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(backed_up, root, dirs_exist_ok=True)
    problems = backup_verify(source=source)
    if problems:
        raise RuntimeError("Restore does not match the backup: " + "; ".join(problems[:10]))
    return BackupResult(
        source, time.monotonic() - started, manifest["rows"], len(manifest["files"])
    )


def backup_verify(*, source: Path) -> list[str]:
    """What differs between the backup's manifest and the live database and folders."""
    manifest = json.loads((source / MANIFEST).read_text())
    problems = []
    live = row_counts()
    for label, count in manifest["rows"].items():
        if live.get(label) != count:
            problems.append(f"{label}: {live.get(label)} rows, backup had {count}")
    roots = file_roots()
    for name, checksum in manifest["files"].items():
        index, relative = name.split("/", 1)
        path = roots[int(index)] / relative
        if not path.exists():
            problems.append(f"missing file {relative}")
        elif _checksum(path) != checksum:
            problems.append(f"changed file {relative}")
    return problems
