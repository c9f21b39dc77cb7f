"""Django's PostgreSQL backend (psycopg 3), with a cheaper connection health check.

With `CONN_HEALTH_CHECKS`, Django sends `SELECT 1` before the first query of every request, so
that a persistent connection the server dropped (a restart, a failover, a terminated backend)
is replaced instead of failing the request. That is a round trip on every request: ~0.5 ms of
a directory search, measured in a request. A connection the server dropped has its socket
readable (the server's goodbye message, or end of file), while a healthy idle connection has
nothing to read; so the kernel is asked first (`poll` with no wait), and only a readable
socket gets Django's full check.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None or self.connection.closed or self.connection.broken:
            return False
        # poll(), not select(): select() cannot watch descriptors past 1023.
        poller = select.poll()
        poller.register(self.connection.fileno(), select.POLLIN | select.POLLPRI)
        # Anything on an idle connection (a goodbye, end of file, an error, a notice):
        # Django's full check.
        return super().is_usable() if poller.poll(0) else True
