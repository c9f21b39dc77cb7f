"""Synthetic downloads, searches and sign-ins for the dashboard benchmark (benchlib.prepare).

Written with COPY, skewed towards recent days; synthetic events cannot be told apart from real
ones afterwards, so this runs only on a benchmark database.
"""

import datetime as dt
import random
import sys
import time

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


def seed_events(*, count: int, days: int = 365, seed: int = 42) -> None:
    """`count` events over the last `days` days: half downloads, 40% searches, the rest sign-ins
    and directory visits."""
    rng = random.Random(seed)  # noqa: S311  (synthetic data, not secrets)
    members = list(User.objects.values_list("pk", flat=True)[:500_000])
    resources = list(Resource.objects.values_list("pk", flat=True))
    if not members or not resources:
        raise RuntimeError("Seed members (seed_members) and load the demo content first.")
    now = dt.datetime.now(dt.UTC)
    span = days * 86400
    weights = [w or 0.5 for _, w in QUERIES]
    results = {q: (w * 3 if w else 0) for q, w in QUERIES}
    kinds = list(ActivityEvent.Kind.values)

    def moment() -> str:
        return (now - dt.timedelta(seconds=int(span * rng.random() ** 1.5))).isoformat()

    def download() -> tuple:
        return (rng.choice(resources), rng.choice(members), "", "browser", moment())

    def search() -> tuple:
        query = rng.choices(QUERIES, weights)[0][0]
        return (query, results[query], rng.random() < 0.3, moment())

    def activity() -> tuple:
        return (rng.choice(kinds), rng.choice(members), moment())

    downloads, searches = count // 2, count * 2 // 5
    plan = [
        (DownloadEvent, ["resource_id", "member_id", "visitor_key", "user_agent_class",
                         "created_at"], downloads, download),
        (SearchLog, ["query", "results", "signed_in", "created_at"], searches, search),
        (ActivityEvent, ["kind", "user_id", "created_at"], count - downloads - searches,
         activity),
    ]  # fmt: skip
    started, done = time.monotonic(), 0
    for model, columns, rows, make_row in plan:
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for index in range(rows):
                copy.write_row(make_row())
                if (index + 1) % BATCH == 0:
                    done += BATCH
                    sys.stdout.write(f"\r{done:,}/{count:,} events")
        done += rows % BATCH
    with connection.cursor() as cursor:
        for model, *_ in plan:
            cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(model._meta.db_table)))
    sys.stdout.write(f"\r{count:,} events in {time.monotonic() - started:.0f} s.\n")
