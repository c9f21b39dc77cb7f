"""Fault drill: `make chaos`.

Creates a throwaway PostgreSQL cluster (initdb as the `postgres` user, TCP on 127.0.0.1:8116,
socket in its own folder under /tmp; the machine's shared server is never touched), loads the
demo content, boots gunicorn in the production configuration on it, and while visitors read
and members write:

1. crashes PostgreSQL (`pg_ctl stop -m immediate`), keeps it down a few seconds, starts it;
2. reloads gunicorn twice with SIGHUP.

Then it checks, and prints: errors only while the database was down and 0 after it accepted
connections again; while down, the friendly 503 page and no stack trace; /healthz answers 503
within one request of the outage and 200 within 5 s after; 0 failed requests around the two
reloads; every acknowledged write (profile edits, downloads recorded, questions asked, each with
a unique marker) present afterwards, 0 lost, 0 duplicated. Exit status 1 when any check fails.
Everything it starts is stopped by PID and the cluster folder is deleted.
"""

import argparse
import json
import logging
import os
import pwd
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib
from benchlib import Visitor
from prepare_db import _as_cluster_owner, _server_binary

logger = logging.getLogger("chaos")

FRIENDLY_503 = b"We will be back in a moment"


@dataclass
class Event:
    started: float
    ended: float
    route: str
    status: int
    friendly: bool = False
    traceback: bool = False


@dataclass
class Journal:
    """Everything the visitors saw, and every write the site acknowledged."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    events: list[Event] = field(default_factory=list)
    health: list[tuple[float, int]] = field(default_factory=list)
    profile_edits: dict[str, list[int]] = field(default_factory=dict)  # email → acked sequence
    downloads: set[tuple[str, str]] = field(default_factory=set)  # (email, slug) acked
    questions: list[str] = field(default_factory=list)  # acked markers

    def record(self, route: str, started: float, result: benchlib.Result) -> None:
        event = Event(
            started,
            time.monotonic(),
            route,
            result.status,
            friendly=FRIENDLY_503 in result.body,
            traceback=b"Traceback" in result.body,
        )
        with self.lock:
            self.events.append(event)


class Cluster:
    """A PostgreSQL cluster of our own, owned by `postgres` when we run as root."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.data, self.socket, self.log = folder / "data", folder / "socket", folder / "pg.log"
        self.initdb, self.pg_ctl = _server_binary("initdb"), _server_binary("pg_ctl")
        if not self.initdb or not self.pg_ctl:
            raise SystemExit("chaos needs PostgreSQL's initdb and pg_ctl (apt install postgresql)")
        self.owner = "postgres" if os.geteuid() == 0 else None

    def run(self, *command: str) -> None:
        subprocess.run(
            _as_cluster_owner(list(command), self.owner),
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )

    def create(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.socket.mkdir(parents=True)
        if self.owner:
            entry = pwd.getpwnam(self.owner)
            for path in (self.folder, self.socket):
                shutil.chown(path, entry.pw_uid, entry.pw_gid)
        self.run(self.initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.socket}"
        )
        self.run(
            self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"
        )

    def crash(self) -> None:
        """Immediate shutdown: no checkpoint, crash recovery on the next start."""
        self.run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def prepare_site(members: int) -> dict:
    """Schema, demo content and signed-in members on the throwaway database."""
    import django

    django.setup()
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    from faq.models import Question
    from resources.models import Resource

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo")
    files = Resource.objects.filter(status="published").exclude(file="")
    site = {
        "members": benchlib.bench_members(members),
        "questions": list(Question.objects.published().values_list("slug", flat=True)[:10]),
        "resources": list(files.values_list("slug", flat=True)),
        "stylesheet": staticfiles_storage.url("css/site.css"),
    }
    from django.db import connections

    connections.close_all()
    return site


def reader(port: int, site: dict, journal: Journal, stop_at: float, number: int) -> None:
    visitor = Visitor(port, f"10.9.0.{number + 1}", timeout=15)
    paths = ["/", "/faq/", "/resources/", *(f"/faq/{slug}/" for slug in site["questions"][:3])]
    step = number
    while time.monotonic() < stop_at:
        path = paths[step % len(paths)]
        step += 1
        started = time.monotonic()
        journal.record(f"GET {path}", started, visitor.get(path, keep=True))


