"""Load test of the production configuration: `make bench`.

Boots gunicorn as in production (pmportal/gunicorn.conf.py: sync workers, (2 x cores) + 1 of
them, DEBUG off, collected static files, the shared database cache) on the benchmark database
(500,000 members, the demo content, 5,000,000 events; prepared by scripts/benchlib.py when
missing), then measures two things in one run:

1. A realistic mix for a fixed time: visitors read and search the FAQ, browse and download
   resources, members sign in, search the directory with filters and download members-only
   files; browsers also fetch the stylesheet. Per route: requests, req/s, p50/p95/p99, errors.
2. The ceiling: each route alone at the same concurrency for a few seconds, in rounds, next to a
   bare view that runs the whole middleware stack and no query (the framework's ceiling on this
   machine) and a static file. Each route's req/s is divided by the bare view's req/s of the
   same round; the median over rounds is reported, since the machine's speed drifts between
   rounds and only ratios measured side by side hold. A round whose ceiling differs by more
   than 15% from the median flags the run as noisy.

The load generator is a small threaded HTTP client (scripts/benchlib.py), one connection per
request, like a browser behind nginx: 127.0.0.1 only, a fixed number of visitors, a fixed time.
Results: a table on stdout, and JSON + Markdown in docs/bench/ (BENCH_OUT to change).
"""

import argparse
import gzip
import json
import logging
import os
import platform
import random
import re
import signal
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib
from benchlib import Result, Visitor

logger = logging.getLogger("bench_load")

FAQ_TERMS = ["roadmap", "pricing", "stakeholders", "okrs", "interview", "salary", "zebra-absent"]
DIRECTORY_SEARCHES = [
    {"q": "product"},
    {"q": "berlin"},
    {"q": "jonh smiht"},
    {"q": "quetzalcoatl"},
    {"role": "growth"},
    {"country": "DE"},
    {"skill": "pricing"},
    {"q": "pricing", "country": "IN"},
    {"q": "discovery", "skill": "okrs", "role": "technical"},
    {"role": "growth", "domain": "ai", "mentoring": "on"},
    {"domain": "data", "country": "BR", "role": "platform"},
]


class Site:
    """What the visitors ask for: slugs and paths read from the benchmark database."""

    def __init__(self, members: int) -> None:
        from django.contrib.staticfiles.storage import staticfiles_storage

        from faq.models import Question
        from resources.models import Resource

        self.questions = list(Question.objects.published().values_list("slug", flat=True)[:40])
        visible = Resource.objects.filter(status="published").exclude(file="")
        self.resources = list(visible.values_list("slug", flat=True)[:40])
        self.public_files = list(visible.filter(access="public").values_list("slug", flat=True))
        self.member_files = list(visible.filter(access="members").values_list("slug", flat=True))
        self.stylesheet = staticfiles_storage.url("css/site.css")
        self.members = benchlib.bench_members(members)


def routes(site: Site, rng: random.Random) -> dict[str, tuple[bool, Callable[[Visitor], Result]]]:
    """name → (needs a signed-in member, one request). Anonymous routes first."""
    from urllib.parse import urlencode

    def pick(items: list) -> str:
        return rng.choice(items)

    return {
        "bare view (ceiling)": (False, lambda v: v.get("/__bench/bare")),
        "static file": (False, lambda v: v.get(site.stylesheet)),
        "home": (False, lambda v: v.get("/")),
        "FAQ index": (False, lambda v: v.get("/faq/")),
        "FAQ question": (False, lambda v: v.get(f"/faq/{pick(site.questions)}/")),
        "FAQ search": (False, lambda v: v.get(f"/faq/search/?q={pick(FAQ_TERMS)}")),
        "resources index": (False, lambda v: v.get("/resources/")),
        "resource page": (False, lambda v: v.get(f"/resources/{pick(site.resources)}/")),
        "public download": (
            False,
            lambda v: v.get(f"/resources/{pick(site.public_files)}/download/"),
        ),
        "sign-in (POST)": (False, lambda v: v.sign_in(pick(site.members))),
        "directory search": (
            True,
            lambda v: v.get(f"/members/?{urlencode(pick(DIRECTORY_SEARCHES))}"),
        ),
        "members-only download": (
            True,
            lambda v: v.get(f"/resources/{pick(site.member_files)}/download/"),
        ),
    }


