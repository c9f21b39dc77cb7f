"""Benchmark the weekly digest at scale: `make bench-digest`.

Uses its own copy of the 500,000-member bench database (default `pmportal_bench_digest`, made
with `createdb -T pmportal_bench`, or seeded like the others when missing). Seeds once, with a
fixed seed: 20% of the members subscribed weekly, 5% agreeing to be suggested (2,000 of them
joined last week), last week's news (30 FAQ answers, 20 resources, 5,000 pending introductions,
1,000 mentoring requests). Then builds this week's digests in two worker processes (one per
core), each running the batch task's code on its share of the batches, and reports members per
second, mails queued, queries per batch and each worker's memory (RSS after every batch, and
its peak). Each run first forgets the previous run's sends and mails.
"""

import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import benchlib  # noqa: E402

os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/pmportal_bench_digest")
benchlib.production_environment()
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
SEED = 19


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


def seed() -> None:
    import datetime as dt

    from django.utils import timezone

    from digest.models import Frequency, Subscription
    from digest.services import period_of
    from faq.models import Category, Question
    from members.models import User
    from mentoring.models import Request
    from network.models import Introduction
    from resources.models import Resource

    if Subscription.objects.exists():
        return
    rng = random.Random(SEED)  # noqa: S311 - a reproducible seed, not a secret
    _, since, _ = period_of(Frequency.WEEKLY, timezone.now())
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(ids, len(ids) // 5)
    suggested = set(rng.sample(ids, len(ids) // 20))
    rows = [Subscription(member_id=pk, frequency=Frequency.WEEKLY, suggest_me=pk in suggested)
            for pk in chosen]  # fmt: skip
    rows += [Subscription(member_id=pk, suggest_me=True) for pk in suggested - set(chosen)]
    Subscription.objects.bulk_create(rows, batch_size=10_000)
    for step, pk in enumerate(rng.sample(sorted(suggested), 2_000)):
        User.objects.filter(pk=pk).update(date_joined=since + dt.timedelta(minutes=step))
    tags = ["pricing", "roadmapping", "stakeholder-management", "ab-testing", "north-star-metric",
            "data-science", "b2b-saas", "go-to-market", "hardware", "ux", "growth"]  # fmt: skip
    category, _ = Category.objects.get_or_create(slug="bench-digest", defaults={"name": "Bench"})
    for n in range(30):
        question = Question.objects.create(
            category=category, question=f"Bench question {n} about {tags[n % len(tags)]}?",
            slug=f"bench-digest-{n}", answer="An answer.", status="published",
            created_at=since + dt.timedelta(hours=n),
        )  # fmt: skip
        question.tags.set(rng.sample(tags, 2))
    Resource.objects.bulk_create(
        Resource(kind="ebook", title=f"Bench resource {n}", slug=f"bench-digest-{n}",
                 summary="A bench resource.", access="members", status="published",
                 published_on=since.date() + dt.timedelta(days=n % 7),
                 tag_slugs=rng.sample(tags, 2))
        for n in range(20)
    )  # fmt: skip
    Introduction.objects.bulk_create(
        [Introduction(sender_id=rng.choice(ids), recipient_id=rng.choice(chosen), reason="Hello",
                      created_at=timezone.now() - dt.timedelta(days=1)) for _ in range(5_000)],
        ignore_conflicts=True,
    )  # fmt: skip
    Request.objects.bulk_create(
        [Request(mentee_id=rng.choice(ids), mentor_id=rng.choice(chosen), goals=["Pricing"],
                 message="Hello", created_at=timezone.now() - dt.timedelta(days=1))
         for _ in range(1_000)],
        ignore_conflicts=True,
    )  # fmt: skip


def worker(index: int) -> None:
    """Child process: this worker's share of this week's batches, as the batch task runs them."""
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from digest import services
    from digest.models import Frequency
    from digest.tasks import BATCH

    period, since, until = services.period_of(Frequency.WEEKLY, timezone.now())
    bounds = services.batches(Frequency.WEEKLY, BATCH)[index::WORKERS]
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        for first_id, last_id in bounds:
            queries[0] = 0
            queued = services.digest_send_batch(
                frequency=Frequency.WEEKLY, period=period, since=since, until=until,
                first_id=first_id, last_id=last_id,
            )  # fmt: skip
            sys.stdout.write(f"{queued} {queries[0]} {rss_mb():.1f}\n")
            sys.stdout.flush()
    sys.stdout.write(f"peak {rss_mb('VmHWM'):.1f}\n")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        worker(int(sys.argv[2]))
        return
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from digest.models import Frequency, Send, Subscription
    from digest.services import period_of
    from members.models import User
    from outbox.models import Mail

    started = time.perf_counter()
    seed()
    sys.stdout.write(f"seeded in {time.perf_counter() - started:.0f} s\n")
    period, _, _ = period_of(Frequency.WEEKLY, timezone.now())
    Send.objects.filter(period=period).delete()
    Mail.objects.all().delete()
    subscribers = Subscription.objects.filter(frequency=Frequency.WEEKLY).count()
    load_before = os.getloadavg()
    started = time.perf_counter()
    children = [
        subprocess.Popen([sys.executable, __file__, "--worker", str(n)], stdout=subprocess.PIPE,
                         text=True)
        for n in range(WORKERS)
    ]  # fmt: skip
    outputs = [child.communicate()[0].splitlines() for child in children]
    elapsed = time.perf_counter() - started
    # On a shared machine the wall time says as much about the neighbours as about the code: the
    # workers' own CPU seconds (and PostgreSQL's share, not counted here) say what it costs.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    load_after = os.getloadavg()
    if any(child.returncode for child in children):
        raise SystemExit("a worker failed")
    rows = [line.split() for out in outputs for line in out if not line.startswith("peak")]
    peaks = [float(line.split()[1]) for out in outputs for line in out if line.startswith("peak")]
    rss = [
        [float(line.split()[2]) for line in out if not line.startswith("peak")] for out in outputs
    ]
    queued = sum(int(row[0]) for row in rows)
    queries = sorted(int(row[1]) for row in rows)
    sys.stdout.write(
        f"\nWeekly digest at {User.objects.count():,} members, {subscribers:,} subscribed, "
        f"{WORKERS} worker processes, {len(rows)} batches:\n\n"
        "| figure | value |\n|---|---:|\n"
        f"| wall time | {elapsed:.1f} s |\n"
        f"| members per second | {subscribers / elapsed:,.0f} |\n"
        f"| workers' CPU time (user + system) | {cpu:.1f} s |\n"
        f"| members per worker CPU second | {subscribers / cpu:,.0f} |\n"
        f"| digests queued (mails) | {queued:,} |\n"
        f"| queries per batch (min / median / max) | {queries[0]} / "
        f"{queries[len(queries) // 2]} / {queries[-1]} |\n"
        + "".join(
            f"| worker {n} RSS after its first / middle / last batch, peak | {r[0]:.0f} / "
            f"{r[len(r) // 2]:.0f} / {r[-1]:.0f} / {peak:.0f} MB |\n"
            for n, (r, peak) in enumerate(zip(rss, peaks, strict=True))
        )
        + f"| load average before / after (1 min) | {load_before[0]:.2f} / {load_after[0]:.2f} |\n"
    )


if __name__ == "__main__":
    main()
