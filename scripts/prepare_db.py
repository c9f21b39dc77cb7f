"""Make sure PM Portal has a PostgreSQL database, and record the choice in `.env`.

Called by `make run` and `make test` with the project's virtualenv Python. Resolution order:

1. `DATABASE_URL` from the environment, used as given;
2. the database already recorded in `.env`, when it still answers (the fast path of a second
   `make run`; a project-local cluster is started first if it is stopped), or is created when
   its server answers but has no such database yet (a name chosen by hand in `.env` is kept);
3. a server on 127.0.0.1:5432 that lets us in without a password (database `pmportal` is created);
4. a project-local cluster in `.pgdata/`, made with the installed `initdb` and `pg_ctl` and
   listening only on a socket inside the project;
5. otherwise a clear message naming the package to install.

The script only prints to its own stdout/stderr: it is a make-time tool, not application code.
"""

from __future__ import annotations

import getpass
import glob
import os
import pwd
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import psycopg
from dotenv import dotenv_values
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
ENV_FILE = ROOT / ".env"
PGDATA = ROOT / ".pgdata"
CLUSTER_DIR = PGDATA / "data"
SOCKET_DIR = PGDATA / "run"
LOG_FILE = PGDATA / "postgres.log"
DB_NAME = "pmportal"
# PostgreSQL's limit for a Unix socket path (sun_path) including the socket file name.
MAX_SOCKET_PATH = 107


def say(message: str) -> None:
    sys.stdout.write(f"[db] {message}\n")
    sys.stdout.flush()


def fail(message: str) -> None:
    sys.stderr.write(f"[db] {message}\n")
    sys.exit(1)


