"""Benchmark the network at scale (`make bench-network`): 500,000 members, 1,000,000
connections, 5,000,000 messages.

Prepares its own database (`pmportal_bench_network` on the server of DATABASE_URL, or the name
in BENCH_NETWORK_DB). A missing one is copied from the directory's (`pmportal_bench`, or
BENCH_DIRECTORY_DB, when it exists and nobody is connected to it) or made from scratch; then the
500,000 members are topped up (seed_members) and the network seeded once (seed_network), and
reused while the seed and the counts are unchanged (a fingerprint in
`bench_meta`; otherwise the network tables are emptied and seeded again). The runs themselves
add messages and connections (each accepts 90 of the 100,000 pending requests).

Four kinds of request go through the real views (Django's test client, production settings,
the whole middleware stack, signed in as the member concerned): my network (the most connected
members: first page, a later page, a search), a conversation deep in its history (keyset pages
of the deepest conversations, from the newest to the oldest), sending a message and accepting
a request. After a warm-up round the mix runs in rounds, each request followed by a bare
reference view behind the same stack; the table gives p50/p95 of the server time, the queries
per request and the ratio to the reference in the same round.

    python scripts/bench_network.py [--repeat 5] [--connections 1000000] [--messages 5000000]
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_directory  # noqa: E402
import benchlib  # noqa: E402
from benchlib import percentile  # noqa: E402

BENCH_DB = os.environ.get("BENCH_NETWORK_DB", "pmportal_bench_network")
DIRECTORY_DB = bench_directory.BENCH_DB  # the copy's source (main() points bench_directory here)
NETWORK_TABLES = ["network_report", "network_message", "network_participant",
                  "network_conversation", "network_introduction", "network_connection"]  # fmt: skip


def fingerprint(args) -> str:
    """What the network's rows depend on (a later migration applies to them as to any data)."""
    return f"seed={args.seed} connections={args.connections} messages={args.messages}"


def ensure_database(url: str, copy: bool) -> None:
    """Create the bench database: a copy of the directory's when `copy` and it can be had, else
    empty."""
    import psycopg
    from psycopg import sql

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            return
        name = sql.Identifier(BENCH_DB)
        try:
            if not copy:
                raise psycopg.errors.InvalidCatalogName
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(name, sql.Identifier(DIRECTORY_DB))
            )
            print(f"[bench] {BENCH_DB} copied from {DIRECTORY_DB}")
        except psycopg.Error as error:  # missing, or in use
            print(f"[bench] creating {BENCH_DB} from scratch ({type(error).__name__})")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def __getattr__(name):  # the URLconf is built lazily, after django.setup()
    if name == "urlpatterns":
        return benchlib.urlpatterns_with_bare_view()
    raise AttributeError(name)


def meta(key: str, value: str | None = None) -> str | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        if value is not None:
            cursor.execute(
                "INSERT INTO bench_meta VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [key, value],
            )
        cursor.execute("SELECT value FROM bench_meta WHERE key = %s", [key])
        row = cursor.fetchone()
    return row[0] if row else None


def cpu_seconds() -> float:
    """CPU time of this process and of its database backend (a server on this machine): on a
    shared machine the wall time says more about the neighbours than about the seed."""
    import resource

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
    own = resource.getrusage(resource.RUSAGE_SELF)
    return (
        own.ru_utime + own.ru_stime + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    )


def prepare(args) -> None:
    from django.core.management import call_command
    from django.db import connection

    from members.seeding import members_seed
    from network.seeding import network_seed, network_vacuum

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    members = bench_directory.fingerprint(args.members, args.seed)
    if meta("directory") != members:
        print(f"[bench] seeding {args.members:,} members into {BENCH_DB} (once)")
        started = time.monotonic()
        members_seed(count=args.members, seed=args.seed, progress=bench_directory._progress)
        print(f"\n[bench] members seeded in {time.monotonic() - started:.0f} s")
        meta("directory", members)
    wanted = fingerprint(args)
    if meta("network") == wanted:
        print(f"[bench] reusing {BENCH_DB} ({members}; {wanted})")
        return
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(NETWORK_TABLES)}")
    print(
        f"[bench] seeding {args.connections:,} connections and {args.messages:,} messages "
        f"into {BENCH_DB} (once; reused while unchanged)"
    )
    started, cpu = time.monotonic(), cpu_seconds()
    network_seed(
        connections=args.connections,
        messages=args.messages,
        seed=args.seed,
        progress=bench_directory._progress,
    )
    seeded, cpu = time.monotonic() - started, cpu_seconds() - cpu
    network_vacuum()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"\n[bench] network seeded in {seeded:.0f} s (CPU: {cpu:.0f} s, this process and its "
        f"database backend; load average {load}), then VACUUM (ANALYZE) in "
        f"{time.monotonic() - started - seeded:.0f} s"
    )
    meta("network", wanted)


