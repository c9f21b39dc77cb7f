"""Benchmark the member directory at 500,000 members (`make bench-directory`).

Prepares its own database (`pmportal_bench` on the server of DATABASE_URL, or the name in
BENCH_DIRECTORY_DB, so that two checkouts with different schemas can each keep theirs): migrates
it and seeds 500,000 synthetic members once, then reuses it while the seed, the count and the
members migrations are unchanged (otherwise it drops and recreates it: a seed into a fresh
database).
Runs a fixed mix of directory requests through the real view (Django's test client, production
settings, full middleware) in rounds, each request followed by a bare reference view behind the
same stack (how steady the machine was), then the same mix through a naive `icontains`
implementation in the same run, and prints Markdown tables: p50/p95 per request kind, the
part of it spent waiting on PostgreSQL (the rest is Python in the web process), queries
per request, the speed-up, typo recall, deep-page cost and the reference per round.

    python scripts/bench_directory.py [--count 500000] [--repeat 5] [--naive-repeat 1]
"""

import argparse
import html
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = os.environ.get("BENCH_DIRECTORY_DB", "pmportal_bench")
SEED = 20261125  # of the synthetic members and of the request mix


def bench_database_url() -> str:
    from dotenv import dotenv_values

    base = os.environ.get("DATABASE_URL") or dotenv_values(ROOT / ".env").get("DATABASE_URL")
    if not base:
        sys.exit("DATABASE_URL is not set and .env has none: run `make db` first.")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + BENCH_DB))


def fingerprint(count: int, seed: int) -> str:
    """What the seeded database depends on: the seed, the count and the members schema."""
    migrations = sorted(path.stem for path in (ROOT / "members" / "migrations").glob("0*.py"))
    return f"seed={seed} count={count} members=" + ",".join(migrations)


def ensure_database(url: str, wanted: str) -> None:
    """Create the bench database, or drop and recreate it when it was seeded for another
    fingerprint: a fresh seed into a fresh database, not into the dead rows of the last one."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists:
            with psycopg.connect(url) as bench:
                has_meta = bench.execute("SELECT to_regclass('bench_meta')").fetchone()[0]
                seeded = (
                    has_meta
                    and bench.execute(
                        "SELECT value FROM bench_meta WHERE key = 'directory'"
                    ).fetchone()
                )
            if seeded and seeded[0] == wanted:
                return
            print(f"[bench] dropping {BENCH_DB}: it was not seeded for {wanted}")
            conn.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
        print(f"[bench] creating database {BENCH_DB}")
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def configure(url: str) -> None:
    """Production settings (DEBUG off) against the bench database, plus a naive-view URL."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-used-anywhere-else")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["EMAIL_URL"] = "locmem:"
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "pmportal.settings"
    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "scripts.bench_directory"


def naive_search(search) -> tuple[list, int]:
    """The baseline: `icontains` over five columns, an exact count, OFFSET pages."""
    from django.db.models import Q

    from members.models import Profile
    from members.search import CARD_FIELDS, PAGE_SIZE, SORT_NEWEST

    qs = Profile.objects.listed().with_filters(search)
    for word in search.q.split():
        qs = qs.filter(
            Q(display_name__icontains=word)
            | Q(headline__icontains=word)
            | Q(company__icontains=word)
            | Q(city__icontains=word)
            | Q(bio__icontains=word)
        )
    total = qs.count()
    offset = (search.page - 1) * PAGE_SIZE
    order = ["-created_at", "-id"] if search.sort == SORT_NEWEST else ["display_name", "id"]
    return list(qs.order_by(*order).only(*CARD_FIELDS)[offset : offset + PAGE_SIZE]), total


