"""gunicorn settings for `make serve` and production (override with GUNICORN_CMD_ARGS)."""

import gc
import multiprocessing
import os

# Sync workers: our views are short and database-bound. (2 x cores) + 1 is gunicorn's advice.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 30
# Recycle workers now and then so a slow leak can never take a server down. Not more often:
# a new worker costs ~0.8 s of CPU to boot (measured 2 Dec), so at 2,000 requests it was
# 0.4 ms of every request, and under `make bench` a wave of five restarts took half the
# machine for the 3 s window it fell in.
max_requests = 20000
max_requests_jitter = 2000
# One JSON line per request on stdout, for the log collector.
accesslog = "-"
access_log_format = (
    '{"event": "request", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s, "agent": "%(a)s"}'
)
errorlog = "-"
# gunicorn 27 opens a control socket under ~/.gunicorn/ by default; we manage workers with signals.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker) -> None:
    """Load the URLconf, every view module and the base templates before the worker accepts its
    first request. Django loads them lazily; on a busy 2-core machine that made the first
    request of each new worker (after a start, a SIGHUP reload or a max_requests recycle) take
    0.3-3 s instead of milliseconds."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    for name in ("base.html", "404.html", "503.html"):
        get_template(name)
    # What is loaded by now lives as long as the worker: keep it out of the collector's full
    # passes. Each walked it all, ~60 ms once in ~270 directory requests (measured in one
    # process on the 500,000-member bench; none in 270 after freezing).
    gc.freeze()
