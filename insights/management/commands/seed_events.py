"""`manage.py seed_events --count 5000000`: synthetic downloads, searches and sign-ins, for the
dashboard benchmark only. It refuses a database whose name lacks "bench" unless --force is given:
synthetic events cannot be told apart from real ones afterwards."""

import datetime as dt
import json
import random
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from faq.models import SearchLog
from insights.models import ActivityEvent
from members.models import User
from members.seeding import copy_rows, progress_bar
from resources.models import DownloadEvent, Resource

# Realistic searches as [wording, weight], common first (Zipf-like), typos included; weight 0 is
# a wording with no answer (drawn as 0.5, logged as finding nothing).
SEARCHES_FILE = Path(__file__).parents[2] / "data" / "seed_searches.json"
BATCH = 50_000


class Command(BaseCommand):
    help = "Generate synthetic download, search and activity events with COPY (benchmarks only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=5_000_000, help="Events in all.")
        parser.add_argument("--days", type=int, default=365, help="Spread over this many days.")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--force", action="store_true", help="Run on a non-bench database.")

    def handle(self, *args, count: int, days: int, seed: int, force: bool, **options) -> None:
        if "bench" not in (name := connection.settings_dict["NAME"]) and not force:
            raise CommandError(
                f"Refusing to add synthetic events to {name!r}: use a benchmark database "
                "(its name contains 'bench') or pass --force."
            )
        rng = random.Random(seed)  # noqa: S311  (synthetic data, not secrets)
        members = list(User.objects.values_list("pk", flat=True)[:500_000])
        resources = list(Resource.objects.values_list("pk", flat=True))
        if not members or not resources:
            raise CommandError("Seed members (seed_members) and load the demo content first.")
        now, span = dt.datetime.now(dt.UTC), days * 86400
        queries = json.loads(SEARCHES_FILE.read_text(encoding="utf-8"))
        weights = [w or 0.5 for _, w in queries]
        kinds = list(ActivityEvent.Kind.values)

        def moment() -> dt.datetime:  # skewed towards recent days, as on a growing site
            return now - dt.timedelta(seconds=int(span * rng.random() ** 1.5))

        def search() -> tuple:
            query, weight = rng.choices(queries, weights)[0]
            return (query, weight * 3, rng.random() < 0.3, moment())

        downloads, searches = count // 2, count * 2 // 5
        plan = [
            (DownloadEvent, ["resource_id", "member_id", "visitor_key", "user_agent_class",
                             "created_at"], downloads,
             lambda: (rng.choice(resources), rng.choice(members), "", "browser", moment())),
            (SearchLog, ["query", "results", "signed_in", "created_at"], searches, search),
            (ActivityEvent, ["kind", "user_id", "created_at"], count - downloads - searches,
             lambda: (rng.choice(kinds), rng.choice(members), moment())),
        ]  # fmt: skip
        progress, done = progress_bar(self.stdout, "seeding events"), 0
        for model, columns, rows, make_row in plan:
            for start in range(0, rows, BATCH):
                copy_rows(model, columns, (make_row() for _ in range(min(BATCH, rows - start))))
                done += min(BATCH, rows - start)
                progress(done, count)
        with connection.cursor() as cursor:
            for model, *_ in plan:
                cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(model._meta.db_table)))
