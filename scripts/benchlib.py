"""What the benchmarks share: the environment of a production-like run and the preparation of a
benchmark database (500,000 members, the demo content, 5,000,000 synthetic events).

Every step of `prepare()` is skipped when already done, so the first run on a fresh machine
seeds the database (a few minutes) and later runs start in seconds.
"""

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/pmportal_bench_dashboard"
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "500000"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "5000000"))


def production_environment() -> None:
    """DEBUG off, locmem mail, plain HTTP on 127.0.0.1, the benchmark database by default."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", BENCH_DATABASE_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmportal.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-benchmark-only-secret")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("EMAIL_URL", "locmem:")
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("STATIC_ROOT", str(ROOT / "staticfiles"))


def bare_view(request):
    """The reference of in-process benchmarks: the same middleware, session and signed-in
    member as the page measured, and no work."""
    from django.http import HttpResponse

    return HttpResponse(f"signed in: {request.user.is_authenticated}")


def urlpatterns_with_bare_view(*extra) -> list:
    """The site's URLconf with `/bench/bare/` (and `extra` paths) in front; a benchmark module
    returns it from a module `__getattr__`, so that it is built after django.setup()."""
    from django.urls import path

    from pmportal.urls import urlpatterns

    return [path("bench/bare/", bare_view), *extra, *urlpatterns]


def create_database(url: str) -> None:
    """CREATE DATABASE for the URL's name unless it exists (run against its server's `postgres`)."""
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(*, members: int = MEMBERS, events: int = EVENTS) -> None:
    """Make DATABASE_URL a benchmark database: schema, static files, cache table, demo content,
    `members` synthetic members and `events` synthetic events (each step only when missing)."""
    create_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    from faq.models import SearchLog
    from members.models import Profile

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("createcachetable")
    call_command("load_demo")
    if members and not Profile.objects.filter(is_synthetic=True)[members - 1 : members].exists():
        call_command("seed_members", count=members)
    if events and SearchLog.objects.count() < events * 2 // 5:
        call_command("seed_events", count=events, force=True)


# HTTP client and server control shared by bench_load.py and chaos.py -----------------------


CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
BENCH_PASSWORD = "bench-load-password-1"  # noqa: S105 - a throwaway account on a bench database
BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) pmportal-bench"


@dataclass
class Result:
    status: int  # 0 when the connection failed
    seconds: float
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names


@dataclass
class Visitor:
    """One browser: its cookies and the address nginx would put in X-Forwarded-For."""

    port: int
    ip: str
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0
    signed_in: bool = False

    def request(self, method: str, path: str, data: dict | None = None, keep: bool = False):
        headers = {
            "User-Agent": BROWSER_AGENT,
            "X-Forwarded-For": self.ip,
            "Host": "127.0.0.1",
            # One request per connection, as gunicorn's sync workers serve behind nginx: without
            # it a worker waits for the client to close before it takes the next request.
            "Connection": "close",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = bytearray()
            while chunk := response.read(65536):
                if keep:
                    content += chunk
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            headers = {name.lower(): value for name, value in response.getheaders()}
            return Result(response.status, time.perf_counter() - started, bytes(content), headers)
        except (OSError, http.client.HTTPException):
            return Result(0, time.perf_counter() - started)
        finally:
            conn.close()

    def get(self, path: str, keep: bool = False) -> Result:
        return self.request("GET", path, keep=keep)

    def post_form(self, path: str, data: dict) -> Result:
        """GET the form for its CSRF token, then POST it; the POST's timing is returned."""
        page = self.get(path, keep=True)
        token = CSRF_INPUT.search(page.body)
        if page.status != 200 or not token:
            return page  # the form did not load: its answer is the outcome
        form = {"csrfmiddlewaretoken": token.group(1).decode(), **data}
        return self.request("POST", path, form, keep=True)

    def sign_in(self, email: str, password: str = BENCH_PASSWORD) -> Result:
        self.cookies.clear()
        result = self.post_form("/accounts/login/", {"login": email, "password": password})
        self.signed_in = result.status == 302
        return result


def bench_members(count: int) -> list[str]:
    """Verified members with a known password, created once (needs django.setup())."""
    from allauth.account.models import EmailAddress

    from members.models import User

    emails = [f"bench-load-{n}@example.org" for n in range(count)]
    for email in emails:
        user, created = User.objects.get_or_create(email=email)
        if created:
            user.set_password(BENCH_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return emails


def gunicorn_command(port: int, *extra: str) -> list[str]:
    """The production server (pmportal/gunicorn.conf.py) with the benchmark's bare view added."""
    return [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "pmportal.wsgi",
        "--config",
        str(ROOT / "pmportal" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--pythonpath",
        f"{ROOT},{ROOT / 'scripts'}",
        "--access-logfile",
        "/dev/null",
        *extra,
    ]


def start_server(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start a child in its own process group (stopped by PID in `stop`)."""
    with log.open("ab") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_healthy(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    visitor = Visitor(port, "127.0.0.1", timeout=5)
    while time.monotonic() < deadline:
        if visitor.get("/healthz").status == 200:
            return
        time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not become healthy in {seconds:.0f} s")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the child (gunicorn stops its workers gracefully), SIGKILL its group if it hangs."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