# A visitor's next step: weights of a plausible day (mostly anonymous reading).
MIX = {
    "static file": 10,
    "home": 8,
    "FAQ index": 10,
    "FAQ question": 22,
    "FAQ search": 10,
    "resources index": 8,
    "resource page": 10,
    "public download": 3,
    "sign-in (POST)": 1,
    "directory search": 12,
    "members-only download": 4,
    "bare view (ceiling)": 2,
}
SIGN_IN = "sign-in (POST)"
EXPECTED = {SIGN_IN: {302}}


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.statuses: dict[str, dict[int, int]] = {}

    def add(self, route: str, result: Result) -> None:
        ok = result.status in EXPECTED.get(route, {200})
        with self.lock:
            self.samples.setdefault(route, []).append(result.seconds)
            self.errors[route] = self.errors.get(route, 0) + (not ok)
            by_status = self.statuses.setdefault(route, {})
            by_status[result.status] = by_status.get(result.status, 0) + 1


def make_visitors(port: int, site: Site, users: int) -> list[tuple[Visitor, str | None]]:
    """One visitor in four is a member (signs in when a member page needs it), the rest
    anonymous; each has its own address, as nginx would report it."""
    return [
        (
            Visitor(port, f"10.0.{n // 200}.{n % 200 + 1}"),
            site.members[n % len(site.members)] if n % 4 == 0 else None,
        )
        for n in range(users)
    ]


