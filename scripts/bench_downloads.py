"""Benchmark the gated download against a bare file server, side by side: `make bench-downloads`.

Target: a 50 MB members-only file streams at no less than 0.8x the throughput of serving it as
a static file, measured in the same run, while the server process grows by less than 10 MB.

Starts two gunicorn children on this machine: the real site (production settings, a temporary
MEDIA_ROOT holding one large file) and a reference WSGI app that sends the same file with
`wsgi.file_wrapper` and nothing else (what a static-file server costs). Each round downloads the
file a few times from both; the report is the median ratio of the download view's throughput to
the reference's, and how much the site's worker grew in memory. Uses the database in DATABASE_URL
(or .env), where it adds one temporary resource and removes it afterwards.
"""

import argparse
import os
import secrets
import socket
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import benchlib  # noqa: E402

REFERENCE_APP = """
import os
PATH = os.environ["BENCH_FILE"]
def application(environ, start_response):
    handle = open(PATH, "rb")
    start_response("200 OK", [("Content-Type", "application/octet-stream"),
                              ("Content-Length", str(os.path.getsize(PATH)))])
    return environ["wsgi.file_wrapper"](handle, 65536)
"""
CHUNK = 1024 * 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310  # nosec B310  (own child, http)
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def fetch(url: str) -> int:
    request = urllib.request.Request(url, headers={"User-Agent": "Mozilla/5.0 bench"})  # noqa: S310
    total = 0
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310  # nosec B310  (own child)
        while chunk := response.read(CHUNK):
            total += len(chunk)
    return total


def worker_memory_kb(master_pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of the gunicorn worker under `master_pid`."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    status = Path(f"/proc/{children[0]}/status").read_text().splitlines()
    values = {line.split(":")[0]: int(line.split()[1]) for line in status if line.startswith("Vm")}
    return {"rss": values["VmRSS"], "peak": values["VmHWM"]}


def bench(size_mb: int, rounds: int, requests: int) -> tuple[list[float], dict, dict]:
    """Throughput ratios per round, and the site worker's memory before and after."""
    from resources.models import Resource

    with tempfile.TemporaryDirectory(prefix="bench-downloads-") as folder:
        media = Path(folder) / "media"
        name = f"files/{uuid.uuid4().hex}/podcast.wav"
        path = media / "resources" / name
        path.parent.mkdir(parents=True)
        with path.open("wb") as handle:
            for _ in range(size_mb):
                handle.write(os.urandom(CHUNK))
        (Path(folder) / "bench_reference.py").write_text(REFERENCE_APP)
        slug = f"bench-{uuid.uuid4().hex[:8]}"
        resource = Resource.objects.create(
            slug=slug,
            kind="podcast",
            title="Benchmark file",
            summary="Temporary: made and removed by scripts/bench_downloads.py.",
            access="public",
            status="published",
            file=name,
            content_type="audio/wav",
            file_size=size_mb * CHUNK,
        )
        children = []
        try:
            site_port, reference_port = free_port(), free_port()
            env = {
                **os.environ,
                "DJANGO_DEBUG": "0",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DJANGO_SECURE_SSL_REDIRECT": "0",
                "EMAIL_URL": "console:",
                "MEDIA_ROOT": str(media),
                "RESOURCES_DOWNLOAD_MODE": "stream",
                "BENCH_FILE": str(path),
                "PYTHONPATH": os.pathsep.join([folder, str(ROOT)]),
            }
            gunicorn = [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                "1",
                "--access-logfile",
                "/dev/null",
            ]
            log = Path(folder) / "gunicorn.log"
            for app, port in (
                ("pmportal.wsgi", site_port),
                ("bench_reference:application", reference_port),
            ):
                command = [*gunicorn, "-b", f"127.0.0.1:{port}", app]
                children.append(benchlib.start_server(command, env, log))
            site = f"http://127.0.0.1:{site_port}/resources/{slug}/download/"
            reference = f"http://127.0.0.1:{reference_port}/"
            wait_until_up(site)
            wait_until_up(reference)
            before = worker_memory_kb(children[0].pid)
            ratios = []
            print(f"{size_mb} MB file, {requests} downloads per endpoint per round")
            print(f"{'round':>5}  {'download MB/s':>14}  {'reference MB/s':>14}  {'ratio':>6}")
            for number in range(1, rounds + 1):
                speeds = []
                for url in (site, reference):
                    start = time.perf_counter()
                    for _ in range(requests):
                        if fetch(url) != size_mb * CHUNK:
                            raise SystemExit(f"{url} sent a short body")
                    speeds.append(size_mb * requests / (time.perf_counter() - start))
                ratios.append(speeds[0] / speeds[1])
                print(f"{number:>5}  {speeds[0]:>14.0f}  {speeds[1]:>14.0f}  {ratios[-1]:>6.2f}")
            after = worker_memory_kb(children[0].pid)
        finally:
            for child in children:
                benchlib.stop(child)
            Resource.objects.filter(pk=resource.pk).delete()
    return ratios, before, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=5, help="downloads per endpoint")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmportal.settings")
    import django

    django.setup()
    ratios, before, after = bench(options.size_mb, options.rounds, options.requests)
    growth = (after["peak"] - before["rss"]) / 1024
    median = statistics.median(ratios)
    print(f"median ratio download/reference: {median:.2f} (target >= 0.80)")
    print(
        f"site worker memory: {before['rss'] / 1024:.1f} MB before, peak "
        f"{after['peak'] / 1024:.1f} MB, growth {growth:.1f} MB (target < 10)"
    )
    met = median >= 0.8 and growth < 10
    print("targets met" if met else "targets NOT met")


if __name__ == "__main__":
    main()
