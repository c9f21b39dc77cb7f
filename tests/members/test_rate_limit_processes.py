"""Rate limits hold across server processes: a brute force against 3 gunicorn workers that
share the production (database) cache gets exactly 5 password checks for one address.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

from tests.factories import MemberFactory
from tests.production import database_url, ensure_cache_table, free_ports, production_env

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.django_db(transaction=True)


class Browser:
    """Just enough of a browser: keeps cookies (Secure ones too, as this is plain HTTP)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: dict | None = None, headers: dict | None = None
    ) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        text = response.read().decode()
        conn.close()
        return response.status, text


@pytest.fixture
def gunicorn(tmp_path):
    # The production cache table, in the test database the workers will use.
    ensure_cache_table()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_cache")  # counters left by an earlier run
    (port,) = free_ports()
    env = production_env(
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_CONN_MAX_AGE="0",
        DATABASE_URL=database_url(connection.settings_dict),
        EMAIL_URL="locmem:",
    )
    log = tmp_path / "gunicorn.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [
                str(GUNICORN),
                "pmportal.wsgi",
                "-w",
                "3",
                "-b",
                f"127.0.0.1:{port}",
                "-c",
                "/dev/null",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.2)
            yield port
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
            sys.stderr.write(log.read_text()[-3000:])  # shown by pytest only on failure


def test_failed_sign_ins_are_counted_across_worker_processes(gunicorn):
    MemberFactory(email="target@example.org")
    verdicts = []
    for attempt in range(12):
        browser = Browser(gunicorn)  # a fresh client each time: only the address links them
        status, page = browser.request("GET", "/accounts/login/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, page = browser.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token,
                "login": "target@example.org",
                "password": f"x{attempt}",
            },
        )
        verdicts.append("too many" in page.lower())
    # login_failed is "5/300s/key": five real checks, whichever worker took them, then refusal.
    assert verdicts == [False] * 5 + [True] * 7
