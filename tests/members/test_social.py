"""Social sign-in, switched on by environment variables (checked in a fresh interpreter)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.production import database_url, production_env

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client()
login = client.get("/accounts/login/").content.decode()
google = client.post("/accounts/google/login/?process=login&next=/faq/")
print(json.dumps({
    "google_button": "Continue with Google" in login,
    "linkedin_button": "Continue with LinkedIn" in login,
    "google_redirect": google.get("Location", ""),
}))
"""

pytestmark = pytest.mark.django_db(transaction=True)


def probe(**env: str) -> dict:
    environment = production_env(
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url(connection.settings_dict),
        EMAIL_URL="locmem:",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_providers_are_off_by_default():
    found = probe()
    assert not found["google_button"] and not found["linkedin_button"]


def test_providers_appear_and_google_redirects_with_our_client_id():
    found = probe(
        GOOGLE_OAUTH_CLIENT_ID="google-client-123",
        GOOGLE_OAUTH_CLIENT_SECRET="s",
        LINKEDIN_OIDC_CLIENT_ID="linkedin-client-456",
        LINKEDIN_OIDC_CLIENT_SECRET="s",
    )
    assert found["google_button"] and found["linkedin_button"]
    assert found["google_redirect"].startswith("https://accounts.google.com/")
    assert "client_id=google-client-123" in found["google_redirect"]
