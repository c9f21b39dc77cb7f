"""Run our code in a fresh process with the environment a production deploy would have.

Settings are computed once at import, so production behaviour (manifest static files, secure
cookies, __Host- names, HSTS) can only be observed in a new interpreter or server process.
"""

import os
import socket
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]


@cache
def collected_static_root() -> str:
    """collectstatic once per test session: DEBUG-off pages need the hashed-name manifest."""
    folder = tempfile.mkdtemp(prefix="pmportal-static-")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=folder, with_static=False),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"collectstatic failed: {result.stderr[-2000:]}")
    return folder


def database_url(settings_dict: dict, *, name: str | None = None) -> str:
    """A libpq URL for the database `settings_dict` describes (or another on the same server)."""
    user = quote(settings_dict["USER"] or "", safe="")
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict["PASSWORD"] else ""
    host = quote(settings_dict["HOST"] or "127.0.0.1", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgresql://{user}{password}@{host}{port}/{name or settings_dict['NAME']}"


def production_env(*, with_static: bool = True, **overrides: str) -> dict[str, str]:
    """The process environment minus the test run's DJANGO_* and pytest variables, plus
    production settings. Pass DATABASE_URL (and anything else) as keyword arguments."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "pmportal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 20 + "a-long-and-random-looking-production-secret-for-tests",
        "DJANGO_ALLOWED_HOSTS": "portal.example.org,testserver,127.0.0.1",
        "EMAIL_URL": "smtp://mail.example.org:587?tls=1",
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/unused",
        "REDIS_URL": "",
    }
    if with_static:
        env["STATIC_ROOT"] = collected_static_root()
    env.update(overrides)
    return env


def free_ports(count: int = 1) -> tuple[int, ...]:
    """Ports the OS says are free on 127.0.0.1, for test servers started in a subprocess."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return tuple(sock.getsockname()[1] for sock in sockets)
    finally:
        for sock in sockets:
            sock.close()


def ensure_cache_table() -> None:
    """Production settings cache in the database: the test database needs the table."""
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "django_cache",
            }
        }
    ):
        call_command("createcachetable", verbosity=0)