def run_visitors(
    site: Site,
    visitors: list[tuple[Visitor, str | None]],
    seconds: float,
    only: str | None,
    seed: int,
) -> tuple[Recorder, float]:
    """The visitors in closed loop for `seconds`: the mix, or one route for all when `only`."""
    recorder = Recorder()
    stop_at = time.monotonic() + seconds

    def visitor_loop(number: int) -> None:
        rng = random.Random(seed * 1000 + number)  # noqa: S311 - a reproducible mix
        table = routes(site, rng)
        visitor, member = visitors[number]
        member = (member or site.members[number % len(site.members)]) if only else member
        names = [name for name in MIX if member or (not table[name][0] and name != SIGN_IN)]
        weights = [MIX[name] for name in names]
        if only and not table[only][0]:
            # A route for visitors is measured as a visitor: no session left from a member
            # route of the previous round (anonymous pages are cached, members' are not).
            visitor.cookies.clear()
            visitor.signed_in = False
        while time.monotonic() < stop_at:
            route = only or rng.choices(names, weights)[0]
            needs_member, call = table[route]
            if route == SIGN_IN:
                # A sign-in is a member arriving: afterwards they stay signed in.
                recorder.add(route, visitor.sign_in(member))
                continue
            if needs_member and not visitor.signed_in:
                recorder.add(SIGN_IN, visitor.sign_in(member))
            recorder.add(route, call(visitor))

    threads = [threading.Thread(target=visitor_loop, args=(n,)) for n in range(len(visitors))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return recorder, time.monotonic() - started


def mixed_rows(recorder: Recorder, elapsed: float) -> list[dict]:
    rows = []
    for route in MIX:
        samples = recorder.samples.get(route, [])
        if not samples:
            continue
        rows.append(
            {
                "route": route,
                "requests": len(samples),
                "rps": len(samples) / elapsed,
                "p50_ms": benchlib.percentile(samples, 0.50) * 1000,
                "p95_ms": benchlib.percentile(samples, 0.95) * 1000,
                "p99_ms": benchlib.percentile(samples, 0.99) * 1000,
                "errors": recorder.errors.get(route, 0),
                "statuses": recorder.statuses.get(route, {}),
            }
        )
    return rows


def worker_pids(server_pid: int) -> set[int]:
    """The gunicorn master's children: its workers (Linux)."""
    try:
        return {
            int(pid)
            for pid in Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
        }
    except OSError:
        return set()


def ceiling_rounds(
    site: Site,
    visitors: list[tuple[Visitor, str | None]],
    seconds: float,
    rounds: int,
    server_pid: int,
) -> tuple[dict[str, dict], list[float]]:
    """Each route alone, every round; ratio to the same round's bare view.

    A worker that gunicorn restarts (max_requests) spends ~0.8 s of CPU booting, of the 6 CPU
    seconds a 3 s window has on 2 cores: restarts within each route's windows are counted and
    shown beside its ratio."""
    names = list(routes(site, random.Random(0)))  # noqa: S311
    ratios: dict[str, list[float]] = {name: [] for name in names}
    rps: dict[str, list[float]] = {name: [] for name in names}
    p95s: dict[str, list[float]] = {name: [] for name in names}
    errors: dict[str, int] = dict.fromkeys(names, 0)
    restarts: dict[str, int] = dict.fromkeys(names, 0)
    ceilings = []
    for number in range(rounds + 1):
        by_route = {}
        for name in names:
            workers = worker_pids(server_pid)
            recorder, elapsed = run_visitors(site, visitors, seconds, name, seed=number + 1)
            samples = recorder.samples.get(name, [])
            by_route[name] = len(samples) / elapsed
            p95s[name].append(benchlib.percentile(samples, 0.95) * 1000)
            errors[name] += recorder.errors.get(name, 0)
            if number:
                restarts[name] += len(worker_pids(server_pid) - workers)
        if number == 0:
            continue  # round 0 warms every worker on every route; not reported
        ceiling = by_route["bare view (ceiling)"]
        ceilings.append(ceiling)
        for name in names:
            rps[name].append(by_route[name])
            ratios[name].append(by_route[name] / ceiling if ceiling else 0.0)
        logger.info("round %d: ceiling %.0f req/s", number, ceiling)
    return (
        {
            name: {
                "rps": statistics.median(rps[name]),
                "ratio": statistics.median(ratios[name]),
                "p95_ms": statistics.median(p95s[name]),
                "errors": errors[name],
                "worker_restarts": restarts[name],
            }
            for name in names
        },
        ceilings,
    )


# What a browser fetches on first load: stylesheets, icons, preloads, scripts, images (not
# rel="canonical" or "alternate" links, which are addresses, not requests).
ASSET = re.compile(
    rb'<(?:link(?=[^>]*rel="(?:stylesheet|preload|modulepreload|icon|manifest)")[^>]+href'
    rb'|script[^>]+src|img[^>]+src)="([^"]+)"'
)
MAIN_PAGES = ["/", "/faq/", "/faq/search/?q=roadmap", "/resources/", "/accounts/login/"]


def page_weight(port: int, site: Site) -> list[dict]:
    """First load of each main page: HTML + every stylesheet and script it links, gzip-compressed
    as nginx would send them (content images excluded: the budget is for the page itself); any
    link to another host and any static file without an immutable far-future cache header is
    reported."""
    member = Visitor(port, "10.0.9.9")
    member.sign_in(site.members[0])
    pages = [(path, Visitor(port, "10.0.9.8")) for path in MAIN_PAGES]
    pages += [(f"/faq/{site.questions[0]}/", Visitor(port, "10.0.9.7"))]
    pages += [(f"/resources/{site.resources[0]}/", Visitor(port, "10.0.9.6"))]
    pages += [("/members/?q=product", member), ("/members/me/", member)]
    rows = []
    for path, visitor in pages:
        page = visitor.get(path, keep=True)
        total = len(gzip.compress(page.body))
        foreign, mutable = [], []
        for link in {m.group(1).decode() for m in ASSET.finditer(page.body)}:
            if link.startswith(("http:", "https:", "//")):
                foreign.append(link)
                continue
            if not link.startswith("/static/") or link.endswith((".png", ".jpg", ".svg", ".webp")):
                continue
            asset = visitor.request("GET", link, keep=True)
            if "immutable" not in asset.headers.get("cache-control", ""):
                mutable.append(link)
            total += len(gzip.compress(asset.body))
        rows.append(
            {
                "page": path,
                "status": page.status,
                "kb": total / 1024,
                "other_hosts": foreign,
                "static_not_immutable": mutable,
            }
        )
    return rows


def markdown(result: dict) -> str:
    lines = [
        f"Measured {result['date']} on {result['machine']}, `{result['command']}`: "
        f"{result['workers']} gunicorn sync workers, {result['users']} concurrent visitors, "
        f"{result['members']:,} members in the database.",
        "",
        f"Mixed load for {result['mixed_seconds']:.0f} s: {result['mixed_total']:,} requests, "
        f"{result['mixed_rps']:.0f} req/s, {result['mixed_errors']} errors "
        f"({result['success_pct']:.2f}% success). Ceiling columns: each route alone, median of "
        f"{result['rounds']} rounds, ratio to the bare view of the same round"
        f"{' (NOISY: the ceiling varied more than 15%)' if result['noisy'] else ''}.",
        "",
        "| route | requests | req/s (mix) | p50 ms | p95 ms | p99 ms | errors | "
        "req/s alone | x ceiling | p95 ms alone | worker restarts alone |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ceiling = result["ceiling"]
    for row in result["mixed"]:
        alone = ceiling.get(row["route"], {})
        lines.append(
            f"| {row['route']} | {row['requests']:,} | {row['rps']:.1f} | {row['p50_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} | "
            f"{alone.get('rps', 0):.0f} | {alone.get('ratio', 0):.3f} | "
            f"{alone.get('p95_ms', 0):.1f} | {alone.get('worker_restarts', 0)} |"
        )
    lines += [
        "",
        "First load of the main pages (HTML + linked CSS and JS, gzip; images excluded):",
        "",
        "| page | status | KB transferred | other hosts | static files not immutable |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in result["page_weight"]:
        lines.append(
            f"| {row['page']} | {row['status']} | {row['kb']:.1f} | {len(row['other_hosts'])} | "
            f"{len(row['static_not_immutable'])} |"
        )
    return "\n".join(lines) + "\n"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8110")))
    parser.add_argument("--users", type=int, default=16, help="concurrent visitors")
    parser.add_argument("--seconds", type=float, default=40, help="length of the mixed load")
    parser.add_argument("--route-seconds", type=float, default=3, help="per route and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--members", type=int, default=20, help="signed-in bench accounts")
    parser.add_argument("--out", default=os.environ.get("BENCH_OUT", "docs/bench"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="[bench] %(message)s", stream=sys.stdout)
    # Ctrl-C or a SIGTERM still stops the server child (the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    benchlib.production_environment()
    logger.info("preparing %s", os.environ["DATABASE_URL"])
    benchlib.prepare()
    from django.contrib.auth import get_user_model
    from django.db import connections

    site = Site(args.members)
    member_count = get_user_model().objects.count()
    connections.close_all()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings"}
    workers = int(env.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1))
    log = Path("/tmp") / f"pmportal-bench-{args.port}.log"  # noqa: S108 - the server's own log
    server = benchlib.start_server(benchlib.gunicorn_command(args.port), env, log)
    try:
        benchlib.wait_healthy(args.port)
        logger.info("gunicorn pid %d, %d workers on 127.0.0.1:%d", server.pid, workers, args.port)
        visitors = make_visitors(args.port, site, args.users)
        logger.info("each route alone: %d rounds of %.0f s", args.rounds, args.route_seconds)
        ceiling, ceilings = ceiling_rounds(
            site, visitors, args.route_seconds, args.rounds, server.pid
        )
        for visitor, member in visitors:
            visitor.cookies.clear()
            visitor.signed_in = False
            if member:
                visitor.sign_in(member)
        logger.info("mixed load: %d visitors for %.0f s", args.users, args.seconds)
        recorder, elapsed = run_visitors(site, visitors, args.seconds, None, seed=7)
        weights = page_weight(args.port, site)
    finally:
        benchlib.stop(server)

    rows = mixed_rows(recorder, elapsed)
    total = sum(row["requests"] for row in rows)
    failed = sum(row["errors"] for row in rows)
    median_ceiling = statistics.median(ceilings)
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "command": "make bench",
        "database": os.environ["DATABASE_URL"].rsplit("/", 1)[1],
        "members": member_count,
        "workers": workers,
        "users": args.users,
        "rounds": args.rounds,
        "mixed_seconds": elapsed,
        "mixed_total": total,
        "mixed_rps": total / elapsed,
        "mixed_errors": failed,
        "success_pct": 100 * (total - failed) / total if total else 0.0,
        "ceilings": ceilings,
        "noisy": any(abs(c - median_ceiling) > 0.15 * median_ceiling for c in ceilings),
        "mixed": rows,
        "page_weight": weights,
        "ceiling": ceiling,
    }
    out = benchlib.ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(result, indent=2) + "\n")
    table = markdown(result)
    (out / "load.md").write_text(table)
    sys.stdout.write("\n" + table)
    if failed:
        raise SystemExit(f"{failed} failed requests in the mixed load")


if __name__ == "__main__":
    main()
