"""Production settings in a fresh interpreter against the test database (tests/production.py
builds the environment and collects static files once)."""

import json
import subprocess
import sys

from django.db import connection

from tests.production import ROOT, database_url, ensure_cache_table, production_env


def run(*args: str) -> subprocess.CompletedProcess:
    ensure_cache_table()
    env = production_env(
        DATABASE_URL=database_url(connection.settings_dict),
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        DJANGO_CONN_MAX_AGE="0",
        EMAIL_URL="locmem:",
    )
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )


def run_json(code: str):
    result = run("-c", code)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