def connects(url: str) -> bool:
    try:
        with psycopg.connect(_libpq_url(url), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _libpq_url(url: str) -> str:
    """dj-database-url spells the scheme `postgres://`; libpq accepts both, but normalise."""
    return url.replace("postgres://", "postgresql://", 1)


def _with_database(url: str, name: str) -> str:
    config = dj_database_url.parse(url)
    host = quote(config["HOST"] or "", safe="")
    user = quote(config["USER"] or "", safe="")
    password = f":{quote(config['PASSWORD'], safe='')}" if config["PASSWORD"] else ""
    port = f":{config['PORT']}" if config["PORT"] else ""
    return f"postgresql://{user}{password}@{host}{port}/{name}"


def ensure_database(url: str) -> None:
    """Create the database named in `url` when the server has no such database yet."""
    if connects(url):
        return
    name = dj_database_url.parse(url)["NAME"]
    maintenance = _with_database(url, "postgres")
    try:
        with psycopg.connect(_libpq_url(maintenance), connect_timeout=3, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                say(f"created database {name}")
    except psycopg.Error as error:
        fail(f"cannot reach or create the database at {_redacted(url)}: {error}")


def _redacted(url: str) -> str:
    config = dj_database_url.parse(url)
    host, port = config["HOST"] or "localhost", config["PORT"] or 5432
    return f"{config['USER']}@{host}:{port}/{config['NAME']}"


def local_server_url() -> str | None:
    """A server on localhost that accepts us without a password and lets us create databases."""
    host = os.environ.get("PMPORTAL_PGHOST", "127.0.0.1")
    port = os.environ.get("PMPORTAL_PGPORT", "5432")
    for user in dict.fromkeys(["postgres", getpass.getuser()]):
        maintenance = f"postgresql://{quote(user)}@{host}:{port}/postgres"
        try:
            with psycopg.connect(maintenance, connect_timeout=2) as conn:
                row = conn.execute(
                    "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user"
                ).fetchone()
        except psycopg.Error:
            continue
        if row and row[0]:
            return f"postgresql://{quote(user)}@{host}:{port}/{DB_NAME}"
    return None


def _server_binary(name: str) -> str | None:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_major_version)
    if candidates:
        return candidates[-1]
    return shutil.which(name)


def _major_version(path: str) -> int:
    try:
        return int(Path(path).parent.parent.name)
    except ValueError:
        return 0


def _as_cluster_owner(command: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *command] if owner else command


def local_cluster_url() -> str:
    """Create (once) and start the project-local cluster; return its URL."""
    initdb, pg_ctl = _server_binary("initdb"), _server_binary("pg_ctl")
    if not initdb or not pg_ctl:
        fail(
            "No PostgreSQL server found: DATABASE_URL is not set, nothing answers on "
            "127.0.0.1:5432 and initdb/pg_ctl are not installed.\n"
            "Install the server (it brings pg_trgm, which search needs):\n"
            "  Debian/Ubuntu: sudo apt-get install postgresql\n"
            "  macOS:         brew install postgresql@16\n"
            "or point DATABASE_URL at a server you have."
        )
    socket_path = SOCKET_DIR / ".s.PGSQL.5432"
    if len(str(socket_path)) > MAX_SOCKET_PATH:
        fail(f"The project path is too long for a PostgreSQL socket ({socket_path}).")

    # initdb and pg_ctl refuse to run as root: run them as the `postgres` system user.
    owner = None
    if os.geteuid() == 0:
        try:
            owner_entry = pwd.getpwnam("postgres")
        except KeyError:
            fail("Running as root and there is no `postgres` user to own the local cluster.")
        owner = owner_entry.pw_name
        probe = subprocess.run(["runuser", "-u", owner, "--", "test", "-x", str(ROOT)], check=False)
        if probe.returncode != 0:
            fail(
                f"The `postgres` user cannot reach {ROOT}: make every parent folder "
                "traversable (chmod o+x) or set DATABASE_URL."
            )

    SOCKET_DIR.mkdir(parents=True, exist_ok=True)
    if owner:
        shutil.chown(PGDATA, owner_entry.pw_uid, owner_entry.pw_gid)
        for path in PGDATA.rglob("*"):
            shutil.chown(path, owner_entry.pw_uid, owner_entry.pw_gid)

    if not (CLUSTER_DIR / "PG_VERSION").exists():
        say(f"creating a project-local PostgreSQL cluster in {CLUSTER_DIR}")
        subprocess.run(
            _as_cluster_owner(
                [
                    initdb,
                    "-D",
                    str(CLUSTER_DIR),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ],
                owner,
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    status = subprocess.run(
        _as_cluster_owner([pg_ctl, "-D", str(CLUSTER_DIR), "status"], owner),
        check=False,
        stdout=subprocess.DEVNULL,
    )
    if status.returncode != 0:
        say("starting the project-local PostgreSQL cluster")
        options = f"-c listen_addresses='' -c unix_socket_directories='{SOCKET_DIR}'"
        subprocess.run(
            _as_cluster_owner(
                [pg_ctl, "-D", str(CLUSTER_DIR), "-l", str(LOG_FILE), "-o", options, "-w", "start"],
                owner,
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return f"postgresql://postgres@{quote(str(SOCKET_DIR), safe='')}/{DB_NAME}"


def uses_local_cluster(url: str) -> bool:
    return dj_database_url.parse(url)["HOST"] == str(SOCKET_DIR)


def write_env(updates: dict[str, str]) -> None:
    """Merge `updates` into `.env`, keeping whatever else the developer put there."""
    values = {k: v for k, v in dotenv_values(ENV_FILE).items() if v is not None}
    if all(values.get(k) == v for k, v in updates.items()):
        return
    values.update(updates)
    lines = ["# Written by `make` (scripts/prepare_db.py); git-ignored. Edit freely."]
    lines += [f"{key}={value}" for key, value in values.items()]
    ENV_FILE.write_text("\n".join(lines) + "\n")


def resolve() -> str:
    from_environment = os.environ.get("DATABASE_URL")
    if from_environment:
        say(f"using DATABASE_URL from the environment ({_redacted(from_environment)})")
        ensure_database(from_environment)
        return from_environment

    recorded = dotenv_values(ENV_FILE).get("DATABASE_URL") if ENV_FILE.exists() else None
    if recorded:
        if uses_local_cluster(recorded):
            local_cluster_url()
        if connects(recorded):
            return recorded
        if connects(_with_database(recorded, "postgres")):
            ensure_database(recorded)
            return recorded
        say(f"the database recorded in .env ({_redacted(recorded)}) does not answer; looking again")

    url = local_server_url()
    if url:
        say(f"using the PostgreSQL server on localhost ({_redacted(url)})")
    else:
        url = local_cluster_url()
        say("using the project-local cluster in .pgdata/")
    ensure_database(url)
    return url


def main() -> None:
    url = resolve()
    updates = {"DATABASE_URL": url}
    recorded = dotenv_values(ENV_FILE) if ENV_FILE.exists() else {}
    # A checkout prepared by make is a development checkout: debug on and a secret of its own,
    # so that plain `manage.py <command>` works. Production sets its variables itself, and
    # the real environment always wins over .env (`make serve` turns debug off that way).
    if "DJANGO_DEBUG" not in recorded:
        updates["DJANGO_DEBUG"] = "1"
    if not recorded.get("DJANGO_SECRET_KEY"):
        updates["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    write_env(updates)


if __name__ == "__main__":
    main()
