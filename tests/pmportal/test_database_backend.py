"""The connection health check (pmportal/postgresql/base.py): a healthy idle connection is
usable without a round trip; one the server dropped is not, and gets replaced."""

import select
import time

import pytest
from django.db import connection, connections
from django.db.backends.postgresql import base as django_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture
def spare():
    """A second connection to the test database, outside the test's transaction."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_our_backend_serves_the_site():
    assert connections["default"].vendor == "postgresql"
    assert type(connections["default"]).__module__ == "pmportal.postgresql.base"


def test_scans_start_at_the_first_page_so_facet_samples_stay_put():
    """Synchronized scans would start each scan of a big table where the last one stopped:
    the first 1,000 browsed members (and their facet counts) changed on every reload."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronize_seqscans")
        assert cursor.fetchone()[0] == "off"


def test_a_healthy_idle_connection_needs_no_round_trip(spare, monkeypatch):
    def select_one(self):
        raise AssertionError("asked the server")

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", select_one)
    assert spare.is_usable()


def test_a_connection_the_server_dropped_is_not_usable_and_is_replaced(spare):
    pid = spare.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while not select.select([spare.connection.fileno()], [], [], 0.05)[0]:
        assert time.monotonic() < deadline, "the server never closed the connection"
    assert not spare.is_usable()

    # What Django does before a request's first query: close it, then connect again.
    spare.health_check_enabled, spare.health_check_done = True, False
    spare.close_if_health_check_failed()
    with spare.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_healthy_connection_with_something_to_read_gets_the_full_check(spare, monkeypatch):
    with spare.cursor() as cursor:
        cursor.execute("LISTEN pmportal_probe")
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("NOTIFY pmportal_probe")
    finally:
        other.close()
    deadline = time.monotonic() + 5
    while not select.select([spare.connection.fileno()], [], [], 0.05)[0]:
        assert time.monotonic() < deadline, "the notification never arrived"
    asked = []
    full_check = django_postgresql.DatabaseWrapper.is_usable

    def select_one(self):
        asked.append(True)
        return full_check(self)

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", select_one)
    assert spare.is_usable() and asked