def writer(port: int, site: dict, journal: Journal, stop_at: float, number: int) -> None:
    """A member who edits their profile and downloads resources, marker by marker."""
    email = site["members"][number]
    visitor = Visitor(port, f"10.8.0.{number + 1}", timeout=15)
    sequence = 0
    resources = site["resources"][number::2] or site["resources"]
    while time.monotonic() < stop_at:
        started = time.monotonic()
        if not visitor.signed_in:
            result = visitor.sign_in(email)
            journal.record("sign-in", started, result)
            if result.status != 302:
                time.sleep(0.2)
            continue
        sequence += 1
        marker = f"chaos-{number}-{sequence}"
        result = visitor.post_form(
            "/members/me/",
            {"display_name": f"Chaos member {number}", "headline": marker, "bio": marker},
        )
        journal.record("POST /members/me/", started, result)
        if result.status == 302:
            with journal.lock:
                journal.profile_edits.setdefault(email, []).append(sequence)
        slug = resources[sequence % len(resources)]
        started = time.monotonic()
        result = visitor.get(f"/resources/{slug}/download/", keep=True)
        journal.record("download", started, result)
        if result.status == 200:
            with journal.lock:
                journal.downloads.add((email, slug))


def asker(port: int, journal: Journal, stop_at: float, every: float) -> None:
    """Questions through "Ask us" (5 an hour per address: one every `every` seconds)."""
    visitor = Visitor(port, "10.7.0.1", timeout=15)
    number = 0
    while time.monotonic() < stop_at and number < 5:
        number += 1
        marker = f"chaos-question-{number}"
        started = time.monotonic()
        result = visitor.post_form(
            "/faq/ask/",
            {
                "name": "Chaos Asker",
                "email": "asker@example.org",
                "question": f"How do I survive a database restart? Marker {marker}",
                "search_query": "",
            },
        )
        journal.record("POST /faq/ask/", started, result)
        if result.status == 302:
            with journal.lock:
                journal.questions.append(marker)
        time.sleep(every)


def health_poller(port: int, journal: Journal, stop_at: float) -> None:
    visitor = Visitor(port, "10.6.0.1", timeout=5)
    while time.monotonic() < stop_at:
        result = visitor.get("/healthz")
        with journal.lock:
            journal.health.append((time.monotonic(), result.status))
        time.sleep(0.1)


def verify_writes(journal: Journal) -> dict:
    import django

    django.setup()
    from django.db.models import Count

    from faq.models import SubmittedQuestion
    from members.models import Profile
    from resources.models import DownloadEvent

    lost_edits = 0
    for email, acked in journal.profile_edits.items():
        headline = Profile.objects.get(user__email=email).headline
        stored = int(headline.rsplit("-", 1)[1]) if headline.startswith("chaos-") else 0
        # The row holds the last acknowledged edit, or a later one whose answer was lost.
        lost_edits += stored < max(acked)
    events = {
        (row["member__email"], row["resource__slug"]): row["n"]
        for row in DownloadEvent.objects.filter(member__email__startswith="bench-load-")
        .values("member__email", "resource__slug")
        .annotate(n=Count("id"))
    }
    lost_downloads = sum(1 for key in journal.downloads if events.get(key, 0) == 0)
    duplicated_downloads = sum(1 for n in events.values() if n > 1)
    lost_questions = duplicated_questions = 0
    for marker in journal.questions:
        found = SubmittedQuestion.objects.filter(question__endswith=f"Marker {marker}").count()
        lost_questions += found == 0
        duplicated_questions += found > 1
    return {
        "profile_edits_acked": sum(len(v) for v in journal.profile_edits.values()),
        "downloads_acked": len(journal.downloads),
        "questions_acked": len(journal.questions),
        "lost": lost_edits + lost_downloads + lost_questions,
        "duplicated": duplicated_downloads + duplicated_questions,
    }


