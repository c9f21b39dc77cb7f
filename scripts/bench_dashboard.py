"""Benchmark the owner's dashboard at scale: `make bench-dashboard`.

Uses its own database (default `pmportal_bench_dashboard`): 500,000 synthetic members
(seed_members), the demo content, and 5,000,000 synthetic events (seed_events), each step
skipped when already done. Then requests /dashboard/ as a staff member through Django's test
client for each period, several rounds, and prints p50/p95 of the server-side time and the
query count. Figures go to docs/performance.md by hand, with the machine and the date.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import benchlib  # noqa: E402

benchlib.production_environment()

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
PERIODS = ["days=7", "days=30", "days=90", "days=custom&start={year_ago}&end={today}"]


def prepare() -> None:
    benchlib.prepare()


def measure() -> list[tuple[str, float, float, float, int]]:
    """Per period: the cold computation (what refresh_dashboard does), then warm requests."""
    import datetime as dt

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from insights import figures
    from members.models import User

    staff, _ = User.objects.get_or_create(
        email="bench-staff@example.org", defaults={"is_staff": True}
    )
    client = Client()
    client.force_login(staff)
    today = timezone.now().date()
    year_ago = today - dt.timedelta(days=364)
    rows = []
    for template in PERIODS:
        query = template.format(today=today, year_ago=year_ago)
        period = (
            figures.Period.between(year_ago, today)
            if "custom" in query
            else figures.Period.last_days(int(query.removeprefix("days=")))
        )
        started = time.perf_counter()
        figures.snapshot(period, refresh=True)
        cold = (time.perf_counter() - started) * 1000
        timings, queries = [], 0
        for _ in range(ROUNDS):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(f"/dashboard/?{query}")
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"/dashboard/?{query} answered {response.status_code}")
            queries = len(captured)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        label = "365 (custom)" if "custom" in query else query.removeprefix("days=")
        rows.append((label, cold, statistics.median(timings), p95, queries))
    return rows


def main() -> None:
    prepare()
    from django.db import connection

    from faq.models import SearchLog
    from members.models import User
    from resources.models import DownloadEvent

    rows = measure()
    sys.stdout.write(
        f"\nDashboard at {User.objects.count():,} members, {DownloadEvent.objects.count():,} "
        f"downloads and {SearchLog.objects.count():,} searches "
        f"({connection.settings_dict['NAME']}), "
        f"{ROUNDS} rounds each, server-side time through Django's test client:\n\n"
        "| period (days) | computing the snapshot, ms | request p50 ms | request p95 ms | "
        "queries per request |\n|---|---:|---:|---:|---:|\n"
    )
    for period, cold, p50, p95, queries in rows:
        sys.stdout.write(f"| {period} | {cold:.0f} | {p50:.1f} | {p95:.1f} | {queries} |\n")


if __name__ == "__main__":
    main()
