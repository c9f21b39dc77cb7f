"""`manage.py seed_events --count 5000000`: synthetic downloads, searches and sign-ins.

For benchmarks only (the dashboard at 500,000 members and millions of events): it refuses to
run on a database whose name does not contain "bench" unless --force is given, because synthetic
events cannot be told apart from real ones afterwards.
"""

import datetime as dt
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from faq.models import SearchLog
from insights.models import ActivityEvent
from members.models import User
from resources.models import DownloadEvent, Resource

# Realistic searches, common first (Zipf-weighted), including typos and wordings with no answer.
QUERIES = [
    ("roadmap", 6), ("product manager", 5), ("okrs", 4), ("impostor syndrome", 3),
    ("first 90 days", 4), ("mentor", 3), ("kpi", 4), ("product vs project manager", 3),
    ("rodmap", 1), ("imposter syndrom", 1), ("metrics", 3), ("product marketing", 2),
    ("salary negotiation", 0), ("pm salary", 0), ("certification cost", 0), ("certifcation", 0),
    ("remote pm jobs", 0), ("jira templates", 0), ("pricing", 2), ("thought leader", 2),
]  # fmt: skip
BATCH = 50_000


class Command(BaseCommand):
    help = "Generate synthetic download, search and activity events with COPY (benchmarks only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=5_000_000, help="Events in all.")
        parser.add_argument("--days", type=int, default=365, help="Spread over this many days.")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--force", action="store_true", help="Run on a non-bench database.")

    def handle(self, *args, **options) -> None:
        name = connection.settings_dict["NAME"]
        if "bench" not in name and not options["force"]:
            raise CommandError(
                f"Refusing to add synthetic events to {name!r}: use a benchmark database "
                "(its name contains 'bench') or pass --force."
            )
        rng = random.Random(options["seed"])  # noqa: S311  (synthetic data, not secrets)
        members = list(User.objects.values_list("pk", flat=True)[:500_000])
        resources = list(Resource.objects.values_list("pk", flat=True))
        if not members or not resources:
            raise CommandError("Seed members (seed_members) and load the demo content first.")
        total = options["count"]
        now = dt.datetime.now(dt.UTC)
        span = options["days"] * 86400
        weights = [w or 0.5 for _, w in QUERIES]
        results = {q: (w * 3 if w else 0) for q, w in QUERIES}
        kinds = list(ActivityEvent.Kind.values)

        def moment() -> str:
            # Skewed towards recent days, as traffic on a growing site is.
            return (now - dt.timedelta(seconds=int(span * rng.random() ** 1.5))).isoformat()

        def download() -> tuple:
            return (rng.choice(resources), rng.choice(members), "", "browser", moment())

        def search() -> tuple:
            query = rng.choices(QUERIES, weights)[0][0]
            return (query, results[query], rng.random() < 0.3, moment())

        def activity() -> tuple:
            return (rng.choice(kinds), rng.choice(members), moment())

        downloads, searches = total // 2, total * 2 // 5
        plan = [
            (DownloadEvent, ["resource_id", "member_id", "visitor_key", "user_agent_class",
                             "created_at"], downloads, download),
            (SearchLog, ["query", "results", "signed_in", "created_at"], searches, search),
            (ActivityEvent, ["kind", "user_id", "created_at"], total - downloads - searches,
             activity),
        ]  # fmt: skip
        started = time.monotonic()
        done = 0
        for model, columns, count, make_row in plan:
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(model._meta.db_table),
                sql.SQL(", ").join(map(sql.Identifier, columns)),
            )
            with connection.cursor() as cursor, cursor.copy(statement) as copy:
                for index in range(count):
                    copy.write_row(make_row())
                    if (index + 1) % BATCH == 0:
                        done += BATCH
                        self._progress(done, total, started)
            done += count % BATCH
        with connection.cursor() as cursor:
            for model, _, _, _ in plan:
                cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(model._meta.db_table)))
        self._progress(total, total, started)
        self.stdout.write(f"\n{total:,} events in {time.monotonic() - started:.0f} s.")

    def _progress(self, done: int, total: int, started: float) -> None:
        width = 30
        filled = int(width * done / total)
        rate = done / max(time.monotonic() - started, 0.001)
        bar = "#" * filled + "-" * (width - filled)
        self.stdout.write(f"\r[{bar}] {done:,}/{total:,} ({rate:,.0f}/s)", ending="")
        self.stdout.flush()