def naive_view(request):
    """The naive search behind the same form, shown with the directory's own results partial
    (its filters without counts)."""
    from django.http import HttpResponse
    from django.shortcuts import render

    from members.directory import DirectoryForm, _facet_context
    from members.search import COUNT_CAP, RANK_WINDOW, DirectoryPage
    from members.skills import skill_label

    form = DirectoryForm(request.GET)
    if not form.is_valid():
        return HttpResponse(status=400)
    search = form.to_search()
    profiles, total = naive_search(search)
    for profile in profiles:  # the same card as the directory's
        profile.top_skills = [skill_label(slug) for slug in profile.skill_slugs[:4]]
    result = DirectoryPage(profiles=profiles, total=total, facets=None, sort=search.sort)
    context = {"form": form, "result": result, "search": search, "count_cap": COUNT_CAP,
               "rank_window": RANK_WINDOW, **_facet_context(search, None)}  # fmt: skip
    return render(request, "members/directory.html#results", context)


def _urlpatterns():
    import benchlib
    from django.urls import path

    return benchlib.urlpatterns_with_bare_view(path("bench/naive/", naive_view))


def __getattr__(name):  # the URLconf is built lazily, after django.setup()
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def prepare(count: int, seed: int, wanted: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    from members.seeding import members_seed

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    # Pages link their static files through the hashed manifest, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        cursor.execute("SELECT value FROM bench_meta WHERE key = 'directory'")
        row = cursor.fetchone()
    if row and row[0] == wanted:
        print(f"[bench] reusing {BENCH_DB} ({wanted})")
        return
    print(f"[bench] seeding {count:,} members into {BENCH_DB} (once; reused while unchanged)")
    started = time.monotonic()
    members_seed(count=count, seed=seed, progress=_progress)
    print(f"\n[bench] seeded in {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_meta VALUES ('directory', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [wanted],
        )


def _progress(done: int, total: int) -> None:
    share = done / total if total else 1
    print(f"\r[bench] seeding [{'#' * int(share * 30):<30}] {share:6.1%}", end="", flush=True)


def viewer():
    from allauth.account.models import EmailAddress

    from members.models import User

    user, _ = User.objects.get_or_create(email="bench-viewer@example.org")
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def typo(word: str, rng: random.Random) -> str:
    """One realistic slip: swap two neighbours, drop, double or replace a letter."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["swap", "drop", "double", "replace"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeioutnrs") + word[i + 1 :]


def request_mix(rng: random.Random) -> tuple[list[tuple[str, dict]], list[tuple[dict, str]]]:
    """(kind, params) requests, and the typo'd-name cases with the name each must find."""
    from django.db import connection

    from members.models import Profile
    from members.search import Cursor

    listed = Profile.objects.filter(is_synthetic=True, is_listed=True)
    # A 1-in-997 spread of listed synthetic members: names, companies and cities to ask for.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT display_name, company, city FROM members_profile "
            "WHERE is_synthetic AND is_listed AND id % 997 = 0 ORDER BY id LIMIT 400"
        )
        sample = cursor.fetchall()
    people = rng.sample(sample, 60)
    mix: list[tuple[str, dict]] = []
    for word in ["product", "manager", "growth", "senior", "data", "strategy"]:
        mix.append(("common word", {"q": word}))
    rare = [people[0][1], people[1][2] + " " + people[1][1].split()[0]]
    rare += [p[0].split()[-1] for p in people[2:8]]
    mix += [("rare word", {"q": word}) for word in rare]
    for word in ["zyxwvut", "quokkaism", "blorfen", "xylophonist", "snarkle", "vexillology"]:
        mix.append(("absent word", {"q": word}))
    mix += [("exact name", {"q": p[0]}) for p in people[8:14]]
    for word in ["pri", "strat", "bang", "mach", "disc", "onbo"]:
        mix.append(("prefix", {"q": word}))
    mix += [
        ("one filter", {"role": "growth"}),
        ("one filter", {"domain": "hardware"}),
        ("one filter", {"country": "DE"}),
        ("one filter", {"skill": "pricing"}),
        ("one filter", {"skill": "supply-chain"}),
        ("one filter", {"mentoring": "on"}),
        ("one filter", {"seeking": "on"}),
        ("combined", {"q": "pricing", "country": "IN"}),
        ("combined", {"q": "discovery", "skill": "okrs", "role": "technical"}),
        ("combined", {"role": "growth", "domain": "ai", "mentoring": "on"}),
        ("combined", {"skill": ["pricing", "discovery"], "country": "US"}),
        ("combined", {"q": "berlin", "seeking": "on", "sort": "newest"}),
        ("combined", {"domain": "data", "country": "BR", "role": "platform"}),
    ]
    # Deep pages: the cursor of the 20,000th member (page 1,001) in each browse order.
    visible = Profile.objects.listed()
    for sort, order, key in (
        ("name", ["display_name", "id"], lambda p: p.display_name),
        ("newest", ["-created_at", "-id"], lambda p: p.created_at.isoformat()),
    ):
        mix.append(("browse page 1", {"sort": sort}))
        deep = visible.order_by(*order).only("display_name", "created_at")[19_999]
        mix.append(
            ("browse page 1,001", {"sort": sort, "after": Cursor(key(deep), deep.id).encode()})
        )
    mix.append(("ranked page 50", {"q": "product", "page": 50}))
    mix.append(("ranked page 50", {"q": "growth", "page": 50}))
    typos = []
    for person in people[14:54]:
        words = person[0].split()
        typos.append(({"q": " ".join(typo(w.lower(), rng) for w in words)}, person[0]))
    mix += [("typo'd name", params) for params, _ in typos]
    if not listed.exists():
        sys.exit("[bench] no listed synthetic members: the seed did not run")
    return mix, typos


