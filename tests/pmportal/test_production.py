"""Production settings, checked in a fresh interpreter with the environment a deploy would have."""

import json
import subprocess
import sys

from django.db import connection

from tests.production import ROOT, database_url, production_env

PRODUCTION_ENV = {"DJANGO_ALLOWED_HOSTS": "portal.example.org"}


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run our Python in a clean process with production settings (tests/production.py)."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=production_env(with_static=False, **env),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return run("-c", code, **env)


def test_settings_refuse_to_start_without_a_secret_in_production():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_settings_refuse_to_start_without_allowed_hosts_in_production():
    env = {**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": ""}
    result = run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must list" in result.stderr


def reachable_database_url() -> str:
    """The server the tests use (its maintenance database): model checks of generated columns
    ask PostgreSQL for its version."""
    return database_url(connection.settings_dict, name="postgres")


def test_check_deploy_reports_nothing():
    env = {**PRODUCTION_ENV, "DATABASE_URL": reachable_database_url()}
    result = run("manage.py", "check", "--deploy", "--fail-level", "DEBUG", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


HEADERS_PROBE = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/healthz", secure=True, headers={"host": "portal.example.org"})
redirect = Client().get("/healthz", headers={"host": "portal.example.org"})
print(json.dumps({"status": response.status_code, "headers": dict(response.headers),
                  "redirect": [redirect.status_code, redirect.headers.get("Location")]}))
"""


def test_production_responses_carry_strict_security_headers():
    result = run_python(HEADERS_PROBE, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    headers = probe["headers"]
    assert probe["status"] == 503  # the probe has no database: headers still apply
    assert probe["redirect"] == [301, "https://portal.example.org/healthz"]
    assert headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp  # plus a nonce on pages that use one
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


COOKIES_PROBE = """
import django
django.setup()
from django.conf import settings
s = settings
print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,
      s.CSRF_COOKIE_NAME, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY)
"""


def test_production_cookies_are_secure_and_host_prefixed():
    result = run_python(COOKIES_PROBE, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "__Host-sessionid",
        "True",
        "True",
        "__Host-csrftoken",
        "True",
        "True",
    ]


def test_email_url_becomes_a_django_mailer():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "import json; print(json.dumps(settings.MAILERS))"
    )
    result = run_python(
        code, **{**PRODUCTION_ENV, "EMAIL_URL": "smtp://u%40x:p%2Fw@mail.example.org:587?tls=1"}
    )
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)["default"]["OPTIONS"]
    assert options["host"] == "mail.example.org"
    assert options["port"] == 587
    assert options["username"] == "u@x"
    assert options["password"] == "p/w"
    assert options["use_tls"] is True
