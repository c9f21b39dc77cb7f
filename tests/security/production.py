"""Run code under the real production settings in a fresh interpreter, against the test database."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.core.management import call_command
from django.db import connection
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return (
        f"postgresql://{quote(db['USER'] or '')}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def production_env() -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "pmportal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "security-tests-" + "y" * 40,
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "DJANGO_CONN_MAX_AGE": "0",
        "DATABASE_URL": test_database_url(),
        "EMAIL_URL": "locmem:",
        "REDIS_URL": "",
    }


def ensure_cache_table() -> None:
    """Production settings cache in the database: the test database needs the table."""
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "django_cache",
            }
        }
    ):
        call_command("createcachetable", verbosity=0)


def run(*args: str) -> subprocess.CompletedProcess:
    ensure_cache_table()
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )


def run_json(code: str):
    result = run("-c", code)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
