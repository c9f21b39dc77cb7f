"""Two production app servers (gunicorn, DEBUG off, the shared database cache) on the test
database, for the scale-out, concurrency and backup tests. Started once per session, stopped
by PID."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import benchlib  # noqa: E402

from tests.production import database_url, free_ports, production_env  # noqa: E402


def server_environment(media_root: Path) -> dict[str, str]:
    """What a deployment's app servers share: database, secret, media folder; nginx in front
    (one trusted proxy, so each visitor's X-Forwarded-For address counts for rate limits)."""
    return production_env(
        DATABASE_URL=database_url(connection.settings_dict),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        EMAIL_URL="locmem:",
        MEDIA_ROOT=str(media_root),
        ALLAUTH_TRUSTED_PROXY_COUNT="1",
        WEB_CONCURRENCY="3",
    )


@pytest.fixture
def shared_cache_cleared():
    """The servers' cache table outlives a test (flush leaves it): empty it, like a new site."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_cache")


@pytest.fixture(scope="session")
def app_servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two gunicorn servers sharing PostgreSQL, the database cache and the media folder.
    Yields (ports, media root)."""
    media_root = tmp_path_factory.mktemp("shared-media")
    env = server_environment(media_root)
    with django_db_blocker.unblock():
        # Test settings use a per-process cache; the servers use the database cache table.
        subprocess.run(
            [sys.executable, "manage.py", "createcachetable"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
    log = tmp_path_factory.mktemp("logs") / "gunicorn.log"
    ports = free_ports(2)
    servers = [benchlib.start_server(benchlib.gunicorn_command(port), env, log) for port in ports]
    try:
        for port in ports:
            benchlib.wait_healthy(port, seconds=60)
        yield ports, media_root
    finally:
        for server in servers:
            benchlib.stop(server)


@pytest.fixture
def shared_media(app_servers, settings) -> Path:
    """This test process stores files where the servers read them (their MEDIA_ROOT)."""
    _, media_root = app_servers
    settings.MEDIA_ROOT = media_root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media_root, "base_url": "/media-not-served/"},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media_root / "resources", "base_url": None},
        },
    }
    return media_root
