"""Work the `django.tasks` worker runs for the insights app."""

import time

from crontask import cron
from django.tasks import task

from insights import figures


# Every 5 minutes: the dashboard's cached figures are at most that old (the scheduler enqueues it).
@cron("*/5 * * * *")
@task
def refresh_dashboard() -> list[tuple[int, float]]:
    """Recompute each preset period's snapshot, so no request waits for it (safe to run any
    time). Returns the seconds each period took."""
    timings = []
    for days in figures.PRESET_DAYS:
        started = time.monotonic()
        figures.snapshot(figures.Period.last_days(days), refresh=True)
        timings.append((days, round(time.monotonic() - started, 3)))
    return timings
