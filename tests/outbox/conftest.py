"""A real SMTP server (aiosmtpd) and a real task worker process for the outbox tests."""

import subprocess
import sys
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from tests.production import database_url, free_ports, production_env

ROOT = Path(__file__).resolve().parents[2]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


BUSY = "451 4.3.0 Mailbox busy, try again later"


class Inbox:
    """aiosmtpd handler: while `rcpt_refusal` is set, every recipient gets that answer (BUSY for
    a temporary 451, or a 5xx); while `data_refusal` is set, the message gets that answer."""

    def __init__(self) -> None:
        self.rcpt_refusal: str | None = None
        self.data_refusal: str | None = None
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_refusal:
            return self.rcpt_refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_refusal:
            return self.data_refusal
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


class SmtpServer:
    """Started on a free port only when asked: until then, connections are refused."""

    def __init__(self) -> None:
        (self.port,) = free_ports(1)
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def database_queue(settings):
    """Tasks go to the queue table, as in production, instead of running at once."""
    settings.TASKS = DATABASE_QUEUE


def worker_env(smtp_port: int, **extra: str) -> dict[str, str]:
    """A production process on the test database, sending to the test SMTP server."""
    return production_env(
        with_static=False,
        DATABASE_URL=database_url(connection.settings_dict),
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        PMPORTAL_MAIL_RETRY_SECONDS="1",
        **extra,
    )


def run_worker(smtp_port: int) -> str:
    """`manage.py db_worker --batch`: run every task that is due, then exit."""
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=worker_env(smtp_port),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr
