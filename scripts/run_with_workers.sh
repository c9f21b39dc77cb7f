#!/usr/bin/env bash
# Start the task worker and the scheduler, then run the command given (the web server) in the
# foreground; when it stops (Ctrl-C, a crash, a signal), stop both. Without a command, run
# until the worker or the scheduler stops, or until interrupted.
#   scripts/run_with_workers.sh .venv/bin/python manage.py runserver
set -uo pipefail

python="${PYTHON:-.venv/bin/python}"
# Each in a session of its own, so stopping it stops its children too (the worker's code
# reloader runs the worker in a child process), and Ctrl-C reaches them only through us.
setsid "$python" manage.py db_worker & worker=$!
setsid "$python" manage.py crontask --no-heartbeat & scheduler=$!
echo "[workers] task worker (pid $worker) and scheduler (pid $scheduler) started"

stop() {
    trap - EXIT INT TERM
    kill -TERM -- "-$worker" "-$scheduler" 2>/dev/null
    wait "$worker" "$scheduler" 2>/dev/null
    echo "[workers] stopped"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ $# -gt 0 ]; then
    "$@"
else
    wait -n "$worker" "$scheduler"
fi
