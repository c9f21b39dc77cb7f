#!/usr/bin/env bash
# Start the task worker and the scheduler, then run the command given (the web server) in the
# foreground; when it stops (Ctrl-C, a crash, a signal), stop both. Without a command, run
# until they stop or until interrupted.
#   scripts/run_with_workers.sh .venv/bin/python manage.py runserver
set -uo pipefail

python="${PYTHON:-.venv/bin/python}"
"$python" manage.py db_worker & worker=$!
"$python" manage.py crontask --no-heartbeat & scheduler=$!
echo "[workers] task worker (pid $worker) and scheduler (pid $scheduler) started"

stop() {
    trap - EXIT INT TERM
    # With DEBUG on, the worker's code reloader runs the worker as its child: stop that too.
    pkill -TERM -P "$worker" 2>/dev/null
    kill -TERM "$worker" "$scheduler" 2>/dev/null
    wait "$worker" "$scheduler" 2>/dev/null
    echo "[workers] stopped"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ $# -gt 0 ]; then
    "$@"
else
    wait "$worker" "$scheduler"
fi