def timed(client, path: str, params: dict) -> tuple[float, int, object, float]:
    """Milliseconds of the request, its queries, the response, and the milliseconds it spent
    inside its statements (round trips, execution, results): the rest is Python."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    in_statements = [0.0]

    def time_statement(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_statements[0] += (time.perf_counter() - started) * 1000

    with connection.execute_wrapper(time_statement), CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(path, params, secure=True)
        elapsed = (time.perf_counter() - started) * 1000
    queries = [
        q for q in captured.captured_queries if q["sql"] not in {"BEGIN", "COMMIT", "ROLLBACK"}
    ]
    if response.status_code != 200:
        sys.exit(f"[bench] {path} {params} answered {response.status_code}")
    return elapsed, len(queries), response, in_statements[0]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds of the mix")
    parser.add_argument("--naive-repeat", type=int, default=1, help="0: skip the baseline")
    args = parser.parse_args()

    url = bench_database_url()
    wanted = fingerprint(args.count, args.seed)
    ensure_database(url, wanted)
    configure(url)
    prepare(args.count, args.seed, wanted)

    import platform

    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(viewer())
    rng = random.Random(args.seed)  # noqa: S311 (benchmark sampling)
    mix, typos = request_mix(rng)
    print(f"[bench] {len(mix)} directory requests, {args.repeat} timed rounds (after a warm-up)")

    fast: dict[str, list[float]] = {}
    naive: dict[str, list[float]] = {}
    in_database: dict[str, list[float]] = {}
    queries: dict[str, int] = {}
    slowest: dict[str, tuple[float, dict]] = {}
    reference: list[list[float]] = []
    by_round: list[list[float]] = []
    for kind, params in mix:  # warm-up, and the queries each kind makes
        _, count, _, _ = timed(client, "/members/", params)
        queries[kind] = max(queries.get(kind, 0), count)
    # Rounds of the whole mix, not one request repeated back to back (that flatters it with
    # caches nothing else touched in between). Each request is followed by the reference: a
    # bare view behind the same stack, signed in. How much it moves between rounds says how
    # steady the machine was (it moves with other tenants of a shared host).
    for _ in range(args.repeat):
        reference.append([])
        by_round.append([])
        for kind, params in mix:
            elapsed, _, _, database_ms = timed(client, "/members/", params)
            fast.setdefault(kind, []).append(elapsed)
            in_database.setdefault(kind, []).append(database_ms)
            by_round[-1].append(elapsed)
            if elapsed > slowest.get(kind, (0, {}))[0]:
                slowest[kind] = (elapsed, params)
            reference[-1].append(timed(client, "/bench/bare/", {})[0])
    for kind, values in fast.items():
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        print(f"[bench] {kind}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print("[bench] now the naive icontains implementation, same requests")
    for kind, params in mix:
        for _ in range(args.naive_repeat):
            elapsed, _, _, _ = timed(client, "/bench/naive/", params)
            naive.setdefault(kind, []).append(elapsed)

    hits = 0
    for params, name in typos:
        _, _, response, _ = timed(client, "/members/", params)
        shown = re.findall(r'class="member__name"><a href="[^"]+">([^<]+)</a>', response.text)
        hits += name.lower() in {html.unescape(n).lower() for n in shown}

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SELECT count(*) FILTER (WHERE is_listed), count(*) FROM members_profile")
        listed_count, total = cursor.fetchone()

    print()
    print(
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}, {version}; {total:,} members ({listed_count:,} listed)."
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average during the run (1, 5, 15 min): {load} on {os.cpu_count()} cores.")
    print(
        f"Requests: {len(mix)} through the real view, {args.repeat} timed rounds of the whole "
        "mix after a warm-up round.\n"
    )
    print("| request kind | requests | p50 ms | p95 ms | of which PostgreSQL, p50 ms "
          "| queries/request | naive p50 ms | naive p95 ms | speed-up at p95 |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")

    def naive_cells(f: list[float], n: list[float]) -> str:
        if not n:  # --naive-repeat 0: a quick run without the baseline
            return "- | - | -"
        speedup = percentile(n, 0.95) / percentile(f, 0.95)
        return f"{percentile(n, 0.5):.1f} | {percentile(n, 0.95):.1f} | {speedup:.0f}x"

    for kind in dict.fromkeys(k for k, _ in mix):
        f = fast[kind]
        print(
            f"| {kind} | {sum(1 for k, _ in mix if k == kind)} | {percentile(f, 0.5):.1f} "
            f"| {percentile(f, 0.95):.1f} | {percentile(in_database[kind], 0.5):.1f} "
            f"| {queries[kind]} "
            f"| {naive_cells(f, naive.get(kind, []))} |"
        )
    every_fast = [v for values in fast.values() for v in values]
    every_naive = [v for values in naive.values() for v in values]
    every_database = [v for values in in_database.values() for v in values]
    print(
        f"| **all** | {len(mix)} | **{percentile(every_fast, 0.5):.1f}** "
        f"| **{percentile(every_fast, 0.95):.1f}** | {percentile(every_database, 0.5):.1f} "
        f"| {max(queries.values())} "
        f"| {naive_cells(every_fast, every_naive)} |"
    )
    print()
    deep = statistics.median(fast["browse page 1,001"]) / statistics.median(fast["browse page 1"])
    print(f"Typo'd full names found on page 1: {hits}/{len(typos)} ({hits / len(typos):.0%}).")
    print(f"Browse page 1,001 vs page 1 (median): {deep:.2f}x.")
    steady = [statistics.median(values) for values in reference]
    spread = max(steady) / min(steady) - 1
    print(
        "Reference, a bare view behind the same stack, signed in: p50 per round "
        + ", ".join(f"{value:.2f}" for value in steady)
        + f" ms ({spread:.0%} apart: {'NOISY, more than 15%' if spread > 0.15 else 'steady'}); "
        + "directory p50 per round "
        + ", ".join(f"{statistics.median(values):.1f}" for values in by_round)
        + " ms."
    )
    ratio = statistics.median(
        statistics.median(mine) / statistics.median(ref)
        for mine, ref in zip(by_round, reference, strict=True)
    )
    print(f"Directory p50 / reference p50, median of rounds: {ratio:.1f}x.")
    print("Slowest request per kind: " + "; ".join(
        f"{kind} {ms:.0f} ms {urlencode(params, doseq=True)[:60]}"
        for kind, (ms, params) in slowest.items()
    ))  # fmt: skip


if __name__ == "__main__":
    main()