def request_mix(args) -> tuple[list[tuple], dict]:
    """(kind, user, method, path, data) requests for the warm-up and every round, and what the
    data looks like."""
    from django.db import connection
    from django.db.models import Count

    from members.models import Profile, User
    from network.models import Connection, Introduction, Message, Participant

    with connection.cursor() as cursor:  # the most connected members
        cursor.execute(
            "SELECT member, count(*) FROM (SELECT user_low_id AS member FROM network_connection "
            "UNION ALL SELECT user_high_id FROM network_connection) AS ends "
            "GROUP BY member ORDER BY count(*) DESC LIMIT 5"
        )
        hubs = cursor.fetchall()
    deepest = list(
        Message.objects.values("conversation")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("conversation", "n")[:5]
    )
    handles = dict(Profile.objects.values_list("user_id", "handle"))
    mix: list[tuple] = []
    for user, connections in hubs:
        mix.append(("my network", user, "GET", "/network/", {}))
        mix.append(("my network", user, "GET", "/network/", {"page": connections // 40 + 1}))
        someone = Profile.objects.filter(
            user_id__in=Connection.objects.others(User(pk=user))
        ).first()
        mix.append(("my network", user, "GET", "/network/", {"q": someone.display_name[:4]}))
    for conversation, count in deepest:
        side = Participant.objects.filter(conversation=conversation).first()
        path = f"/network/conversations/with/{handles[side.other_id]}/"
        ids = Message.objects.filter(conversation=conversation).order_by("-id")
        mix.append(("conversation, deep", side.user_id, "GET", path, {}))
        for depth in (0.1, 0.5, 0.9, 0.999):
            before = ids.values_list("id", flat=True)[int(count * depth)]
            mix.append(("conversation, deep", side.user_id, "GET", path, {"before": before}))
    # Senders: both sides of the deepest conversations and of the hubs' conversations.
    # One conversation per sender: each sends once a round, far below the rate limit.
    sides = list(Participant.objects.filter(conversation__in=[c for c, _ in deepest]))
    for user, _ in hubs:
        sides += Participant.objects.filter(user=user)[:1]
    senders = {side.user_id: side for side in sides}
    for side in list(senders.values())[:20]:
        path = f"/network/conversations/with/{handles[side.other_id]}/"
        mix.append(("sending a message", side.user_id, "POST", path, {"text": None}))
    # Requests to accept: pending ones, to the hubs and to members at random.
    rounds = args.repeat + 1
    pending = Introduction.objects.pending()
    to_accept = list(pending.filter(recipient__in=[u for u, _ in hubs])[: 5 * rounds])
    to_accept += list(pending.order_by("?")[: 20 * rounds])
    accepts = [
        ("accepting a request", i.recipient_id, "POST", f"/network/introductions/{i.pk}/answer/",
         {"answer": "accept"})
        for i in to_accept
    ]  # fmt: skip
    scale = {
        "connections": Connection.objects.count(),
        "messages": Message.objects.count(),
        "hub connections": [n for _, n in hubs],
        "deepest conversations": [n for _, n in deepest],
        "pending requests": pending.count(),
    }
    return mix, {"accepts": accepts, "scale": scale}


def timed(client, method: str, path: str, data: dict) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    send = client.post if method == "POST" else client.get
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = send(path, data, secure=True)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code not in (200, 302):
        sys.exit(f"[bench] {method} {path} {data} answered {response.status_code}")
    if method == "POST" and response.status_code != 302:
        sys.exit(f"[bench] {method} {path} {data} was not accepted: {response.content[:2000]}")
    # Transaction control (BEGIN, COMMIT, savepoints) is not counted: bench_directory leaves
    # out BEGIN and COMMIT too; savepoints are listed apart in docs/performance.md.
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    return elapsed, sum(not q["sql"].startswith(control) for q in captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500_000)
    parser.add_argument("--connections", type=int, default=1_000_000)
    parser.add_argument("--messages", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds of the mix")
    parser.add_argument("--prepare-only", action="store_true", help="seed, then stop")
    args = parser.parse_args()

    bench_directory.BENCH_DB = BENCH_DB
    url = bench_directory.bench_database_url()
    ensure_database(url, copy=args.members == 500_000)
    bench_directory.configure(url)
    from django.conf import settings

    settings.ROOT_URLCONF = "scripts.bench_network"
    prepare(args)
    if args.prepare_only:
        return

    from django.db import connection
    from django.test import Client

    from members.models import User

    mix, extra = request_mix(args)
    accepts = iter(extra["accepts"])
    clients: dict[int, Client] = {}

    def client_for(user_id: int) -> Client:
        if user_id not in clients:
            clients[user_id] = Client()
            clients[user_id].force_login(User.objects.get(pk=user_id))
            # A test client builds its middleware chain on its first request (about 19 ms here),
            # which a server does once per process: not part of any timed request.
            clients[user_id].get("/bench/bare/", secure=True)
        return clients[user_id]

    sent = 0

    def run(kind, user, method, path, data) -> tuple[float, int, float]:
        nonlocal sent
        if kind == "sending a message":
            sent += 1
            data = {"text": f"Benchmark message {sent} at {time.time():.3f}: how is it going?"}
        client = client_for(user)
        elapsed, queries = timed(client, method, path, data)
        return elapsed, queries, timed(client, "GET", "/bench/bare/", {})[0]

    kinds = [*dict.fromkeys(k for k, *_ in mix), "accepting a request"]
    per_round = sum(1 for k, *_ in mix if k == "sending a message")
    print(f"[bench] {len(mix) + per_round} requests a round, {args.repeat} timed rounds")
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    ratios: dict[str, list[float]] = {kind: [] for kind in kinds}
    queries: dict[str, list[int]] = {kind: [] for kind in kinds}
    reference: list[float] = []
    for number in range(args.repeat + 1):  # the first round warms up
        mine: dict[str, list[float]] = {kind: [] for kind in kinds}
        ref: list[float] = []
        requests = list(mix) + [next(accepts) for _ in range(per_round)]
        for kind, *request in requests:
            elapsed, count, bare = run(kind, *request)
            queries[kind].append(count)
            mine[kind].append(elapsed)
            ref.append(bare)
        if number == 0:
            continue
        reference.append(statistics.median(ref))
        for kind in kinds:
            times[kind] += mine[kind]
            ratios[kind].append(statistics.median(mine[kind]) / reference[-1])

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    scale = extra["scale"]
    print()
    print(
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}, {version}."
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average at the end of the run (1, 5, 15 min): {load}.")
    print(
        f"Data: {scale['connections']:,} connections, {scale['messages']:,} messages, "
        f"{scale['pending requests']:,} pending requests; the most connected members have "
        f"{', '.join(map(str, scale['hub connections']))} connections; the deepest conversations "
        f"{', '.join(f'{n:,}' for n in scale['deepest conversations'])} messages.\n"
    )
    print("| request | requests | p50 ms | p95 ms | queries (median, most) | p50 / reference p50 |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in kinds:
        values = times[kind]
        print(
            f"| {kind} | {len(values)} | {percentile(values, 0.5):.1f} "
            f"| {percentile(values, 0.95):.1f} "
            f"| {statistics.median(queries[kind]):.0f}, {max(queries[kind])} "
            f"| {statistics.median(ratios[kind]):.1f}x |"
        )
    spread = max(reference) / min(reference) - 1
    print(
        "\nReference, a bare view behind the same stack, signed in: p50 per round "
        + ", ".join(f"{value:.2f}" for value in reference)
        + f" ms ({spread:.0%} apart: {'NOISY, more than 15%' if spread > 0.15 else 'steady'})."
    )


if __name__ == "__main__":
    main()