def analyse(journal: Journal, marks: dict[str, float]) -> dict:
    down, up = marks["db_down"], marks["db_up"]
    failed = [e for e in journal.events if e.status not in {200, 302}]
    while_down = [e for e in failed if e.started < up]
    after_up = [e for e in failed if e.started >= up]
    answered_503 = [e for e in journal.events if e.status == 503]
    polls_after_down = [status for at, status in journal.health if at >= down]
    first_503 = next((n for n, s in enumerate(polls_after_down, 1) if s == 503), None)
    back = next((at for at, status in journal.health if at >= up and status == 200), None)
    around_reloads = [
        e for e in journal.events for hup in marks["reloads"] if hup - 1 <= e.started <= hup + 5
    ]
    return {
        "requests": len(journal.events),
        "failed_while_down": len(while_down),
        "failed_while_down_by_answer": dict(
            Counter(f"{e.route.split(' /')[0]} {e.status}" for e in while_down)
        ),
        "unfriendly_503_routes": sorted({e.route for e in answered_503 if not e.friendly}),
        "answers_500_at_s_after_crash": [
            round(e.started - down, 2) for e in journal.events if e.status == 500
        ],
        "failed_after_up": len(after_up),
        "failed_after_up_routes": sorted({f"{e.route} {e.status}" for e in after_up}),
        "answers_503": len(answered_503),
        "answers_503_friendly": sum(e.friendly for e in answered_503),
        "tracebacks": sum(e.traceback for e in journal.events),
        "healthz_polls_until_503": first_503,
        "healthz_200_after_up_s": round(back - up, 2) if back else None,
        "db_down_s": round(up - down, 2),
        "requests_around_reloads": len(around_reloads),
        "failed_around_reloads": sum(e.status not in {200, 302} for e in around_reloads),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8117, help="gunicorn")
    parser.add_argument("--pg-port", type=int, default=8116, help="the throwaway PostgreSQL")
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--down-seconds", type=float, default=4)
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--out", default=os.environ.get("BENCH_OUT", "docs/bench"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="[chaos] %(message)s", stream=sys.stdout)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    folder = Path("/tmp") / f"pmportal-chaos-{os.getpid()}"  # noqa: S108 - our own folder
    cluster = Cluster(folder, args.pg_port)
    os.environ["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:{args.pg_port}/pmportal_chaos"
    os.environ["MEDIA_ROOT"] = str(folder / "media")  # the demo's files, deleted with the rest
    benchlib.production_environment()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings"}
    server = None
    try:
        logger.info("throwaway PostgreSQL cluster in %s on 127.0.0.1:%d", folder, args.pg_port)
        cluster.create()
        benchlib.create_database(os.environ["DATABASE_URL"])
        site = prepare_site(args.writers)
        log = folder / "gunicorn.log"
        server = benchlib.start_server(benchlib.gunicorn_command(args.port), env, log)
        benchlib.wait_healthy(args.port)
        logger.info(
            "gunicorn pid %d on 127.0.0.1:%d; load for %.0f s", server.pid, args.port, args.seconds
        )

        journal = Journal()
        begin = time.monotonic()
        stop_at = begin + args.seconds
        threads = [
            threading.Thread(target=reader, args=(args.port, site, journal, stop_at, n))
            for n in range(args.readers)
        ]
        threads += [
            threading.Thread(target=writer, args=(args.port, site, journal, stop_at, n))
            for n in range(args.writers)
        ]
        threads.append(threading.Thread(target=asker, args=(args.port, journal, stop_at, 7)))
        threads.append(threading.Thread(target=health_poller, args=(args.port, journal, stop_at)))
        for thread in threads:
            thread.start()

        marks: dict = {"reloads": []}
        time.sleep(args.seconds * 0.2)
        logger.info("crashing PostgreSQL (pg_ctl stop -m immediate)")
        marks["db_down"] = time.monotonic()
        cluster.crash()
        time.sleep(args.down_seconds)
        logger.info("starting PostgreSQL again")
        cluster.start()
        marks["db_up"] = time.monotonic()
        for _ in range(2):
            time.sleep(args.seconds * 0.2)
            logger.info("reloading gunicorn (SIGHUP to %d)", server.pid)
            marks["reloads"].append(time.monotonic())
            server.send_signal(signal.SIGHUP)
        for thread in threads:
            thread.join()
        benchlib.stop(server)
        server = None
        report = {**analyse(journal, marks), **verify_writes(journal)}
    finally:
        if server is not None:
            benchlib.stop(server)
        cluster.destroy()

    checks = {
        "0 errors after PostgreSQL accepts connections again": report["failed_after_up"] == 0,
        "every 503 while down is the friendly page": report["answers_503"]
        == report["answers_503_friendly"],
        "no stack trace in any answer": report["tracebacks"] == 0,
        "/healthz 503 within one request of the outage": report["healthz_polls_until_503"] == 1,
        "/healthz 200 within 5 s after": report["healthz_200_after_up_s"] is not None
        and report["healthz_200_after_up_s"] <= 5,
        "0 failed requests around two gunicorn reloads": report["failed_around_reloads"] == 0,
        "0 acknowledged writes lost": report["lost"] == 0,
        "0 writes duplicated": report["duplicated"] == 0,
    }
    lines = [
        f"Chaos drill {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, `make chaos`: "
        f"{report['requests']:,} requests, PostgreSQL down {report['db_down_s']} s, "
        f"{report['failed_while_down']} failed while down ({report['answers_503']} friendly 503), "
        f"{report['failed_after_up']} after; /healthz 503 at poll "
        f"{report['healthz_polls_until_503']}, 200 again {report['healthz_200_after_up_s']} s "
        f"after; {report['requests_around_reloads']} requests around 2 reloads, "
        f"{report['failed_around_reloads']} failed; writes acknowledged: "
        f"{report['profile_edits_acked']} profile edits, {report['downloads_acked']} downloads, "
        f"{report['questions_acked']} questions; {report['lost']} lost, "
        f"{report['duplicated']} duplicated.",
        "",
        "| check | result |",
        "|---|---|",
        *(f"| {name} | {'pass' if ok else 'FAIL'} |" for name, ok in checks.items()),
    ]
    out = benchlib.ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "chaos.json").write_text(json.dumps({**report, "checks": checks}, indent=2) + "\n")
    (out / "chaos.md").write_text("\n".join(lines) + "\n")
    sys.stdout.write("\n" + "\n".join(lines) + "\n")
    if not all(checks.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
