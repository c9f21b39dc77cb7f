"""Counted member actions, written in batches off the request path.

A directory search or a mentor page counts itself for the owner's dashboard. Written in the
request, that was one more round trip and commit on most searches (~0.5 ms of ~15). Instead
each server process keeps the rows it counted (kind, member, time of the action) and a
background thread writes them in one statement every `ACTIVITY_WRITE_SECONDS` (2 by
default), and at exit. The dashboard sees a count that late; a process that dies without
exiting (a crash, a SIGKILL) loses its last seconds of counts, nothing else. A row whose
account was deleted meanwhile is written without the member, as deleting an account does to
the rows already written. The same statement (`write_rows`) writes a single row at once when
ACTIVITY_WRITE_SECONDS is 0, as in the tests.
"""

import atexit
import datetime as dt
import logging
import os
import threading
import time

from django.db import DatabaseError, connections, router

logger = logging.getLogger(__name__)

# Rows held when the database cannot take them (it is down): beyond this the oldest go.
MAX_PENDING = 50_000

# One statement for any number of rows; a member deleted since is left out of the row, not the
# batch. Both statements travel in one message, which PostgreSQL runs as one transaction: the
# SET LOCAL (commit without waiting for the disk) covers this insert and nothing else.
WRITE_SQL = """
SET LOCAL synchronous_commit TO OFF;
INSERT INTO pmportal_activityevent (kind, user_id, created_at)
SELECT v.kind, u.id, v.created_at
FROM unnest(%s::text[], %s::bigint[], %s::timestamptz[]) AS v(kind, user_id, created_at)
LEFT JOIN members_user AS u ON u.id = v.user_id
"""


def write_rows(alias: str, rows: list[tuple[str, int | None, dt.datetime]]) -> None:
    """Insert (kind, user id, moment) rows into the activity table of database `alias`."""
    kinds, users, moments = (list(column) for column in zip(*rows, strict=True))
    with connections[alias].cursor() as cursor:
        cursor.execute(WRITE_SQL, [kinds, users, moments])


class ActivityWriter:
    """The rows this process counted and the thread that writes them."""

    def __init__(self, model, interval: float) -> None:
        self.model = model
        self.interval = interval
        self._rows: list[tuple[str, int | None, dt.datetime]] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def add(self, kind: str, user_id: int | None, moment: dt.datetime) -> None:
        with self._lock:
            self._rows.append((kind, user_id, moment))
            # A forked process (gunicorn workers) inherits this object, not its thread.
            if self._pid != os.getpid() or self._thread is None or not self._thread.is_alive():
                self._pid = os.getpid()
                self._thread = threading.Thread(
                    target=self._run, name="activity-writer", daemon=True
                )
                self._thread.start()

    def pending(self) -> int:
        with self._lock:
            return len(self._rows)

    def _run(self) -> None:
        while True:  # a daemon thread: it ends with the process (`writer` writes at exit)
            time.sleep(self.interval)
            self.write()

    def write(self) -> None:
        """Write what is held now, in one statement (any thread; the main one at exit)."""
        with self._lock:
            rows, self._rows = self._rows, []
        if not rows:
            return
        alias = router.db_for_write(self.model)
        try:
            write_rows(alias, rows)
        except DatabaseError:
            logger.warning("activity counts not written, kept for later", exc_info=True)
            with self._lock:
                self._rows = (rows + self._rows)[-MAX_PENDING:]
        finally:
            # Outside a request nothing else closes this thread's connection; a new one each
            # time also survives a database restart without a health check of its own.
            if threading.current_thread() is not threading.main_thread():
                connections[alias].close()


_writers: dict[str, ActivityWriter] = {}


def writer(model, interval: float) -> ActivityWriter:
    """The process's writer for `model` (created on first use, written at exit)."""
    key = model._meta.label
    if key not in _writers:
        _writers[key] = ActivityWriter(model, interval)
        atexit.register(_writers[key].write)
    return _writers[key]
