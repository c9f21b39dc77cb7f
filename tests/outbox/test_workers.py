"""The worker and the scheduler run beside the web server (`make run`, `make serve`) and stop
with it; the scheduler enqueues the periodic tasks, the worker runs them."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from crontask import scheduler
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.tasks import forget_old_mail, requeue_lost_mail
from pmportal.tasks import prune_task_results
from tests.outbox.conftest import run_worker, worker_env

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_scheduler_holds_every_periodic_task():
    schedules = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "minute='*/10'" in schedules["requeue_lost_mail"]
    assert "hour='3', minute='40'" in schedules["forget_old_mail"]
    assert "hour='3', minute='20'" in schedules["prune_task_results"]


def test_what_the_scheduler_enqueues_the_worker_runs(database_queue):
    finished_long_ago = requeue_lost_mail.enqueue()
    run_worker(smtp_port=1)
    DBTaskResult.objects.filter(pk=finished_long_ago.id).update(
        finished_at=timezone.now() - timedelta(days=30)
    )
    # What each schedule's job does when its time comes: enqueue its task.
    for job in scheduler.get_jobs():
        if job.name in {"requeue_lost_mail", "forget_old_mail", "prune_task_results"}:
            job.func()
    run_worker(smtp_port=1)
    results = DBTaskResult.objects.all()
    assert {r.task_path for r in results} == {
        "outbox.tasks.requeue_lost_mail",
        "outbox.tasks.forget_old_mail",
        "pmportal.tasks.prune_task_results",
    }
    assert {r.status for r in results} == {TaskResultStatus.SUCCESSFUL}
    # The month-old finished row was pruned; this run's stay for the admin.
    assert not results.filter(pk=finished_long_ago.id).exists()
    assert (forget_old_mail.name, prune_task_results.name) == (
        "forget_old_mail",
        "prune_task_results",
    )


def alive(session: int) -> list[str]:
    """Command lines of the live processes in `session`: the script, its server, the worker
    (with DEBUG on also the child its code reloader runs), the scheduler."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(command)
    return found


def wait_for(condition, script: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline and script.poll() is None, log.read_text()
        time.sleep(0.2)


@pytest.mark.parametrize(
    ("how", "debug"), [("ctrl-c", "1"), ("ctrl-c", "0"), ("server exits", "0")]
)
def test_the_worker_and_scheduler_stop_with_the_server(database_queue, tmp_path, how, debug):
    """`make run` (debug: the worker reloads on code changes) and `make serve`."""
    queued = requeue_lost_mail.enqueue()
    log = tmp_path / "run.log"
    server = ["sh", "-c", "read line"]  # a server that stops when its input closes
    with log.open("wb") as out:
        script = subprocess.Popen(
            [str(ROOT / "scripts" / "run_with_workers.sh"), *server],
            cwd=ROOT,
            env=worker_env(1, PYTHON=sys.executable, DJANGO_DEBUG=debug),
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # like a terminal's foreground job: Ctrl-C reaches them all
        )
    try:

        def ready() -> bool:
            queued.refresh()
            return "Starting scheduler" in log.read_text() and queued.status == "SUCCESSFUL"

        wait_for(ready, script, log)
        workers = [c for c in alive(script.pid) if "db_worker" in c]
        assert len(workers) == (2 if debug == "1" else 1), workers
        if how == "ctrl-c":
            os.killpg(script.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
        else:
            script.stdin.close()
        script.wait(timeout=60)
        deadline = time.monotonic() + 10
        while alive(script.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert alive(script.pid) == [], log.read_text()
        assert "[workers] stopped" in log.read_text()
    finally:
        script.stdin.close()
        if script.poll() is None:
            os.killpg(script.pid, signal.SIGKILL)
            script.wait()
